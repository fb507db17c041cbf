"""dyad's store: one embedded DuckDB file holding articles, events, quotes and mentions.

One writer: every write goes through a `Store` method, under one lock, and an article is written
with all its records in ONE transaction, so a process killed at any moment leaves each article
either wholly in the store or not at all. Readers take their own cursor per thread and see
committed articles only. DuckDB lets one process open a file for writing, or any number of
processes open it read-only; `Store` turns the lock conflict into an error that says what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from dyad import migrations
from dyad.errors import DataError, UsageError
from dyad.migrations import (
    ACTOR_FIELDS,
    ARTICLE_COLUMNS,
    COUNTED_DYAD_COLUMN,
    EVENT_COLUMNS,
    EVENT_RECORD_COLUMN,
    INPUT_COLUMNS,
    MENTION_COLUMNS,
    PAIR_COLUMN,
    QUOTE_COLUMNS,
)
from dyad.records import DocumentResult

DEFAULT_DB = "dyad.duckdb"

_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()),
}

# Content tables in a stable order; `inputs` is the log of what was ingested, not content.
CONTENT_TABLES = ("articles", "events", "quotes", "mentions")


class StoreBusy(UsageError):
    """The store file is locked by another process."""


def _arrow_schema(columns: list[tuple[str, str]]) -> pa.Schema:
    fields = []
    for name, kind in columns:
        base = kind.replace(" PRIMARY KEY", "").replace(" NOT NULL", "")
        fields.append(pa.field(name, _ARROW_TYPES[base]))
    return pa.schema(fields)


_SCHEMAS = {
    "articles": _arrow_schema(ARTICLE_COLUMNS),
    "events": _arrow_schema(
        [*EVENT_COLUMNS, EVENT_RECORD_COLUMN, COUNTED_DYAD_COLUMN, PAIR_COLUMN]
    ),
    "quotes": _arrow_schema(QUOTE_COLUMNS),
    "mentions": _arrow_schema(MENTION_COLUMNS),
    "inputs": _arrow_schema(INPUT_COLUMNS),
}


def actor_key(actor: dict[str, Any] | None) -> str | None:
    """Country, else IGO acronym, else IMG for a stateless armed group (records.Actor.key)."""
    if not actor:
        return None
    if actor.get("country"):
        return str(actor["country"])
    if actor.get("igo"):
        return str(actor["igo"])
    if "IMG" in (actor.get("sector") or []):
        return "IMG"
    return None


def period_start(value: str | None) -> dt.date | None:
    """The first day of an ISO date, month (YYYY-MM) or year (YYYY); None when unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1)
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:7]), 1)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


@dataclass(slots=True)
class StoredDocument:
    """One article and its records, as `to_dict` gives them (records.md), ready to store."""

    article: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    # What marks the input as ingested; None stores the article without an input entry.
    fingerprint: str | None = None

    @classmethod
    def from_result(cls, result: DocumentResult, fingerprint: str | None) -> StoredDocument:
        return cls(
            article=result.article.to_dict(),
            events=[e.to_dict() for e in result.events],
            quotes=[q.to_dict() for q in result.quotes],
            mentions=[m.to_dict() for m in result.mentions],
            fingerprint=fingerprint,
        )

    @property
    def doc_id(self) -> str:
        return str(self.article["doc_id"])


@dataclass(slots=True)
class AddResult:
    """What one `Store.add` call changed."""

    articles: int = 0
    events: int = 0
    quotes: int = 0
    mentions: int = 0
    duplicates: int = 0  # articles whose doc_id was already stored: nothing written for them


def _actor_values(actor: dict[str, Any] | None) -> list[Any]:
    if not actor:
        return [None] * len(ACTOR_FIELDS)
    values: list[Any] = []
    for name, _ in ACTOR_FIELDS:
        if name == "key":
            values.append(actor_key(actor))
        elif name == "sector":
            values.append(list(actor.get("sector") or []))
        else:
            values.append(actor.get(name))
    return values


def _article_row(a: dict[str, Any], now: dt.datetime) -> list[Any]:
    return [
        a["doc_id"],
        a.get("source_id") or "",
        a.get("url"),
        a.get("title"),
        a.get("published"),
        period_start(a.get("published")),
        a.get("lang"),
        list(a.get("authors") or []),
        a.get("text") or "",
        list(a.get("captions") or []),
        now,
    ]


