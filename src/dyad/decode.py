"""Bytes into article text: size limits, gzip, binary sniffing and character encodings.

Every reader (read.py) and the fetcher's pages pass through here, so a PDF saved as .txt, a
truncated .gz or a Latin-1 page gets the same clear rejection wherever it came from.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Protocol

from dyad.errors import (
    BinaryInput,
    EmptyInput,
    EncodingError,
    InputError,
    MalformedInput,
    OversizedInput,
    TruncatedInput,
)

# Share of control bytes (other than whitespace) above which content is not text.
BINARY_CONTROL_SHARE = 0.05
# Share of U+FFFD and control characters above which decoded HTML is binary: a mislabelled
# Latin-1 page has a few replacement characters, a binary file mostly those.
BINARY_NOISE_SHARE = 0.2
# How much of a file the binary sniffing looks at.
SNIFF_BYTES = 65536

# Signatures of common binary formats that get saved under a text suffix by mistake.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document; extract its text first (e.g. `pdftotext FILE out.txt`)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file); unpack or export it as text first"),
    (b"\x1f\x8b", "gzip-compressed; name it with a .gz suffix so dyad decompresses it"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document; save it as plain text first"),
)

META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)


def read_whole_file(label: str, path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise OversizedInput(_too_large(size, max_bytes))
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {label!r}: {exc.strerror}; check its permissions") from exc
    if path.name.lower().endswith(".gz"):
        data = _gunzip(data, max_bytes)
    if not data.strip():
        raise EmptyInput("the file is empty or holds only whitespace; there is no article to read")
    return data


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"the file is {human_size(size)} ({size} bytes), over the {human_size(max_bytes)} "
        f"({max_bytes} bytes) limit for one input; split it, or pass a JSONL/WARC file "
        f"(read record by record) instead"
    )


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} B"


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress a whole gzip file, stopping as soon as it exceeds max_bytes."""
    chunks: list[bytes] = []
    total = 0
    with StrictGzip(io.BytesIO(data)) as stream:
        while chunk := stream.read(1 << 16):
            total += len(chunk)
            if total > max_bytes:
                raise OversizedInput(
                    f"the file decompresses to more than the {human_size(max_bytes)} "
                    f"({max_bytes} bytes) limit for one input; split it before giving it to dyad"
                )
            chunks.append(chunk)
    return b"".join(chunks)


def check_not_binary(data: bytes) -> None:
    """Raise BinaryInput when `data` (not UTF-16) is a binary file rather than text."""
    head = data[:SNIFF_BYTES]
    for magic, what in MAGIC_NUMBERS:
        if head.startswith(magic):
            raise BinaryInput(f"the file is {what}, not text")
    if b"\x00" in head:
        raise BinaryInput(
            "the file holds NUL bytes, so it is binary, not text; give dyad the article as "
            ".txt, .html, .jsonl or .warc"
        )
    control = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f\x1b") + head.count(
        b"\x7f"
    )
    if control > BINARY_CONTROL_SHARE * len(head):
        raise BinaryInput(
            f"{control} of the first {len(head)} bytes are control characters, so the file is "
            "binary, not text; give dyad the article as .txt, .html, .jsonl or .warc"
        )


