"""The read stage: every input becomes RawDocuments or exactly one Rejection per bad piece."""

from __future__ import annotations

import gzip
import inspect
import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TextIO

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dyad.clean import clean_document
from dyad.errors import InputError
from dyad.fetch import FetchSettings
from dyad.read import MAX_INPUT_BYTES, iter_inputs
from dyad.records import RawDocument, Rejection
from http_fixtures import LocalServer, serving

SEED = Path(__file__).resolve().parents[1] / "examples" / "000_857e34fc77add78a.txt"

ARTICLE_HTML = (
    b"<html><head><meta charset='utf-8'><title>Talks resume</title></head><body><article>"
    b"<h1>Talks resume</h1><p>The two governments resumed talks on Monday after a pause of "
    b"three months, officials said.</p></article></body></html>"
)


def read_all(
    inputs: list[str], *, stdin: TextIO | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> tuple[list[RawDocument], list[Rejection]]:
    documents: list[RawDocument] = []
    rejections: list[Rejection] = []
    for item in iter_inputs(inputs, stdin=stdin, max_bytes=max_bytes):
        if isinstance(item, Rejection):
            rejections.append(item)
        else:
            documents.append(item)
    return documents, rejections


def reasons_for(rejections: list[Rejection], name: str) -> list[str]:
    return [r.reason for r in rejections if r.input.split("/")[-1].startswith(name)]


def warc_bytes(pages: list[tuple[str, bytes, str]], *, compress: bool) -> bytes:
    """A WARC file with one response record per (url, body, content type)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for url, body, content_type in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """A folder with the seed, good inputs of each kind and one of each kind of bad input."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "empty.txt").write_text("   \n\t\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    whole = gzip.compress(("The minister spoke. " * 500).encode())
    (folder / "truncated.txt.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "latin1.txt").write_bytes("Le président a parlé à Paris.\n".encode("cp1252"))
    (folder / "articles.jsonl").write_text(
        json.dumps({"id": "a1", "text": "First article.", "published": "2023-03-16"})
        + "\n{not json\n"
        + json.dumps({"text": "Second article, no id.", "lang": "en"})
        + "\n",
        encoding="utf-8",
    )
    good_warc = warc_bytes(
        [("https://example.org/talks", ARTICLE_HTML, "text/html; charset=utf-8")], compress=False
    )
    (folder / "crawl.warc").write_bytes(good_warc)
    broken = warc_bytes(
        [("https://example.org/cut", ARTICLE_HTML * 20, "text/html")], compress=True
    )
    (folder / "broken.warc.gz").write_bytes(broken[: len(broken) - 30])
    (folder / "huge.txt").write_text("word " * 2000, encoding="utf-8")
    (folder / "notes.md").write_text("# notes", encoding="utf-8")
    (folder / ".hidden.txt").write_text("never read", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "page.html").write_bytes(ARTICLE_HTML)
    return folder


def test_folder_yields_documents_and_one_rejection_per_bad_input(mixed_folder: Path) -> None:
    documents, rejections = read_all([str(mixed_folder)], max_bytes=6000)

    by_id = {doc.source_id: doc for doc in documents}
    seed = by_id[str(mixed_folder / "seed.txt")]
    assert seed.text == SEED.read_text(encoding="utf-8")
    assert seed.html is None
    assert by_id["a1"].text == "First article."
    assert by_id["a1"].published == "2023-03-16"
    no_id = by_id[f"{mixed_folder / 'articles.jsonl'}:3"]
    assert (no_id.text, no_id.lang) == ("Second article, no id.", "en")
    page = by_id[str(mixed_folder / "sub" / "page.html")]
    assert page.html is not None and "resumed talks" in page.html
    warc_docs = [doc for doc in documents if doc.source_id.startswith(str(mixed_folder / "crawl"))]
    assert len(warc_docs) == 1
    assert warc_docs[0].url == "https://example.org/talks"
    assert warc_docs[0].source_id.startswith(f"{mixed_folder / 'crawl.warc'}#urn:uuid:")
    assert len(documents) == 5

    assert len(rejections) == 8, [r.input for r in rejections]
    assert len({r.input for r in rejections}) == 8
    (empty,) = reasons_for(rejections, "empty.txt")
    assert "empty" in empty
    (binary,) = reasons_for(rejections, "binary.txt")
    assert "binary" in binary
    (truncated,) = reasons_for(rejections, "truncated.txt.gz")
    assert "ends early" in truncated and "gzip -t" in truncated
    (latin1,) = reasons_for(rejections, "latin1.txt")
    assert "not valid UTF-8" in latin1 and "byte 5" in latin1 and "iconv -f WINDOWS-1252" in latin1
    (bad_line,) = [r for r in rejections if r.input == f"{mixed_folder / 'articles.jsonl'}:2"]
    assert "not valid JSON" in bad_line.reason
    (broken,) = reasons_for(rejections, "broken.warc.gz")
    assert next(r.input for r in rejections if "broken" in r.input).startswith(
        f"{mixed_folder / 'broken.warc.gz'}#urn:uuid:"
    )
    assert "ends early" in broken
    (huge,) = reasons_for(rejections, "huge.txt")
    assert "10000 bytes" in huge and "6000 bytes" in huge and "limit" in huge
    (unsupported,) = reasons_for(rejections, "notes.md")
    assert ".md" in unsupported and ".txt" in unsupported and ".warc.gz" in unsupported
    assert not [r for r in rejections if "hidden" in r.input]


def test_folder_is_walked_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "c/z.txt", "c/a.txt"):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Text of {name}.", encoding="utf-8")
    documents, _ = read_all([str(tmp_path)])
    assert [Path(doc.source_id).relative_to(tmp_path).as_posix() for doc in documents] == [
        "a.txt",
        "b.txt",
        "c/a.txt",
        "c/z.txt",
    ]


def test_reading_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("An article.", encoding="utf-8")
    stream = iter_inputs([str(path), str(tmp_path / "later-missing.txt")])
    assert inspect.isgenerator(stream)
    first = next(stream)
    assert isinstance(first, RawDocument)
    second = next(stream)
    assert isinstance(second, Rejection)
    assert "no such file or folder" in second.reason


def test_source_id_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "story.txt").write_text("An article.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    documents, _ = read_all(["story.txt", "./story.txt"])
    assert [doc.source_id for doc in documents] == ["story.txt", "./story.txt"]


def test_stdin_reads_jsonl(tmp_path: Path) -> None:
    stdin = io.StringIO(
        json.dumps({"id": "s1", "html": "<p>Hello</p>", "url": "https://example.org/s1"})
        + "\n\n"
        + json.dumps({"id": "s2", "text": 42})
        + "\n"
    )
    documents, rejections = read_all(["-"], stdin=stdin)
    assert [(d.source_id, d.html, d.url) for d in documents] == [
        ("s1", "<p>Hello</p>", "https://example.org/s1")
    ]
    assert [(r.input, r.reason) for r in rejections] == [
        ("-:3", '"text" is a number; it must be a string')
    ]


def test_empty_stdin_is_rejected() -> None:
    _, rejections = read_all(["-"], stdin=io.StringIO(""))
    assert len(rejections) == 1 and "standard input is empty" in rejections[0].reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "an array, not a JSON object"),
        ('{"id": "x"}', 'neither "text" nor "html"'),
        ('{"id": "x", "text": "   "}', '"text" is empty'),
        ('{"id": "x", "text": "ok", "title": ["t"]}', '"title" is an array'),
        ('{"id": {"a": 1}, "text": "ok"}', '"id" is an object'),
        ('{"id": "x", "text": "ok"', "not valid JSON"),
    ],
)
def test_each_bad_jsonl_line_is_its_own_rejection(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "batch.jsonl"
    good = json.dumps({"id": "good", "text": "Fine."})
    path.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    documents, rejections = read_all([str(path)])
    assert [doc.source_id for doc in documents] == ["good", "good"]
    assert [r.input for r in rejections] == [f"{path}:2"]
    assert reason in rejections[0].reason


def test_jsonl_numeric_id_and_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl.gz"
    lines = b'{"id": 7, "text": "Seven."}\n{"id": "x", "text": "caf\xe9"}\n'
    path.write_bytes(gzip.compress(lines))
    documents, rejections = read_all([str(path)])
    assert [doc.source_id for doc in documents] == ["7"]
    assert [r.input for r in rejections] == [f"{path}:2"]
    assert "not valid UTF-8" in rejections[0].reason


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    long_line = json.dumps({"id": "long", "text": "x" * 500})
    path.write_text(f"{long_line}\n" + json.dumps({"id": "short", "text": "y"}) + "\n")
    documents, rejections = read_all([str(path)], max_bytes=200)
    assert [doc.source_id for doc in documents] == ["short"]
    assert [r.input for r in rejections] == [f"{path}:1"]
    assert "200 bytes" in rejections[0].reason


def test_text_encodings(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeffÉlections à Bamako.".encode())
    (tmp_path / "utf16.txt").write_bytes("Élections à Bamako.".encode("utf-16"))
    (tmp_path / "plain.txt.gz").write_bytes(gzip.compress("Élections à Bamako.".encode()))
    documents, rejections = read_all([str(tmp_path)])
    assert rejections == []
    assert [doc.text for doc in documents] == ["Élections à Bamako."] * 3


def test_html_uses_declared_charset(tmp_path: Path) -> None:
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>Président “élu”</p>"
    (tmp_path / "page.htm.gz").write_bytes(gzip.compress(page.encode("cp1252")))
    documents, rejections = read_all([str(tmp_path / "page.htm.gz")])
    assert rejections == []
    # Labelled Latin-1, decoded as Windows-1252 the way browsers do: the curly quotes survive.
    assert documents[0].html is not None and "Président “élu”" in documents[0].html


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"%PDF-1.7\n" + bytes(200), "a PDF document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"),
        (b"<html>" + bytes(range(1, 31)) * 40, "control characters"),
        (b"<html><body>" + b"\x00" * 50, "NUL bytes"),
    ],
)
def test_binary_served_as_html_is_rejected(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    documents, rejections = read_all([str(path)])
    assert documents == []
    assert len(rejections) == 1 and reason in rejections[0].reason


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"garbage that is not deflate" * 4)
    _, rejections = read_all([str(path)])
    assert len(rejections) == 1
    assert "gzip" in rejections[0].reason


