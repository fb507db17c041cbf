"""RSS/Atom feeds: parsed as a stream, entries read from the feed or fetched from 127.0.0.1."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyad.errors import EmptyInput, MalformedInput
from dyad.feeds import FeedItem, fragment_text, iter_feed, looks_like_feed
from dyad.fetch import FetchSettings
from dyad.read import iter_inputs
from dyad.records import RawDocument, Rejection
from http_fixtures import LocalServer, Route, serving

FAST = FetchSettings(timeout=0.5, total_timeout=2.0, retries=1, backoff=0.01, delay=0.0)
LONG_BODY = " ".join(["The ministers met in Geneva on Monday and agreed to talk again."] * 12)
PAGE = (
    "<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
    "<p>The two governments resumed talks on Monday after a pause of three months, officials "
    "said. The talks were held in Geneva and lasted six hours.</p>"
    "<p>The next round is planned for April in Vienna, the foreign ministry said.</p>"
    "</article></body></html>"
)


def rss(items: str, extra_ns: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"{extra_ns}>'
        f"<channel><title>Example News</title><link>https://news.example.org/</link>{items}"
        "</channel></rss>"
    ).encode()


def items_of(data: bytes, base_url: str | None = None) -> list[FeedItem]:
    return list(iter_feed(io.BytesIO(data), base_url=base_url))


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serving() as running:
        yield running


def read(inputs: list[str]) -> tuple[list[RawDocument], list[Rejection]]:
    documents: list[RawDocument] = []
    rejections: list[Rejection] = []
    for item in iter_inputs(inputs, fetch_settings=FAST):
        (rejections if isinstance(item, Rejection) else documents).append(item)  # type: ignore[arg-type]
    return documents, rejections


# ---------------------------------------------------------------------------------------------
# Parsing


def test_rss_items() -> None:
    feed = rss(
        "<item><title>Talks &amp; trade</title><link>/world/talks</link>"
        "<pubDate>Tue, 19 Nov 2019 23:10:00 -0500</pubDate>"
        "<description>&lt;p&gt;Ministers &lt;b&gt;met&lt;/b&gt; again.&lt;/p&gt;</description>"
        "<guid isPermaLink='false'>id-1</guid></item>"
        "<item><title>Second</title><guid>https://news.example.org/second</guid>"
        f"<content:encoded><![CDATA[<p>{LONG_BODY}</p><p>Last paragraph.</p>]]></content:encoded>"
        "</item>"
    )
    first, second = items_of(feed, base_url="https://news.example.org/feed.xml")
    assert first.link == "https://news.example.org/world/talks"
    assert first.title == "Talks & trade"
    # The date as the feed writes it (its own time zone), not shifted to UTC.
    assert first.published == "2019-11-19"
    assert first.summary == "Ministers met again."
    assert first.full_text is None  # a teaser: the link must be fetched
    assert first.guid == "id-1"
    # A permalink guid stands in for a missing <link>; content:encoded is the full article.
    assert second.link == "https://news.example.org/second"
    assert second.full_text == f"{LONG_BODY}\n\nLast paragraph."


def test_atom_entries() -> None:
    feed = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        b"<title>Example</title>"
        b'<entry><title type="html">A &lt;em&gt;headline&lt;/em&gt;</title>'
        b'<link rel="self" href="https://x.org/self"/>'
        b'<link rel="alternate" href="https://x.org/a"/>'
        b"<published>2024-03-05T10:00:00+01:00</published><updated>2024-03-06T00:00:00Z</updated>"
        b"<summary>Short.</summary></entry>"
        b'<entry><title>B</title><link href="https://x.org/b"/>'
        b"<updated>2024-03-07T08:00:00Z</updated>"
        b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>'
        + LONG_BODY.encode()
        + b"</p></div></content></entry></feed>"
    )
    first, second = items_of(feed)
    assert (first.link, first.title, first.published) == (
        "https://x.org/a",
        "A headline",
        "2024-03-05",
    )
    assert first.full_text is None
    assert (second.link, second.published) == ("https://x.org/b", "2024-03-07")
    assert second.full_text == LONG_BODY


def test_rss_1_rdf() -> None:
    feed = (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b'<channel rdf:about="https://x.org/"><title>X</title></channel>'
        b'<item rdf:about="https://x.org/1"><title>One</title><link>https://x.org/1</link>'
        b"<dc:date>2023-03-16T09:00:00Z</dc:date></item></rdf:RDF>"
    )
    (item,) = items_of(feed)
    assert (item.link, item.title, item.published) == ("https://x.org/1", "One", "2023-03-16")


def test_broken_xml_after_entries() -> None:
    feed = rss("<item><title>One</title><link>https://x.org/1</link></item>")
    broken = feed[: feed.index(b"</channel>")] + b"<item><title>Two</title><link>https://x"
    parsed: list[FeedItem] = []
    with pytest.raises(MalformedInput, match=r"broken at line \d+.*1 entry was before it read"):
        for item in iter_feed(io.BytesIO(broken)):
            parsed.append(item)
    assert [item.title for item in parsed] == ["One"]


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"<html><body>Not a feed</body></html>", MalformedInput, "not an RSS or Atom feed"),
        (rss(""), EmptyInput, "no entries"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<rss><channel><item><title>&b;</title></item></channel></rss>",
            MalformedInput,
            "refuses to expand",
        ),
        (b"this is not xml at all", MalformedInput, "broken at line 1"),
    ],
    ids=["html", "no-entries", "entity-expansion", "not-xml"],
)
def test_what_is_not_a_usable_feed(data: bytes, error: type[Exception], reason: str) -> None:
    with pytest.raises(error, match=reason):
        items_of(data)


def test_looks_like_feed() -> None:
    assert looks_like_feed(rss(""))
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><feed xmlns="x">')
    assert looks_like_feed(b"<rdf:RDF xmlns:rdf='x'>")
    assert not looks_like_feed(b"<!DOCTYPE html><html><body>")
    assert not looks_like_feed(b"%PDF-1.4")


def test_fragment_text() -> None:
    html = (
        "<p>First <b>para</b>.</p><script>var x = 1;</script>"
        "<figure><img src='a.jpg'><figcaption>A caption.</figcaption></figure>"
        "<ul><li>One</li><li>Two &amp; three</li></ul>Tail"
    )
    assert fragment_text(html) == "First para.\n\nOne\n\nTwo & three\n\nTail"
    assert fragment_text("plain   text") == "plain text"


def test_a_long_feed_streams_in_flat_memory(tmp_path: Path) -> None:
    item = (
        "<item><title>Story {n}</title><link>https://x.org/{n}</link>"
        "<description>" + "x" * 10_000 + "</description></item>"
    )
    path = tmp_path / "long.rss"
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>')
        for n in range(400):
            out.write(item.format(n=n))
        out.write("</channel></rss>")
    assert path.stat().st_size > 4_000_000
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            count = sum(1 for _ in iter_feed(stream))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 400
    assert peak < 1_000_000  # a fraction of the 4 MB feed: entries are dropped once read


# ---------------------------------------------------------------------------------------------
# Feeds as inputs


def test_feed_file_entries_read_or_fetched(server: LocalServer, tmp_path: Path) -> None:
    server.page("/a", PAGE)
    server.add("/down", status=500)
    feed = rss(
        f"<item><title>From the feed</title><link>{server.url('/full')}</link>"
        f"<pubDate>Mon, 04 Mar 2024 08:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{LONG_BODY}</p>]]></content:encoded></item>"
        f"<item><title>Talks resume</title><link>{server.url('/a')}</link>"
        f"<pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate><description>Teaser</description></item>"
        f"<item><title>Down</title><link>{server.url('/down')}</link></item>"
        "<item><title>Nowhere</title><description>No link, no text</description></item>"
    )
    path = tmp_path / "news.rss"
    path.write_bytes(feed)
    documents, rejections = read([str(path)])
    assert [d.source_id for d in documents] == [server.url("/full"), server.url("/a")]
    full, fetched = documents
    assert (full.text, full.html, full.title, full.published) == (
        LONG_BODY,
        None,
        "From the feed",
        "2024-03-04",
    )
    assert fetched.html is not None and "resumed talks" in fetched.html
    assert (fetched.url, fetched.title, fetched.published) == (
        server.url("/a"),
        "Talks resume",
        "2024-03-05",
    )
    assert "/full" not in server.paths()  # read from the feed, not fetched
    assert [r.input for r in rejections] == [server.url("/down"), f"{path}#4"]
    assert "HTTP 500" in rejections[0].reason
    assert "neither a link nor its article text" in rejections[1].reason


def test_feed_url_and_broken_feed(server: LocalServer, tmp_path: Path) -> None:
    server.page("/a", PAGE)
    feed_url = server.add(
        "/feed",
        Route(
            body=rss("<item><title>A</title><link>/a</link></item>"),
            content_type="application/rss+xml",
        ),
    )
    broken = tmp_path / "broken.xml"
    whole = rss(f"<item><title>A</title><link>{server.url('/a')}</link></item>")
    broken.write_bytes(whole[: -len("</channel></rss>")])
    documents, rejections = read([feed_url, str(broken)])
    # The feed URL's relative link is resolved against the feed; the broken file's entry
    # before the break is read (the same page, already fetched: one line says so).
    assert [d.source_id for d in documents] == [server.url("/a")]
    assert [r.input for r in rejections] == [server.url("/a"), str(broken)]
    assert "already read" in rejections[0].reason
    assert "XML is broken" in rejections[1].reason
    assert server.paths().count("/a") == 1
