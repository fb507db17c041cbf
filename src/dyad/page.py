"""From a web page to its article text and what the page says about the article.

trafilatura finds the main text. Its settings were measured on the article-extraction benchmark
(bench/extraction.py, ../shared/data/extraction/aeb_dev): `favor_precision` with comments left
out and tables kept scores best (F1 0.975 against 0.962 for its defaults); dyad.clean's repair
then takes out the furniture trafilatura leaves. When the precise pass finds nothing, a
recall-oriented pass is tried before giving up.

Alongside the text: title, authors, site name and canonical URL (page metadata), photo captions
(kept apart from the body, never coded as article text), and the publication date: the date in
the article's own URL when it has a full one (news sites put the publication day there, and it
cannot be a caption's or a sidebar's date), else the page's declared date (htmldate, which reads
the page's metadata, original publication rather than last update).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dyad.errors import EmptyInput, MalformedInput

# trafilatura's settings, as measured (see the module docstring).
# htmldate reads the page's markup only (meta tags, structured data, <time>), not its free
# text: its text search takes dates from photo captions and sidebars.
DATE_SEARCH: dict[str, Any] = {"extensive_search": False, "original_date": True}
EXTRACTION: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "with_metadata": True,
}
FALLBACK: dict[str, Any] = {"favor_recall": True, "include_comments": False, "with_metadata": True}

# A full date in a URL path: /2019/11/18/, /2019-11-19/, /2019/nov/18/.
URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)[/-](?P<month>\d{1,2}|[a-z]{3})[/-](?P<day>\d{1,2})(?=[/\-_.]|$)",
    re.I,
)
URL_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# Elements that hold a photo caption or credit.
CAPTION_CLASS = re.compile(r"(?:^|[\s_-])(?:caption|credit)s?(?:$|[\s_-])|figcaption", re.I)
# How far up from a caption-classed block its picture may be (wrappers of wrappers).
PICTURE_LEVELS = 3
MIN_CAPTION_CHARS = 10
MAX_CAPTION_CHARS = 400
BYLINE_CLASS = re.compile(r"byline|author|(?:^|[\s_-])(?:post|entry)?-?meta(?:$|[\s_-])", re.I)
MAX_BYLINE_CHARS = 120
MAX_BYLINES = 10
# The separator row trafilatura writes under a table's header ("|---|---|").
TABLE_RULE = re.compile(r"\|(?:\s*-{3,}\s*\|)+")


@dataclass(slots=True)
class Page:
    """What dyad takes from a web page."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    site_name: str | None = None
    captions: list[str] = field(default_factory=list)
    # Short texts of byline-like blocks ("Posted by Anna Berg, Staff Writer"), for dyad.clean
    # to read authors from when the page's metadata names none.
    bylines: list[str] = field(default_factory=list)


def extract_page(html: str, url: str | None = None, *, source: str = "the page") -> Page:
    """The article of an HTML page: text (one block a line) and metadata.

    Raises MalformedInput when the HTML cannot be parsed, EmptyInput when it holds no article.
    """
    # Imported here: trafilatura pulls in lxml and its date tools, which plain text never needs.
    import trafilatura

    try:
        tree = trafilatura.load_html(html)
        if tree is None:
            raise EmptyInput(
                f"{source}: the HTML holds no document to read; check that it is a web page"
            )
        captions = find_captions(tree)
        bylines = find_bylines(tree)
        # A date after today is a mistake (or a scheduled event), never the publication date.
        dates = DATE_SEARCH | {"max_date": date.today().isoformat()}
        extracted = trafilatura.bare_extraction(
            tree, url=url, date_extraction_params=dates, **EXTRACTION
        )
        if extracted is None or not (_field(extracted, "text") or "").strip():
            extracted = trafilatura.bare_extraction(
                html, url=url, date_extraction_params=dates, **FALLBACK
            )
    except EmptyInput:
        raise
    except Exception as exc:
        # Any failure inside the third-party extractor (lxml errors, recursion on deeply nested
        # markup, ...) makes this one input unusable; the batch goes on.
        raise MalformedInput(
            f"{source}: the HTML could not be parsed for its article text "
            f"({type(exc).__name__}: {str(exc)[:120]}); check that the file is a complete web page"
        ) from exc
    text = (_field(extracted, "text") or "") if extracted is not None else ""
    if not text.strip():
        raise EmptyInput(
            f"{source}: no article text was found in the HTML (the page may be an index, "
            "a paywall or built by JavaScript); give dyad the article text instead"
        )
    canonical = _field(extracted, "url")
    author = _field(extracted, "author")
    return Page(
        text=_body_lines(text, captions),
        title=_field(extracted, "title"),
        authors=[name.strip() for name in author.split(";") if name.strip()] if author else [],
        published=url_date(url) or url_date(canonical) or _field(extracted, "date"),
        url=canonical or url,
        site_name=_field(extracted, "sitename"),
        captions=captions,
        bylines=bylines,
    )