def decode_text(data: bytes) -> str:
    """Decode a plain-text article: strict UTF-8 (BOM allowed) or UTF-16 with a BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(
                f"the file starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                f"(byte {exc.start}); re-encode it, e.g. `iconv -f UTF-16 -t UTF-8 FILE > out.txt`"
            ) from exc
    else:
        check_not_binary(data)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EncodingError(_not_utf8(data, exc)) from exc
    if not text.strip():
        raise EmptyInput("the file holds only whitespace; there is no article to read")
    return text


def _not_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    bad = data[exc.start : exc.start + 4]
    try:
        data.decode("cp1252")
        likely = "WINDOWS-1252"
    except UnicodeDecodeError:
        likely = "ISO-8859-1"
    return (
        f"the file is not valid UTF-8: byte {exc.start} (line {line}) is {bad!r}; dyad reads "
        f"UTF-8 text. It is probably {likely}: re-encode it with "
        f"`iconv -f {likely} -t UTF-8 FILE > FILE.utf8.txt` and give dyad the new file"
    )


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode HTML by BOM, then the declared charset (HTTP or <meta>), else UTF-8 leniently."""
    if data.startswith(codecs.BOM_UTF8):
        return _check_text(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _check_text(data.decode("utf-16", errors="replace"))
    check_not_binary(data)
    encoding = _known_encoding(declared) or _declared_encoding(data[:4096]) or "utf-8"
    return _check_text(data.decode(encoding, errors="replace"))


def _declared_encoding(head: bytes) -> str | None:
    for pattern in (META_CHARSET, XML_ENCODING):
        match = pattern.search(head)
        if match:
            return _known_encoding(match.group(1).decode("ascii", errors="replace"))
    return None


def _known_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip())
    except LookupError:
        return None
    # A page that declares UTF-16 in ASCII-compatible bytes is mislabelled; UTF-8 is the safe bet.
    if codec.name.startswith("utf-16"):
        return None
    # As browsers do (WHATWG Encoding): pages labelled Latin-1 or ASCII are really Windows-1252,
    # whose curly quotes and dashes Latin-1 would turn into control characters.
    return "cp1252" if codec.name in ("iso8859-1", "latin-1", "ascii") else codec.name


def _check_text(text: str) -> str:
    """Reject decoded content that is mostly replacement or control characters."""
    head = text[:SNIFF_BYTES]
    noise = sum(1 for ch in head if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f"))
    if noise > BINARY_NOISE_SHARE * max(len(head), 1):
        raise BinaryInput(
            "the content is mostly undecodable or control characters, so it is binary, not "
            "HTML or text; check that the file really is a web page"
        )
    if not text.strip():
        raise EmptyInput("the content holds only whitespace; there is no article to read")
    return text


class Readable(Protocol):
    """What the JSONL and WARC readers need of a binary stream."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...

    def peek(self, size: int = 0, /) -> bytes: ...


class StrictGzip:
    """A streaming gzip reader that reports a cut-off stream instead of ending quietly.

    warcio treats EOFError as a clean end of the archive, so a truncated .warc.gz would simply
    lose its last records; raising TruncatedInput (not an EOFError) makes the loss visible.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._gzip = gzip.GzipFile(fileobj=raw)
        # Set once the stream has failed: nothing after that point can be read.
        self.failed = False

    def read(self, size: int = -1, /) -> bytes:
        # read1 returns what one chunk decompresses to, so records before a cut still arrive;
        # read(n) would keep reading until n bytes and fail before handing any of them over.
        return self._translate(self._gzip.read1 if size > 0 else self._gzip.read, size)

    def readline(self, size: int = -1, /) -> bytes:
        return self._translate(self._gzip.readline, size)

    def peek(self, size: int = 0, /) -> bytes:
        return self._translate(self._gzip.peek, size)

    def tell(self) -> int:
        return self._gzip.tell()

    def __enter__(self) -> StrictGzip:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._gzip.close()
        self._raw.close()

    def _translate(self, call: Callable[[int], bytes], size: int) -> bytes:
        try:
            return call(size)
        except EOFError as exc:
            self.failed = True
            raise TruncatedInput(
                "the gzip data ends early (the file was cut off while copying or "
                "downloading); fetch it again, or check it with `gzip -t FILE`"
            ) from exc
        except (gzip.BadGzipFile, zlib.error) as exc:
            self.failed = True
            raise MalformedInput(
                f"the gzip data is corrupt ({exc}); check it with `gzip -t FILE`, or drop the "
                ".gz suffix if the file is not compressed"
            ) from exc
