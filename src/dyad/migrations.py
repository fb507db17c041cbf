"""The store's schema, as named migrations applied in order and recorded in `schema_version`.

Each migration is a plain function that takes an open DuckDB connection. It runs in one
transaction together with its `schema_version` row, so a store is always at a whole version.
Add a migration by appending to MIGRATIONS; never edit or reorder one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from dyad.errors import DataError

# One ACTOR (records.md) flattened into prefixed columns; `key` is the country, else the IGO
# acronym, else IMG for a stateless armed group: what dyads and actor filters match on.
ACTOR_FIELDS: tuple[tuple[str, str], ...] = (
    ("text", "VARCHAR"),
    ("start", "INTEGER"),
    ("end", "INTEGER"),
    ("code", "VARCHAR"),
    ("country", "VARCHAR"),
    ("igo", "VARCHAR"),
    ("sector", "VARCHAR[]"),
    ("name", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("key", "VARCHAR"),
)


def actor_columns(prefix: str) -> list[tuple[str, str]]:
    return [(f"{prefix}_{name}", kind) for name, kind in ACTOR_FIELDS]


ARTICLE_COLUMNS: list[tuple[str, str]] = [
    ("doc_id", "VARCHAR PRIMARY KEY"),
    ("source_id", "VARCHAR NOT NULL"),
    ("url", "VARCHAR"),
    ("title", "VARCHAR"),
    ("published", "VARCHAR"),
    ("published_day", "DATE"),
    ("lang", "VARCHAR"),
    ("authors", "VARCHAR[]"),
    ("text", "VARCHAR NOT NULL"),
    ("captions", "VARCHAR[]"),
    ("ingested_at", "TIMESTAMP NOT NULL"),
]

EVENT_COLUMNS: list[tuple[str, str]] = [
    ("event_id", "VARCHAR PRIMARY KEY"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("sentence_start", "INTEGER"),
    ("sentence_end", "INTEGER"),
    ("sentence_text", "VARCHAR"),
    ("trigger_text", "VARCHAR"),
    ("trigger_start", "INTEGER"),
    ("trigger_end", "INTEGER"),
    *actor_columns("source"),
    *actor_columns("target"),
    ("cameo", "VARCHAR NOT NULL"),
    ("root", "VARCHAR NOT NULL"),
    ("plover", "VARCHAR"),
    ("quad_class", "INTEGER"),
    ("goldstein", "DOUBLE"),
    ("date", "VARCHAR"),
    ("date_precision", "VARCHAR"),
    # The first day the event's date covers (a month- or year-dated event counts on its first
    # day), so series and date filters work on one DATE column.
    ("event_day", "DATE"),
    ("location_name", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("location_start", "INTEGER"),
    ("location_end", "INTEGER"),
    ("negated", "BOOLEAN"),
    ("modality", "VARCHAR"),
    ("quote_id", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("rule", "VARCHAR"),
]

QUOTE_COLUMNS: list[tuple[str, str]] = [
    ("quote_id", "VARCHAR PRIMARY KEY"),
    ("doc_id", "VARCHAR NOT NULL"),
    ("text", "VARCHAR"),
    ("span_start", "INTEGER"),
    ("span_end", "INTEGER"),
    ("kind", "VARCHAR"),
    ("cue_text", "VARCHAR"),
    ("cue_start", "INTEGER"),
    ("cue_end", "INTEGER"),
    *actor_columns("speaker"),
]

MENTION_COLUMNS: list[tuple[str, str]] = [
    ("doc_id", "VARCHAR NOT NULL"),
    ("seq", "INTEGER NOT NULL"),
    ("kind", "VARCHAR NOT NULL"),
    ("text", "VARCHAR"),
    ("span_start", "INTEGER"),
    ("span_end", "INTEGER"),
    *actor_columns("actor"),
    ("value", "VARCHAR"),
    ("precision", "VARCHAR"),
    ("place_name", "VARCHAR"),
    ("place_country", "VARCHAR"),
    ("place_lat", "DOUBLE"),
    ("place_lon", "DOUBLE"),
]

# Which inputs are in the store: a fingerprint of each input's content (or the doc_id of a
# record folder's article), written in the same transaction as its article so a rerun after a
# crash skips exactly the inputs that were committed.
INPUT_COLUMNS: list[tuple[str, str]] = [
    ("fingerprint", "VARCHAR PRIMARY KEY"),
    ("source_id", "VARCHAR"),
    ("doc_id", "VARCHAR"),
    ("ingested_at", "TIMESTAMP NOT NULL"),
]


# Added by migration 2: each event's records.md JSON as `dyad extract` wrote it, kept whole so
# fields the contract gains later survive the store and the JSONL export unchanged.
EVENT_RECORD_COLUMN: tuple[str, str] = ("record", "VARCHAR")


# Added by migration 3: "A|B" (the two actor keys in order) for an event that counts in dyad
# series (two different keyed actors, not negated, not hypothetical), else NULL: one
# dictionary-compressed column to scan instead of four for every series request.
COUNTED_DYAD_COLUMN: tuple[str, str] = ("counted_dyad", "VARCHAR")

COUNTED_DYAD_SQL = (
    "CASE WHEN source_key IS NOT NULL AND target_key IS NOT NULL AND source_key <> target_key "
    "AND NOT negated AND modality <> 'hypothetical' "
    "THEN least(source_key, target_key) || '|' || greatest(source_key, target_key) END"
)


# Added by migration 5: "A|B" (the two actor keys in order) for every event between two
# different keyed actors, counted or not: what the events page's dyad filter matches. One
# column compared with `=` lets DuckDB filter while it scans; an OR over source and target
# keys is evaluated row by row afterwards, six times slower on a million events.
PAIR_COLUMN: tuple[str, str] = ("pair", "VARCHAR")

PAIR_SQL = (
    "CASE WHEN source_key IS NOT NULL AND target_key IS NOT NULL AND source_key <> target_key "
    "THEN least(source_key, target_key) || '|' || greatest(source_key, target_key) END"
)


# Added by migration 4: counted events per dyad per day, for the series (query.dyad_series).
# `dyad` is the counted_dyad "A|B" (A < B); the *_first columns count the events whose source
# is A, so either direction is one subtraction. Kept by the store's writer in the same
# transaction as the events it counts (store.Store.add), so it never disagrees with them.
# Goldstein sums are exact decimals: float sums would depend on how ingest batched the events.
DYAD_DAYS_COLUMNS: list[tuple[str, str]] = [
    ("dyad", "VARCHAR NOT NULL"),
    ("day", "DATE NOT NULL"),
    ("events", "BIGINT NOT NULL"),
    ("goldstein", "DECIMAL(18, 6) NOT NULL"),
    ("events_first", "BIGINT NOT NULL"),
    ("goldstein_first", "DECIMAL(18, 6) NOT NULL"),
]

_FIRST = "source_key = split_part(counted_dyad, '|', 1)"
_GOLDSTEIN = "CAST(goldstein AS DECIMAL(18, 6))"


def dyad_days_sql(source: str) -> str:
    """The dyad_days rows of the events in `source` (a table name chosen in code, not input)."""
    return (
        f"SELECT counted_dyad, event_day, count(*), coalesce(sum({_GOLDSTEIN}), 0), "
        f"count(*) FILTER (WHERE {_FIRST}), "
        f"coalesce(sum({_GOLDSTEIN}) FILTER (WHERE {_FIRST}), 0) "
        f"FROM {source} WHERE counted_dyad IS NOT NULL AND event_day IS NOT NULL "
        "GROUP BY counted_dyad, event_day"
    )


# Adds a batch's rows to the ones already there (the writer's upsert).
DYAD_DAYS_UPSERT = (
    " ON CONFLICT (dyad, day) DO UPDATE SET events = events + excluded.events, "
    "goldstein = goldstein + excluded.goldstein, "
    "events_first = events_first + excluded.events_first, "
    "goldstein_first = goldstein_first + excluded.goldstein_first"
)

# The order the events page reads in (query.events_page). DuckDB skips row groups by their
# min/max zone maps, so events stored in this order let a day range read a few row groups.
EVENTS_CLUSTER_ORDER = "event_day DESC NULLS LAST, event_id"


def _create(table: str, columns: list[tuple[str, str]], extra: str = "") -> str:
    body = ",\n    ".join(f'"{name}" {kind}' for name, kind in columns)
    return f"CREATE TABLE {table} (\n    {body}{extra}\n)"


def create_core_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Articles, events, quotes and mentions as records.md defines them, and the input log."""
    con.execute(_create("articles", ARTICLE_COLUMNS))
    con.execute(_create("events", EVENT_COLUMNS))
    con.execute(_create("quotes", QUOTE_COLUMNS))
    con.execute(_create("mentions", MENTION_COLUMNS, ",\n    PRIMARY KEY (doc_id, seq)"))
    con.execute(_create("inputs", INPUT_COLUMNS))


