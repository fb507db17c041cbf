"""`dyad ingest`: code inputs into a store, incrementally, idempotently, resumably.

Every input gets a fingerprint of its content; an input whose fingerprint is in the store is
skipped before any parsing, so a rerun after a crash goes straight to what is missing. Each
article is committed with all its records and its fingerprint in one transaction (`Store.add`).
Folders written by `dyad extract --out` can be loaded too (`ingest_records`), without parsing.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from dyad.errors import DataError, UsageError
from dyad.records import DocumentResult, RawDocument, Rejection
from dyad.store import Store, StoredDocument


@dataclass(slots=True)
class IngestSummary:
    added: int = 0  # new articles stored
    skipped: int = 0  # inputs already in the store
    duplicates: int = 0  # new inputs whose article (same doc_id) was already stored
    rejected: int = 0
    events: int = 0
    quotes: int = 0
    mentions: int = 0

    def line(self, db: str, totals: dict[str, int]) -> str:
        return (
            f"dyad: {self.added} new articles ({self.events} events, {self.quotes} quotes, "
            f"{self.mentions} mentions), {self.skipped} already stored, {self.duplicates} "
            f"duplicates, {self.rejected} rejected → {db} ({totals['articles']} articles, "
            f"{totals['events']} events in all)"
        )


def input_fingerprint(raw: RawDocument) -> str:
    """The same content and metadata give the same fingerprint, wherever the input lies."""
    payload = json.dumps(
        [raw.text, raw.html, raw.title, raw.published, raw.url, raw.lang], ensure_ascii=False
    )
    return "in:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


Tick = Callable[[], None]
OnRejection = Callable[[Rejection], None]


def _noop() -> None:
    return None


def _ignore(_: Rejection) -> None:
    return None


def ingest_inputs(
    store: Store,
    inputs: Iterable[str],
    *,
    make_pipeline: Callable[[], Any],
    stdin: TextIO | None = None,
    tick: Tick = _noop,
    on_rejection: OnRejection = _ignore,
    commit_every: int = 16,
    commit_seconds: float = 2.0,
) -> IngestSummary:
    """Code every input (files, folders, '-') not yet in `store`; see `ingest_documents`."""
    from dyad.read import iter_inputs

    return ingest_documents(
        store,
        iter_inputs(list(inputs), stdin=stdin),
        make_pipeline=make_pipeline,
        tick=tick,
        on_rejection=on_rejection,
        commit_every=commit_every,
        commit_seconds=commit_seconds,
    )


def ingest_documents(
    store: Store,
    items: Iterable[RawDocument | Rejection],
    *,
    make_pipeline: Callable[[], Any],
    tick: Tick = _noop,
    on_rejection: OnRejection = _ignore,
    commit_every: int = 16,
    commit_seconds: float = 2.0,
) -> IngestSummary:
    """Code every document not yet in `store` with the pipeline `make_pipeline` builds.

    The pipeline (spaCy and all) is only built once an input turns out to be new, so a rerun
    over inputs that are all stored finishes at once.
    """
    summary = IngestSummary()
    known = store.known_fingerprints()
    pending: deque[tuple[RawDocument, str]] = deque()

    def fresh() -> Iterator[RawDocument]:
        for item in items:
            if isinstance(item, Rejection):
                summary.rejected += 1
                on_rejection(item)
                tick()
                continue
            fingerprint = input_fingerprint(item)
            if fingerprint in known:
                summary.skipped += 1
                tick()
                continue
            known.add(fingerprint)
            pending.append((item, fingerprint))
            yield item

    stream = fresh()
    first = next(stream, None)
    if first is None:
        return summary
    pipeline = make_pipeline()
    # Whole articles are committed together, a few at a time: one transaction per article
    # would spend more time committing than coding.
    buffer: list[StoredDocument] = []
    started = time.monotonic()

    def flush() -> None:
        if buffer:
            _count(summary, store.add(buffer))
            buffer.clear()

    try:
        # process_many yields exactly one result per input, in input order.
        for out in pipeline.process_many(itertools.chain([first], stream)):
            raw, fingerprint = pending.popleft()
            if isinstance(out, Rejection):
                if out.input != raw.source_id:
                    raise RuntimeError(f"pipeline order broke: {out.input!r} for {raw.source_id!r}")
                summary.rejected += 1
                on_rejection(out)
            else:
                if not buffer:
                    started = time.monotonic()
                buffer.append(_stored(out, fingerprint))
                if len(buffer) >= commit_every or time.monotonic() - started > commit_seconds:
                    flush()
            tick()
    except BaseException:
        # Interrupted (Ctrl-C, a failing input): keep the articles already coded.
        with contextlib.suppress(Exception):
            flush()
        raise
    flush()
    return summary


def _stored(result: DocumentResult, fingerprint: str) -> StoredDocument:
    return StoredDocument.from_result(result, fingerprint)


def _count(summary: IngestSummary, added: Any) -> None:
    summary.added += added.articles
    summary.duplicates += added.duplicates
    summary.events += added.events
    summary.quotes += added.quotes
    summary.mentions += added.mentions


# ---- record folders (`dyad extract --out DIR`) ------------------------------------------------


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(
                    f"{path}:{number} is not JSON ({exc.msg}); is the folder a `dyad extract` "
                    "output that was cut off? Run extract again"
                ) from exc
            if not isinstance(record, dict) or "doc_id" not in record:
                raise DataError(f"{path}:{number} has no doc_id; it is not a dyad record")
            yield record


class _Follower:
    """Reads a records file that lists its records in article order, one article at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._it = _jsonl(path)
        self._next: dict[str, Any] | None = next(self._it, None)
        self._seen: set[str] = set()

    def take(self, doc_id: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while self._next is not None and self._next["doc_id"] == doc_id:
            out.append(self._next)
            self._next = next(self._it, None)
        self._seen.add(doc_id)
        return out

    def finish(self) -> None:
        if self._next is not None:
            raise DataError(
                f"{self.path} has records of doc_id {self._next['doc_id']} out of the order of "
                "articles.jsonl (or for an article it lacks); load folders written by "
                "`dyad extract`, which keeps them in article order"
            )


def iter_record_folder(folder: str | Path) -> Iterator[StoredDocument]:
    """The articles of a `dyad extract --out` folder with their events, quotes and mentions."""
    root = Path(folder)
    articles = root / "articles.jsonl"
    if not articles.is_file():
        raise UsageError(
            f"{root} has no articles.jsonl; --records takes a folder written by "
            "`dyad extract INPUT... --out DIR`"
        )
    followers = {
        name: _Follower(root / f"{name}.jsonl") for name in ("events", "quotes", "mentions")
    }
    for article in _jsonl(articles):
        doc_id = str(article["doc_id"])
        yield StoredDocument(
            article=article,
            events=followers["events"].take(doc_id),
            quotes=followers["quotes"].take(doc_id),
            mentions=followers["mentions"].take(doc_id),
            fingerprint="doc:" + doc_id,
        )
    for follower in followers.values():
        follower.finish()


def ingest_records(
    store: Store, folders: Iterable[str | Path], *, tick: Tick = _noop, batch: int = 50
) -> IngestSummary:
    """Load `dyad extract` output folders; each transaction holds up to `batch` whole articles."""
    summary = IngestSummary()
    known = store.known_fingerprints()
    chunk: list[StoredDocument] = []

    def flush() -> None:
        if chunk:
            _count(summary, store.add(chunk))
            for _ in chunk:
                tick()
            chunk.clear()

    for folder in folders:
        for doc in iter_record_folder(folder):
            if doc.fingerprint in known:
                summary.skipped += 1
                tick()
                continue
            known.add(doc.fingerprint or "")
            chunk.append(doc)
            if len(chunk) >= batch:
                flush()
    flush()
    return summary