def test_gzip_bomb_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 100_000))
    _, rejections = read_all([str(path)], max_bytes=10_000)
    assert len(rejections) == 1 and "decompresses to more than" in rejections[0].reason


def test_warc_keeps_html_pages_and_skips_other_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(
        warc_bytes(
            [
                ("https://example.org/a", ARTICLE_HTML, "text/html"),
                ("https://example.org/logo.png", b"\x89PNG....", "image/png"),
                (
                    "https://example.org/b",
                    "<p>Élu</p>".encode("iso-8859-1"),
                    "text/html; charset=ISO-8859-1",
                ),
            ],
            compress=True,
        )
    )
    documents, rejections = read_all([str(path)])
    assert rejections == []
    assert [doc.url for doc in documents] == ["https://example.org/a", "https://example.org/b"]
    assert documents[1].html == "<p>Élu</p>"


def test_warc_with_a_cut_record_keeps_the_records_before_it(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    data = warc_bytes(
        [
            ("https://example.org/a", ARTICLE_HTML, "text/html"),
            ("https://example.org/b", ARTICLE_HTML * 10, "text/html"),
        ],
        compress=False,
    )
    path.write_bytes(data[: len(data) - 200])
    documents, rejections = read_all([str(path)])
    assert [doc.url for doc in documents] == ["https://example.org/a"]
    assert len(rejections) == 1
    assert rejections[0].input.startswith(f"{path}#urn:uuid:")
    assert "cut off" in rejections[0].reason


def test_warc_without_html_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "images.warc"
    path.write_bytes(
        warc_bytes([("https://example.org/x.png", b"\x89PNG", "image/png")], compress=False)
    )
    documents, rejections = read_all([str(path)])
    assert documents == []
    assert len(rejections) == 1 and "no HTML response records" in rejections[0].reason


def test_missing_and_unsupported_paths(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    _, rejections = read_all([str(tmp_path / "nope"), str(tmp_path / "data.csv")])
    assert [r.input for r in rejections] == [str(tmp_path / "nope"), str(tmp_path / "data.csv")]
    assert "no such file or folder" in rejections[0].reason
    assert "does not read .csv files" in rejections[1].reason


# ---------------------------------------------------------------------------------------------
# URLs and URL lists (fetched from a server on 127.0.0.1)

FAST = FetchSettings(timeout=0.5, total_timeout=2.0, retries=1, backoff=0.01, delay=0.0)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serving() as running:
        yield running


def read_web(inputs: list[str], **kwargs: object) -> tuple[list[RawDocument], list[Rejection]]:
    documents: list[RawDocument] = []
    rejections: list[Rejection] = []
    settings = kwargs.pop("fetch_settings", FAST)
    for item in iter_inputs(inputs, fetch_settings=settings, **kwargs):  # type: ignore[arg-type]
        (rejections if isinstance(item, Rejection) else documents).append(item)  # type: ignore[arg-type]
    return documents, rejections


def test_url_given_as_input(server: LocalServer) -> None:
    url = server.page("/story", ARTICLE_HTML, content_type="text/html; charset=utf-8")
    (document,), rejections = read_web([url])
    assert rejections == []
    assert (document.source_id, document.url) == (url, url)
    assert document.html is not None and "resumed talks" in document.html


def test_url_list_file(server: LocalServer, tmp_path: Path) -> None:
    good = server.page("/good", ARTICLE_HTML)
    server.add("/moved", status=301, headers={"Location": "/good2"})
    server.page("/good2", ARTICLE_HTML.replace(b"Monday", b"Tuesday"))
    server.add("/pdf", body=b"%PDF-1.7 ...", content_type="application/pdf")
    server.add("/plain", body=b"Plain text article.", content_type="text/plain")
    urls = tmp_path / "today.urls"
    urls.write_text(
        f"# morning list\n{good}\n\n{server.url('/moved')}\nnot-a-url\n{server.url('/pdf')}\n"
        f"   {server.url('/plain')}   \n{good}\n",
        encoding="utf-8",
    )
    documents, rejections = read_web([str(urls)])
    assert [d.source_id for d in documents] == [good, server.url("/moved"), server.url("/plain")]
    assert documents[1].url == server.url("/good2")  # where the redirect led
    assert documents[2].text == "Plain text article."
    assert [r.input for r in rejections] == [f"{urls}:5", server.url("/pdf"), good]
    assert "not an http(s) URL" in rejections[0].reason
    assert "application/pdf, not a web page" in rejections[1].reason
    assert "already read" in rejections[2].reason
    assert server.paths().count("/good") == 1


def test_empty_url_list(tmp_path: Path) -> None:
    urls = tmp_path / "none.urls"
    urls.write_text("# nothing yet\n\n", encoding="utf-8")
    _, rejections = read_web([str(urls)])
    assert len(rejections) == 1 and "holds no URLs" in rejections[0].reason


def test_every_bad_input_is_one_rejection_and_the_rest_is_read(
    server: LocalServer, tmp_path: Path
) -> None:
    """The issue's list of bad inputs, all in one run, next to good ones."""
    folder = tmp_path / "in"
    folder.mkdir()
    whole = gzip.compress(ARTICLE_HTML * 50)
    (folder / "a_truncated.html.gz").write_bytes(whole[: len(whole) // 2])
    good_records = warc_bytes(
        [
            ("https://example.org/1", ARTICLE_HTML, "text/html"),
            ("https://example.org/2", ARTICLE_HTML, "text/html"),
        ],
        compress=False,
    )
    later = warc_bytes([("https://example.org/3", ARTICLE_HTML, "text/html")], compress=False)
    (folder / "b_broken.warc").write_bytes(
        good_records + b"WARC/1.0\r\nnot a header\r\n\r\n" + later
    )
    with (folder / "c_huge.html").open("wb") as out:  # 50 MB, written in pieces
        out.write(b"<html><body>")
        for _ in range(50):
            out.write(b"<p>" + b"x" * (1024 * 1024) + b"</p>")
    (folder / "d_nested.html").write_text(
        "<html><body>" + "<div>" * 20000 + "<p>Deep.</p>" + "</div>" * 20000 + "</body></html>"
    )
    (folder / "e_latin1.txt").write_bytes("Le président a parlé.".encode("cp1252"))
    (folder / "f_good.txt").write_text("The two governments resumed talks on Monday.")
    (folder / "g_broken.rss").write_bytes(b'<?xml version="1.0"?><rss><channel><item><title>x')
    urls = folder / "h_pages.urls"
    server.add("/binary", body=b"\x89PNG\r\n\x1a\n" + bytes(300), content_type="text/html")
    server.add("/error", status=500)
    server.add("/slow", body=ARTICLE_HTML, delay=1.5)
    server.page("/fine", ARTICLE_HTML)
    urls.write_text(
        "\n".join(server.url(p) for p in ("/binary", "/error", "/slow", "/fine")), encoding="utf-8"
    )

    documents, rejections = read_web([str(folder)], fetch_settings=replace(FAST, retries=0))
    cleaned = []
    for document in documents:
        try:
            cleaned.append(clean_document(document))
        except InputError as error:
            rejections.append(Rejection(document.source_id, str(error)))

    assert len(rejections) == 9, [(r.input, r.reason[:60]) for r in rejections]
    by_input = {r.input: r.reason for r in rejections}
    assert "ends early" in by_input[str(folder / "a_truncated.html.gz")]
    (warc_reason,) = [r.reason for r in rejections if r.input.startswith(str(folder / "b_"))]
    assert "WARC record" in warc_reason and "broken" in warc_reason
    assert "50.0 MiB" in by_input[str(folder / "c_huge.html")]
    assert "could not be parsed" in by_input[str(folder / "d_nested.html")] or (
        "no article text" in by_input[str(folder / "d_nested.html")]
    )
    assert "not valid UTF-8" in by_input[str(folder / "e_latin1.txt")]
    assert "XML is broken" in by_input[str(folder / "g_broken.rss")]
    assert "a PNG image" in by_input[server.url("/binary")]
    assert "HTTP 500" in by_input[server.url("/error")]
    assert "did not answer in time" in by_input[server.url("/slow")]
    # Everything else is read and cleaned: the two WARC pages, the text file and the good URL.
    assert sorted(doc.source_id.split("#")[0] for doc in cleaned) == sorted(
        [str(folder / "b_broken.warc")] * 2 + [str(folder / "f_good.txt"), server.url("/fine")]
    )


def test_html_over_the_cap_is_rejected_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<html>" + b"x" * 300_000)
    _, rejections = read_all([str(path)], max_bytes=100_000)
    assert len(rejections) == 1 and "over the" in rejections[0].reason
    documents, _ = read_all([str(path)])  # the real default (20 MiB) reads it
    assert len(documents) == 1