def keep_event_records(con: duckdb.DuckDBPyConnection) -> None:
    """Keep each event's whole JSON record beside its columns (NULL for older rows)."""
    name, kind = EVENT_RECORD_COLUMN
    con.execute(f'ALTER TABLE events ADD COLUMN "{name}" {kind}')


def add_counted_dyad(con: duckdb.DuckDBPyConnection) -> None:
    """The counted-dyad key of every event, filled in for the events already stored."""
    name, kind = COUNTED_DYAD_COLUMN
    con.execute(f'ALTER TABLE events ADD COLUMN "{name}" {kind}')
    con.execute(f'UPDATE events SET "{name}" = {COUNTED_DYAD_SQL}')


def add_dyad_days(con: duckdb.DuckDBPyConnection) -> None:
    """The per-dyad per-day aggregate, filled in from the events already stored."""
    con.execute(_create("dyad_days", DYAD_DAYS_COLUMNS, ",\n    PRIMARY KEY (dyad, day)"))
    con.execute(f"INSERT INTO dyad_days {dyad_days_sql('events')} ORDER BY 1, 2")


def add_event_pair(con: duckdb.DuckDBPyConnection) -> None:
    """The pair key of every event, filled in for the events already stored."""
    name, kind = PAIR_COLUMN
    con.execute(f'ALTER TABLE events ADD COLUMN "{name}" {kind}')
    con.execute(f'UPDATE events SET "{name}" = {PAIR_SQL}')


