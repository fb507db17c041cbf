"""The read stage: turn INPUT paths (files, folders, `-`) into RawDocuments, one at a time.

Every input that cannot be used becomes a Rejection with a reason a person can act on, and the
stream goes on. Readers raise the InputError subclasses from errors.py; `iter_inputs` is the one
place that turns them into Rejections.

Web inputs: an http(s) URL given as INPUT, every line of a `.urls` file, and the entries of an
RSS/Atom feed (a `.rss`/`.atom`/`.xml` file or a feed URL) are fetched with dyad.fetch, politely
and under the same size cap; a feed entry that carries its full article is read from the feed.

Memory: folders are walked lazily, JSONL, WARC, feed and URL-list files are read one record at a
time; only a single .txt/.html file or fetched page is held whole (and only up to `max_bytes`).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, TextIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dyad.decode import (
    SNIFF_BYTES,
    Readable,
    StrictGzip,
    check_not_binary,
    decode_html,
    decode_text,
    human_size,
    read_whole_file,
)
from dyad.errors import (
    EmptyInput,
    EncodingError,
    InputError,
    MalformedInput,
    MissingInput,
    OversizedInput,
    TruncatedInput,
    UnsupportedInput,
)
from dyad.feeds import (
    FEED_MEDIA_TYPES,
    FEED_SUFFIXES,
    ByteStream,
    FeedItem,
    iter_feed,
    looks_like_feed,
)
from dyad.fetch import Fetched, Fetcher, FetchSettings, check_url
from dyad.records import RawDocument, Rejection

MAX_INPUT_BYTES = 20 * 1024 * 1024

TEXT_SUFFIXES = (".txt", ".txt.gz")
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
URL_LIST_SUFFIXES = (".urls",)
FILE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES
READABLE_SUFFIXES = FILE_SUFFIXES + FEED_SUFFIXES + URL_LIST_SUFFIXES
URL_PREFIXES = ("http://", "https://")
# How many fetched URLs a run remembers, so a page listed twice (or in two feeds) is fetched once.
SEEN_URLS = 200_000

# JSONL fields that must be strings when present (`id` may also be a number).
OPTIONAL_TEXT_FIELDS = ("title", "published", "url", "lang")

HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")


class DuplicateUrl(InputError):
    """A URL already read earlier in the same run."""


@dataclass(slots=True)
class BadRecord:
    """One unusable record inside a file that is otherwise read on (a JSONL line, a WARC record)."""

    input: str
    error: InputError


def iter_inputs(
    inputs: Sequence[str],
    *,
    stdin: TextIO | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
    fetch_settings: FetchSettings | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[RawDocument | Rejection]:
    """Yield a RawDocument for every usable article in `inputs` and a Rejection for the rest.

    `inputs` are files or folders (walked recursively in sorted order, hidden entries skipped),
    http(s) URLs (a page or a feed), or `-` to read JSONL from `stdin` (default: sys.stdin).
    `max_bytes` caps a single file, JSONL line, WARC record and fetched page. URLs are fetched
    with `fetcher`, else with a Fetcher made on first need from `fetch_settings` and closed at
    the end.
    """
    web = _Web(fetch_settings, fetcher, max_bytes)
    try:
        for item in inputs:
            for label, source in _sources(item):
                try:
                    for found in _read_source(label, source, stdin, max_bytes, web):
                        if isinstance(found, BadRecord):
                            yield _rejection(found.input, found.error)
                        else:
                            yield found
                except InputError as error:
                    yield _rejection(label, error)
    finally:
        web.close()


def _rejection(label: str, error: InputError) -> Rejection:
    return Rejection(input=label, reason=str(error))


def _sources(item: str) -> Iterator[tuple[str, Path | str | None]]:
    """(label, source) for each input an INPUT item names: a Path, a URL (str), or None for
    standard input."""
    if item == "-":
        yield item, None
        return
    if item.strip().lower().startswith(URL_PREFIXES):
        yield item, item.strip()
        return
    path = Path(item)
    if path.is_dir():
        yield from _walk(item)
    else:
        yield item, path


def _walk(folder: str) -> Iterator[tuple[str, Path]]:
    """Files under `folder`, sorted by name, depth first, skipping hidden files and folders."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        # The reader finds it is a folder it cannot list and rejects it with that reason.
        yield folder, Path(folder)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        label = os.path.join(folder, entry.name)
        # Symlinked folders are not followed, so a link loop cannot walk forever.
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(label)
        else:
            yield label, Path(label)