def pair(e: dict[str, Any]) -> str | None:
    """migrations.PAIR_SQL for one event record."""
    a, b = actor_key(e.get("source")), actor_key(e.get("target"))
    if not a or not b or a == b:
        return None
    return f"{min(a, b)}|{max(a, b)}"


def counted_dyad(e: dict[str, Any]) -> str | None:
    """migrations.COUNTED_DYAD_SQL for one event record."""
    if e.get("negated") or e.get("modality") == "hypothetical":
        return None
    return pair(e)


def _event_row(e: dict[str, Any], text: str) -> list[Any]:
    sentence = e.get("sentence") or {}
    s_start, s_end = sentence.get("start"), sentence.get("end")
    trigger = e.get("trigger") or {}
    loc = e.get("location") or {}
    return [
        e["event_id"],
        e["doc_id"],
        s_start,
        s_end,
        text[s_start:s_end] if s_start is not None and s_end is not None else None,
        trigger.get("text"),
        trigger.get("start"),
        trigger.get("end"),
        *_actor_values(e.get("source")),
        *_actor_values(e.get("target")),
        e["cameo"],
        e["root"],
        e.get("plover"),
        e.get("quad_class"),
        e.get("goldstein"),
        e.get("date"),
        e.get("date_precision"),
        period_start(e.get("date")),
        loc.get("name"),
        loc.get("country"),
        loc.get("lat"),
        loc.get("lon"),
        loc.get("start"),
        loc.get("end"),
        bool(e.get("negated")),
        e.get("modality"),
        e.get("quote_id"),
        e.get("confidence"),
        e.get("rule"),
        json.dumps(e, ensure_ascii=False, separators=(",", ":")),
        counted_dyad(e),
        pair(e),
    ]


def _quote_row(q: dict[str, Any]) -> list[Any]:
    cue = q.get("cue") or {}
    return [
        q["quote_id"],
        q["doc_id"],
        q.get("text"),
        q.get("start"),
        q.get("end"),
        q.get("kind"),
        cue.get("text"),
        cue.get("start"),
        cue.get("end"),
        *_actor_values(q.get("speaker")),
    ]


def _mention_row(doc_id: str, seq: int, m: dict[str, Any]) -> list[Any]:
    return [
        doc_id,
        seq,
        m.get("kind"),
        m.get("text"),
        m.get("start"),
        m.get("end"),
        *_actor_values(m.get("actor")),
        m.get("value"),
        m.get("precision"),
        m.get("name"),
        m.get("country"),
        m.get("lat"),
        m.get("lon"),
    ]


def _table(name: str, rows: list[list[Any]]) -> pa.Table:
    schema = _SCHEMAS[name]
    columns: list[Any] = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pa.table(
        [pa.array(list(col), type=f.type) for col, f in zip(columns, schema, strict=True)],
        schema=schema,
    )