def url_date(url: str | None) -> str | None:
    """The publication date written in a URL's path (YYYY/MM/DD and the like), as YYYY-MM-DD."""
    if not url:
        return None
    match = URL_DATE.search(url)
    if match is None:
        return None
    month_text = match.group("month").lower()
    month = int(month_text) if month_text.isdigit() else URL_MONTHS.get(month_text)
    if month is None:
        return None
    try:
        return date(int(match.group("year")), month, int(match.group("day"))).isoformat()
    except ValueError:
        return None


def find_captions(tree: Any) -> list[str]:
    """Photo captions and credits in the page: <figcaption>, and caption/credit-classed blocks
    that sit with a picture (the same classes name video players and menus elsewhere)."""
    found: list[str] = []
    # iter() walks without recursion, so a deeply nested page cannot exhaust the stack here.
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag != "figcaption" and not (
            CAPTION_CLASS.search(element.get("class") or "") and _near_picture(element)
        ):
            continue
        text = " ".join("".join(element.itertext()).split())
        if MIN_CAPTION_CHARS <= len(text) <= MAX_CAPTION_CHARS and text not in found:
            found.append(text)
    # A caption block inside another caption block gives the same text twice; keep the longest.
    return [text for text in found if not any(text != other and text in other for other in found)]


def find_bylines(tree: Any) -> list[str]:
    """Texts of short blocks whose class says byline, author or post meta."""
    found: list[str] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or not BYLINE_CLASS.search(element.get("class") or ""):
            continue
        text = " ".join("".join(element.itertext()).split())
        if 0 < len(text) <= MAX_BYLINE_CHARS and text not in found:
            found.append(text)
    return found[:MAX_BYLINES]


def _near_picture(element: Any) -> bool:
    """True when a <figure>, <img> or <picture> is within a few levels around the element."""
    current = element
    for _ in range(PICTURE_LEVELS):
        current = current.getparent()
        if current is None:
            return False
        if current.tag == "figure" or next(current.iter("img", "picture"), None) is not None:
            return True
    return False


def _body_lines(text: str, captions: list[str]) -> str:
    """trafilatura's lines without table rules and without caption lines that slipped through."""
    caption_set = {" ".join(caption.split()) for caption in captions}
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if TABLE_RULE.fullmatch(stripped) or " ".join(stripped.split()) in caption_set:
            continue
        if stripped.startswith("|") and stripped.endswith("|"):
            # A table row: its cells, apart. Not " | ", which is how navigation crumbs look.
            stripped = "; ".join(cell.strip() for cell in stripped.strip("|").split("|"))
        lines.append(stripped)
    return "\n".join(lines)


def _field(extracted: Any, name: str) -> str | None:
    """A string field of trafilatura's result (a Document object or, in older versions, a dict)."""
    value = extracted.get(name) if isinstance(extracted, dict) else getattr(extracted, name, None)
    return value if isinstance(value, str) and value.strip() else None