def _read_source(
    label: str, path: Path | str | None, stdin: TextIO | None, max_bytes: int, web: _Web
) -> Iterator[RawDocument | BadRecord]:
    if isinstance(path, str):
        yield from web.read_url(path)
        return
    if path is None:
        count = yield from _read_jsonl_stream(label, stdin or sys.stdin, max_bytes)
        if count == 0:
            raise EmptyInput("standard input is empty; pipe JSONL articles into `-`, one per line")
        return
    if not path.exists() and not path.is_symlink():
        raise MissingInput(f"no such file or folder: {label!r}; check the path")
    if path.is_dir():
        raise InputError(f"cannot list folder {label!r}; check its permissions")
    suffix = _readable_suffix(path)
    if suffix is None:
        raise UnsupportedInput(
            f"dyad does not read {path.suffix or 'suffix-less'} files; it reads "
            f"{', '.join(READABLE_SUFFIXES)} (rename the file if its content is one of these)"
        )
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl_file(label, path, max_bytes)
    elif suffix in WARC_SUFFIXES:
        yield from _read_warc_file(label, path, max_bytes)
    elif suffix in FEED_SUFFIXES:
        yield from _read_feed_file(label, path, web)
    elif suffix in URL_LIST_SUFFIXES:
        yield from _read_url_list(label, path, web)
    elif suffix in HTML_SUFFIXES:
        data = read_whole_file(label, path, max_bytes)
        yield RawDocument(source_id=label, html=decode_html(data))
    else:
        data = read_whole_file(label, path, max_bytes)
        yield RawDocument(source_id=label, text=decode_text(data))


def _readable_suffix(path: Path) -> str | None:
    name = path.name.lower()
    # Longest first, so "x.txt.gz" is a gzipped text file and not an unknown ".gz".
    for suffix in sorted(READABLE_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return None


# ---------------------------------------------------------------------------------------------
# JSONL


def _read_jsonl_file(label: str, path: Path, max_bytes: int) -> Iterator[RawDocument | BadRecord]:
    with _open_binary(label, path) as stream:
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise EncodingError(
                "the JSONL file is UTF-16; dyad reads JSONL as UTF-8: re-encode it with "
                "`iconv -f UTF-16 -t UTF-8 FILE > out.jsonl`"
            )
        check_not_binary(head)
        count = yield from _read_jsonl_stream(label, stream, max_bytes)
    if count == 0:
        raise EmptyInput("the file is empty or holds only blank lines; there are no articles")


def _read_jsonl_stream(
    label: str, stream: IO[str] | Readable, max_bytes: int
) -> Generator[RawDocument | BadRecord, None, int]:
    """One RawDocument (or BadRecord) per non-blank line; returns how many lines were not blank."""
    count = 0
    for number, line in _bounded_lines(stream, max_bytes):
        where = f"{label}:{number}"
        try:
            if line is None:
                count += 1
                raise OversizedInput(
                    f"the line is longer than the {human_size(max_bytes)} ({max_bytes} bytes) "
                    "limit for one article; shorten or split it"
                )
            text = _decode_jsonl_line(line, number)
            if not text.strip():
                continue
            count += 1
            yield parse_jsonl_article(text, where)
        except InputError as error:
            yield BadRecord(where, error)
    return count


def _bounded_lines(
    stream: IO[str] | Readable, max_bytes: int
) -> Iterator[tuple[int, str | bytes | None]]:
    """(line number, line) pairs, reading at most max_bytes + 1 of a line; None if longer."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not _ends_line(line):
            # Skip the rest of the over-long line without holding it.
            rest = line
            while rest and not _ends_line(rest):
                rest = stream.readline(1 << 20)
            yield number, None
            continue
        yield number, line


def _ends_line(line: str | bytes) -> bool:
    return line[-1:] in ("\n", b"\n")


def _decode_jsonl_line(line: str | bytes, number: int) -> str:
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"the line is not valid UTF-8 (byte {exc.start} of the line is "
            f"{line[exc.start : exc.start + 4]!r}); JSONL must be UTF-8: re-encode the file, e.g. "
            "`iconv -f WINDOWS-1252 -t UTF-8 FILE > out.jsonl`"
        ) from exc


def parse_jsonl_article(line: str, where: str) -> RawDocument:
    """Parse one JSONL article line: {"id", "text" or "html", "title"?, "published"?, ...}."""
    try:
        value: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedInput(
            f"the line is not valid JSON ({exc.msg} at column {exc.colno}); each line must be "
            'one JSON object like {"id": "...", "text": "..."}'
        ) from exc
    if not isinstance(value, dict):
        raise MalformedInput(
            f"the line is {_json_type(value)}, not a JSON object; each line must be one "
            'JSON object like {"id": "...", "text": "..."}'
        )
    text = value.get("text")
    html = value.get("html")
    for name, field_value in (("text", text), ("html", html)):
        if field_value is not None and not isinstance(field_value, str):
            raise MalformedInput(f'"{name}" is {_json_type(field_value)}; it must be a string')
    if text is None and html is None:
        raise MalformedInput(
            'the object has neither "text" nor "html"; give the article body in one of them'
        )
    if not (text or "").strip() and not (html or "").strip():
        raise EmptyInput(f'"{"text" if text is not None else "html"}" is empty; no article to read')
    fields: dict[str, str | None] = {}
    for name in OPTIONAL_TEXT_FIELDS:
        field_value = value.get(name)
        if field_value is not None and not isinstance(field_value, str):
            raise MalformedInput(
                f'"{name}" is {_json_type(field_value)}; it must be a string or absent'
            )
        fields[name] = field_value.strip() or None if field_value else None
    source_id = value.get("id")
    if isinstance(source_id, bool) or not isinstance(source_id, str | int | type(None)):
        raise MalformedInput(f'"id" is {_json_type(source_id)}; it must be a string (or a number)')
    return RawDocument(
        source_id=str(source_id) if source_id not in (None, "") else where,
        text=text if text and text.strip() else None,
        html=html if html and html.strip() else None,
        title=fields["title"],
        published=fields["published"],
        url=fields["url"],
        lang=fields["lang"],
    )


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for messages about JSONL fields."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string" if isinstance(value, str) else "null"


# ---------------------------------------------------------------------------------------------
# WARC


def _open_binary(label: str, path: Path) -> io.BufferedReader | StrictGzip:
    """Open a file for streaming, decompressing it on the fly when its name ends in .gz."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {label!r}: {exc.strerror}; check its permissions") from exc
    return StrictGzip(raw) if path.name.lower().endswith(".gz") else raw