class Store:
    """An open dyad store. `Store(path)` creates and upgrades the file; `read_only=True` reads."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise UsageError(
                f"there is no store at {self.path}; build one with "
                f"`dyad ingest INPUT... --db {self.path}`"
            )
        if self.path.exists() and self.path.is_dir():
            raise UsageError(f"--db {self.path} is a folder; give a file path for the store")
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(
                    f"{self.path} is open in another process that blocks this one (DuckDB "
                    "allows one writing process per file, or any number of read-only ones): "
                    "a running `dyad ingest` or `dyad serve`. Wait for it or stop it; to add "
                    "articles while serving, start `dyad serve` with DYAD_API_TOKEN set and "
                    "send them to POST /api/ingest"
                ) from exc
            raise UsageError(f"cannot open the store {self.path}: {exc}") from exc
        except duckdb.Error as exc:
            raise DataError(
                f"{self.path} is not a dyad store (DuckDB could not open it: {exc}); "
                "give another --db path"
            ) from exc
        self._write_lock = threading.Lock()
        try:
            if read_only:
                migrations.check(self._con, str(self.path))
            else:
                migrations.migrate(self._con)
        except BaseException:
            self._con.close()
            raise

    # ---- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            # Drop the connection object too: DuckDB objects alive at interpreter exit are
            # reported as leaks.
            self._con = None  # type: ignore[assignment]

    # ---- reading ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A reading connection of its own (DuckDB connections are not shared by threads),
        closed when the block ends; it sees what was committed when it started reading."""
        cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a parameterised read."""
        with self.reader() as cur:
            return cur.execute(sql, list(params)).fetchall()

    def query_dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.reader() as cur:
            cur.execute(sql, list(params))
            names = [d[0] for d in cur.description or []]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def schema_version(self) -> int:
        with self.reader() as cur:
            return migrations.current_version(cur)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for table in (*CONTENT_TABLES, "inputs"):
            row = self.query(f"SELECT count(*) FROM {table}")  # table names are constants
            out[table] = int(row[0][0])
        return out

    def known_fingerprints(self) -> set[str]:
        return {row[0] for row in self.query("SELECT fingerprint FROM inputs")}

    def has_article(self, doc_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM articles WHERE doc_id = ?", [doc_id]))

    # ---- writing ------------------------------------------------------------------------------

    def add(self, documents: Iterable[StoredDocument | DocumentResult]) -> AddResult:
        """Store articles with all their records in ONE transaction: all of them or none.

        Articles whose doc_id is already stored are skipped (their input fingerprint is still
        recorded), so adding the same article twice changes nothing.
        """
        if self.read_only:
            raise UsageError(f"{self.path} is open read-only; open it with read_only=False")
        docs = [
            d if isinstance(d, StoredDocument) else StoredDocument.from_result(d, None)
            for d in documents
        ]
        result = AddResult()
        if not docs:
            return result
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self._write_lock:
            con = self._con
            con.execute("BEGIN TRANSACTION")
            try:
                present = {
                    row[0]
                    for row in con.execute(
                        "SELECT doc_id FROM articles WHERE doc_id IN (SELECT unnest(?))",
                        [[d.doc_id for d in docs]],
                    ).fetchall()
                }
                rows: dict[str, list[list[Any]]] = {t: [] for t in _SCHEMAS}
                for doc in docs:
                    if doc.fingerprint is not None:
                        rows["inputs"].append(
                            [doc.fingerprint, doc.article.get("source_id"), doc.doc_id, now]
                        )
                    if doc.doc_id in present:
                        result.duplicates += 1
                        continue
                    present.add(doc.doc_id)
                    text = doc.article.get("text") or ""
                    rows["articles"].append(_article_row(doc.article, now))
                    rows["events"] += [_event_row(e, text) for e in doc.events]
                    rows["quotes"] += [_quote_row(q) for q in doc.quotes]
                    rows["mentions"] += [
                        _mention_row(doc.doc_id, i, m) for i, m in enumerate(doc.mentions)
                    ]
                for table, table_rows in rows.items():
                    if not table_rows:
                        continue
                    con.register("_incoming", _table(table, table_rows))
                    try:
                        # Constant table names; the values travel in the registered Arrow table.
                        conflict = " ON CONFLICT DO NOTHING" if table == "inputs" else ""
                        con.execute(f"INSERT INTO {table} SELECT * FROM _incoming{conflict}")
                        if table == "events":
                            # Same transaction as the events: the aggregate counts exactly
                            # the committed ones, after a crash and a rerun too.
                            con.execute(
                                "INSERT INTO dyad_days "
                                f"{migrations.dyad_days_sql('_incoming')}"
                                f"{migrations.DYAD_DAYS_UPSERT}"
                            )
                    finally:
                        # Fails inside an aborted transaction; dropped again after ROLLBACK.
                        with contextlib.suppress(duckdb.Error):
                            con.unregister("_incoming")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                with contextlib.suppress(duckdb.Error):
                    con.unregister("_incoming")
                raise
        result.articles = len(rows["articles"])
        result.events = len(rows["events"])
        result.quotes = len(rows["quotes"])
        result.mentions = len(rows["mentions"])
        return result

    def cluster(self) -> None:
        """Rewrite the events in page order (newest day first), in one transaction.

        Worth it after a bulk load in no particular day order: the events page and day
        filters then read a few row groups instead of all of them.
        """
        if self.read_only:
            raise UsageError(f"{self.path} is open read-only; open it with read_only=False")
        with self._write_lock:
            con = self._con
            con.execute("BEGIN TRANSACTION")
            try:
                migrations.cluster_events(con)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("CHECKPOINT")

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file (DuckDB also does this by itself)."""
        with self._write_lock:
            self._con.execute("CHECKPOINT")