def cluster_events(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the events table in page order (newest day first) so day ranges prune.

    Rows added later are appended at the end (in ingest order, which for news is mostly day
    order); `Store.cluster` calls this again. Works on whatever columns the table has now.
    """
    row = con.execute(
        "SELECT sql FROM duckdb_tables() WHERE table_name = 'events' AND schema_name = 'main' "
        "AND database_name = current_database()"
    ).fetchone()
    if not row:
        raise DataError("the store has no events table")
    ddl = str(row[0])
    head = "CREATE TABLE events("
    if not ddl.startswith(head):
        raise DataError(f"unexpected events table definition: {ddl[:80]}")
    con.execute("CREATE TABLE events__clustered(" + ddl[len(head) :])
    con.execute(
        f"INSERT INTO events__clustered SELECT * FROM events ORDER BY {EVENTS_CLUSTER_ORDER}"
    )
    con.execute("DROP TABLE events")
    con.execute("ALTER TABLE events__clustered RENAME TO events")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "create_core_tables", create_core_tables),
    Migration(2, "keep_event_records", keep_event_records),
    Migration(3, "add_counted_dyad", add_counted_dyad),
    Migration(4, "add_dyad_days", add_dyad_days),
    Migration(5, "add_event_pair", add_event_pair),
    Migration(6, "cluster_events", cluster_events),
)

LATEST = MIGRATIONS[-1].version


def _ensure_version_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied migration, 0 for a new file."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
        ["schema_version"],
    ).fetchone()
    if not found or not found[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every migration the store lacks; their names. A new file gets them all in one
    transaction (it is either empty or up to date, whenever the process dies); an existing
    store gets each in its own, so it is always at a whole version."""
    version = current_version(con)
    if version > LATEST:
        raise DataError(
            f"this store is at schema version {version}, newer than this dyad knows ({LATEST}); "
            "upgrade dyad (pip install -U dyad) to open it"
        )
    pending = [m for m in MIGRATIONS if m.version > version]
    steps = [pending] if version == 0 else [[m] for m in pending]
    for step in steps:
        con.execute("BEGIN TRANSACTION")
        try:
            _ensure_version_table(con)
            for migration in step:
                migration.apply(con)
                con.execute(
                    "INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)",
                    [migration.version, migration.name],
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return [m.name for m in pending]


def check(con: duckdb.DuckDBPyConnection, where: str) -> None:
    """Refuse a read-only store whose schema this dyad cannot read."""
    version = current_version(con)
    if version == LATEST:
        return
    if version > LATEST:
        raise DataError(
            f"{where} is at schema version {version}, newer than this dyad knows ({LATEST}); "
            "upgrade dyad to read it"
        )
    raise DataError(
        f"{where} is at schema version {version}, this dyad needs {LATEST}; open it once for "
        f"writing to upgrade it in place (`dyad ingest --db {where}` with no inputs)"
    )