def _read_warc_file(label: str, path: Path, max_bytes: int) -> Iterator[RawDocument | BadRecord]:
    with _open_binary(label, path) as stream:
        if not stream.peek(1):
            raise EmptyInput("the WARC file is empty; there are no records to read")
        found = 0
        records = ArchiveIterator(stream)
        try:
            for record in records:
                record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
                where = f"{label}#{record_id or records.get_record_offset()}"
                try:
                    document = _warc_document(record, where, max_bytes)
                except InputError as error:
                    found += 1
                    yield BadRecord(where, error)
                    if getattr(stream, "failed", False):
                        return  # the compressed stream itself broke: no later record is readable
                    continue
                if document is not None:
                    found += 1
                    yield document
        except ArchiveLoadFailed as exc:
            raise MalformedInput(
                f"a WARC record after byte {records.get_record_offset()} is broken "
                f"({str(exc).splitlines()[0][:80]}); {found} record(s) before it were read. "
                "Check the file with `warcio check FILE`, or fetch it again"
            ) from exc
        except TruncatedInput as exc:
            raise TruncatedInput(
                f"{exc} ({found} article record(s) before the cut were read)"
            ) from exc
        if found == 0:
            raise EmptyInput(
                "the WARC file holds no HTML response records; dyad reads web pages "
                "(Content-Type text/html) from WARC files"
            )


def _warc_document(record: Any, where: str, max_bytes: int) -> RawDocument | None:
    """The RawDocument for one WARC record, or None for records that are not HTML pages."""
    if not record.rec_type or record.rec_headers.get_header("Content-Length") is None:
        # warcio reads on past such a record, but its length (and so the records after it)
        # cannot be trusted; say so rather than skip it silently.
        raise MalformedInput(
            "the WARC record has no WARC-Type or no Content-Length header, so it is broken (and "
            "records right after it may be lost); check the file with `warcio check FILE`"
        )
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers
    if record.rec_type == "response":
        if headers is None:
            return None
        status = headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in HTML_CONTENT_TYPES:
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        raise OversizedInput(
            f"the page is over the {human_size(max_bytes)} ({max_bytes} bytes) limit for one "
            "input; dyad skipped it"
        )
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise TruncatedInput(
            f"the record is cut off: {record.raw_stream.limit} of its {record.length} declared "
            "bytes are missing; fetch the WARC file again"
        )
    if not body.strip():
        raise EmptyInput("the response body is empty; there is no page to read")
    charset = None
    match = re.search(r"charset\s*=\s*[\"']?([\w.:\-]+)", content_type, re.I)
    if match:
        charset = match.group(1)
    return RawDocument(
        source_id=where,
        html=decode_html(body, charset),
        url=record.rec_headers.get_header("WARC-Target-URI"),
    )


# ---------------------------------------------------------------------------------------------
# The web: URLs, URL lists and feeds


