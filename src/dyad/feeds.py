"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: their entries, one at a time.

A feed is parsed as a stream (defusedxml's iterparse, so entity expansion and external entities
cannot be used against dyad) and each entry is dropped once it has been handed on, so a feed of
any length takes the memory of one entry. An entry carries its link, title, publication date,
summary and, when the feed ships it, the full article (`content:encoded`, Atom `content`, or a
long description). The read stage codes the full text when there is one and fetches the link
when there is not.

Broken XML ends the feed with one MalformedInput that says where it broke and how many entries
were read before it.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from typing import Protocol
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from dyad.errors import EmptyInput, MalformedInput

FEED_SUFFIXES = (".rss", ".atom", ".xml")
FEED_MEDIA_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
    }
)
ATOM = "http://www.w3.org/2005/Atom"
# A summary this long (in words) is the article itself, not a teaser; shorter text means
# the entry's link has to be fetched for the article.
FULL_CONTENT_WORDS = 120
# Tags after which a block of text ends, when turning feed HTML into plain text.
BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header footer "
    "figure figcaption pre hr dd dt".split()
)
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "iframe", "object", "svg", "figcaption"})
FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|RDF)\b")


class ByteStream(Protocol):
    """What the feed parser reads from: a file, a gzip stream, a fetched body."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(slots=True)
class FeedItem:
    """One entry of a feed, as the feed describes it."""

    link: str | None
    title: str | None = None
    published: str | None = None
    summary: str | None = None
    # The article's text when the feed carries it whole (plain text, paragraphs split by
    # blank lines), else None.
    full_text: str | None = None
    guid: str | None = None


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of a document are an RSS, RDF or Atom feed's opening."""
    start = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b"<"):
        return False
    # Skip the XML declaration, comments, processing instructions and a DOCTYPE.
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", start, flags=re.S).lstrip()
    return FEED_ROOT.match(body) is not None


def iter_feed(stream: ByteStream, *, base_url: str | None = None) -> Iterator[FeedItem]:
    """Yield the entries of the feed in `stream`, in feed order.

    Relative links are resolved against `base_url` (the feed's own URL). Raises MalformedInput
    when the document is not a feed or its XML breaks (after the entries before the break),
    EmptyInput when the feed has no entries.
    """
    count = 0
    kind: str | None = None
    # The open elements, outermost first, so a finished entry can be detached from its parent.
    open_elements: list[Element] = []
    try:
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                if not open_elements:
                    kind = _feed_kind(element)
                open_elements.append(element)
                continue
            open_elements.pop()
            if _local(element.tag) in ("item", "entry"):
                count += 1
                yield _item(element, kind or "rss", base_url)
                # Drop the finished entry so memory stays flat however long the feed is.
                if open_elements:
                    open_elements[-1].remove(element)
                element.clear()
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise MalformedInput(
            f"the feed's XML is broken at line {line}, column {column} ({_parse_reason(exc)}); "
            f"{_entries(count)} before it read. Check the feed in a "
            "validator (e.g. https://validator.w3.org/feed/) or ask its publisher to fix it"
        ) from exc
    except DefusedXmlException as exc:
        raise MalformedInput(
            f"the feed uses XML entity or DTD tricks ({type(exc).__name__}) that dyad refuses to "
            "expand, because they can exhaust memory; it is not an ordinary RSS or Atom feed"
        ) from exc
    if count == 0:
        raise EmptyInput("the feed has no entries (no <item> or <entry>); there is nothing to read")


def _entries(count: int) -> str:
    return f"{count} entry was" if count == 1 else f"{count} entries were"


def _feed_kind(root: Element) -> str:
    name = _local(root.tag)
    if name == "feed":
        return "atom"
    if name in ("rss", "RDF"):
        return "rss"
    raise MalformedInput(
        f"the XML document is <{name}>, not an RSS or Atom feed (<rss>, <rdf:RDF> or <feed>); "
        "dyad reads .rss/.atom/.xml files that are feeds"
    )


def _parse_reason(exc: ParseError) -> str:
    return str(exc).split(":")[0] or "not well-formed"


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: Element, *names: str) -> str | None:
    for name in names:
        for child in _children(element, name):
            value = "".join(child.itertext()).strip()
            if value:
                return value
    return None


def _item(element: Element, kind: str, base_url: str | None) -> FeedItem:
    link = _atom_link(element) if kind == "atom" else _text(element, "link")
    guid = _text(element, "guid", "id")
    if link is None and guid and guid.startswith(("http://", "https://")):
        # RSS: a permalink guid is the item's address when <link> is missing.
        link = guid
    if link is not None and base_url:
        link = urljoin(base_url, link)
    title = _text(element, "title")
    published = _date(_text(element, "pubDate", "published", "date", "issued", "updated"))
    summary_html = _text(element, "description", "summary")
    summary = fragment_text(summary_html) if summary_html else None
    content_html = _content(element)
    content = fragment_text(content_html) if content_html else None
    full_text = next(
        (text for text in (content, summary) if text and len(text.split()) >= FULL_CONTENT_WORDS),
        None,
    )
    return FeedItem(
        link=link,
        title=fragment_text(title) if title else None,
        published=published,
        summary=summary,
        full_text=full_text,
        guid=guid,
    )


def _atom_link(entry: Element) -> str | None:
    links = _children(entry, "link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link.get("href")).strip()
    return None


def _content(element: Element) -> str | None:
    for child in element:
        name = _local(child.tag)
        if name == "encoded" or (name == "content" and child.tag.startswith(f"{{{ATOM}}}")):
            if child.get("type") == "xhtml":
                # Atom XHTML content is markup inside a <div>, not escaped text.
                return "".join(tostring(part, encoding="unicode") for part in child)
            value = (child.text or "").strip()
            if value:
                return value
    return None


def _date(value: str | None) -> str | None:
    """A feed date (RFC 822 in RSS, ISO 8601 in Atom/Dublin Core) as YYYY-MM-DD, as written."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


# ---------------------------------------------------------------------------------------------
# Feed HTML to text


class _TextCollector(HTMLParser):
    """Text of an HTML fragment: blocks become paragraphs, scripts and captions are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (or of plain text): paragraphs separated by blank lines."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = "".join(collector.parts)
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