def _read_url_list(label: str, path: Path, web: _Web) -> Iterator[RawDocument | BadRecord]:
    """Each line of a .urls file is one URL; blank lines and lines starting with # are skipped."""
    count = 0
    with _open_binary(label, path) as stream:
        check_not_binary(stream.peek(SNIFF_BYTES)[:SNIFF_BYTES])
        for number, line in _bounded_lines(stream, 64 * 1024):
            where = f"{label}:{number}"
            try:
                if line is None:
                    count += 1
                    raise MalformedInput("the line is over 64 KiB long; it is not a URL")
                text = _decode_jsonl_line(line, number).strip()
                if not text or text.startswith("#"):
                    continue
                count += 1
                url = check_url(text)
            except InputError as error:
                yield BadRecord(where, error)
                continue
            try:
                yield from web.read_url(url)
            except InputError as error:  # this URL fails; the list goes on
                yield BadRecord(url, error)
    if count == 0:
        raise EmptyInput("the URL list holds no URLs (one http(s) URL a line, # for comments)")


def _read_feed_file(label: str, path: Path, web: _Web) -> Iterator[RawDocument | BadRecord]:
    with _open_binary(label, path) as stream:
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        if not head.strip():
            raise EmptyInput("the feed file is empty; there are no entries to read")
        check_not_binary(head)
        yield from web.feed_documents(label, stream, base_url=None)


class _Web:
    """The fetching side of one read: a Fetcher made on first need and the URLs already read."""

    def __init__(
        self, settings: FetchSettings | None, fetcher: Fetcher | None, max_bytes: int
    ) -> None:
        self._settings = settings
        self._fetcher = fetcher
        self._owned = False
        self._max_bytes = max_bytes
        self._seen: dict[str, None] = {}

    def close(self) -> None:
        if self._owned and self._fetcher is not None:
            self._fetcher.close()

    def fetch(self, url: str) -> Fetched:
        if self._fetcher is None:
            # One size cap for every input, files and pages alike.
            settings = replace(self._settings or FetchSettings(), max_bytes=self._max_bytes)
            self._fetcher = Fetcher(settings)
            self._owned = True
        if url in self._seen:
            raise DuplicateUrl(f"{url} was already read in this run; dyad fetches a URL once")
        self._seen[url] = None
        if len(self._seen) > SEEN_URLS:
            del self._seen[next(iter(self._seen))]
        return self._fetcher.fetch(url)

    def read_url(self, url: str, *, feed: bool = True) -> Iterator[RawDocument | BadRecord]:
        """The page at `url` as one RawDocument, or, for a feed, a RawDocument per entry."""
        fetched = self.fetch(check_url(url))
        media_type = fetched.media_type
        is_feed = media_type in FEED_MEDIA_TYPES or looks_like_feed(fetched.body[:4096])
        if feed and media_type not in HTML_CONTENT_TYPES and is_feed:
            yield from self.feed_documents(
                url, io.BytesIO(fetched.body), base_url=fetched.final_url
            )
            return
        yield _page_document(url, fetched)

    def feed_documents(
        self, label: str, stream: ByteStream, *, base_url: str | None
    ) -> Iterator[RawDocument | BadRecord]:
        """A RawDocument per feed entry: its full text when the feed has it, else its page."""
        for number, item in enumerate(iter_feed(stream, base_url=base_url), start=1):
            where = item.link or f"{label}#{number}"
            try:
                if item.full_text:
                    yield _entry_document(where, item)
                elif item.link is None:
                    raise MalformedInput(
                        "the feed entry has neither a link nor its article text; there is "
                        "nothing to read"
                    )
                else:
                    for document in self.read_url(item.link, feed=False):
                        if isinstance(document, RawDocument):
                            document.title = document.title or item.title
                            document.published = document.published or item.published
                        yield document
            except InputError as error:
                yield BadRecord(where, error)


def _entry_document(where: str, item: FeedItem) -> RawDocument:
    return RawDocument(
        source_id=where,
        text=item.full_text,
        title=item.title,
        published=item.published,
        url=item.link,
    )


def _page_document(url: str, fetched: Fetched) -> RawDocument:
    """The RawDocument of a fetched page: HTML (or plain text), else UnsupportedInput."""
    media_type = fetched.media_type
    if media_type in HTML_CONTENT_TYPES or (not media_type and b"<" in fetched.body[:1024]):
        html = decode_html(fetched.body, fetched.charset)
        return RawDocument(source_id=url, html=html, url=fetched.final_url)
    if media_type == "text/plain":
        return RawDocument(source_id=url, text=decode_text(fetched.body), url=fetched.final_url)
    raise UnsupportedInput(
        f"{url} is {media_type or 'of no declared type'}, not a web page; dyad reads HTML pages "
        "and RSS/Atom feeds from the web (for a PDF or document, save its text and give dyad "
        "the file)"
    )
