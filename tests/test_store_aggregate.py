"""The per-dyad per-day aggregate, the pair key and the day-window events page: each read
equals the same read computed the slow way from the events, after ingest, re-ingest, a failed
write, a migration of an older store and a re-clustering."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyad import migrations, query
from dyad.migrations import LATEST, MIGRATIONS, PAIR_SQL
from dyad.query import EventFilter
from dyad.records import DocumentResult
from dyad.store import Store
from dyad.synthetic import synthetic_documents


def documents(n: int, seed: int) -> list[DocumentResult]:
    """Synthetic articles, some events negated, hypothetical, undated or month-dated, so
    the aggregate has to leave out what the series does not count."""
    rng = random.Random(seed)
    out = []
    for doc in synthetic_documents(n, events_per_article=5, seed=seed):
        events = []
        for e in doc.events:
            roll = rng.random()
            if roll < 0.08:
                e = dataclasses.replace(e, negated=True)
            elif roll < 0.14:
                e = dataclasses.replace(e, modality="hypothetical")
            elif roll < 0.2:
                e = dataclasses.replace(e, date=None, date_precision=None)
            elif roll < 0.25 and e.date:
                e = dataclasses.replace(e, date=e.date[:7], date_precision="month")
            events.append(e)
        out.append(dataclasses.replace(doc, events=events))
    return out


def aggregate(store: Store) -> list[tuple[Any, ...]]:
    return store.query("SELECT * FROM dyad_days ORDER BY dyad, day")


def recomputed(store: Store) -> list[tuple[Any, ...]]:
    """dyad_days as the migration's backfill computes it from the events stored now."""
    return store.query(f"{migrations.dyad_days_sql('events')} ORDER BY 1, 2")


def reference_series(
    store: Store,
    a: str,
    b: str,
    interval: str,
    since: dt.date = dt.date.min,
    until: dt.date = dt.date.max,
) -> list[dict[str, Any]]:
    """The series from the events rows, in Python: what query.dyad_series must give."""
    rows = store.query(
        "SELECT event_day, source_key, target_key, goldstein, negated, modality FROM events"
    )
    sums: dict[dt.date, list[float]] = defaultdict(lambda: [0, 0.0, 0, 0.0])
    for day, src, tgt, g, negated, modality in rows:
        if day is None or negated or modality == "hypothetical" or {src, tgt} != {a, b}:
            continue
        if not since <= day <= until:
            continue
        if interval == "month":
            day = day.replace(day=1)
        elif interval == "week":
            day -= dt.timedelta(days=day.weekday())
        s = sums[day]
        s[0] += 1
        s[1] += g or 0.0
        if src == a:
            s[2] += 1
            s[3] += g or 0.0
    return [
        {
            "period": day.isoformat(),
            "events": n,
            "goldstein": round(g, 3) + 0.0,
            "events_ab": ab,
            "events_ba": n - ab,
            "goldstein_ab": round(gab, 3) + 0.0,
            "goldstein_ba": round(g - gab, 3) + 0.0,
        }
        for day, (n, g, ab, gab) in sorted(sums.items())
    ]


DYADS = [("USA", "RUS"), ("RUS", "USA"), ("MLI", "FRA"), ("CHN", "UN"), ("USA", "USA")]


def check_series(store: Store) -> None:
    assert aggregate(store) == recomputed(store)
    for a, b in DYADS:
        for interval in query.INTERVALS:
            expected = reference_series(store, a, b, interval)
            got = query.dyad_series(store, a, b, interval=interval)
            assert got == expected, (a, b, interval)
            assert json.loads(query.dyad_series_json(store, a, b, interval=interval)) == got
    # Days narrow the aggregate; any other filter goes to the events, with the same answer.
    since, until = dt.date(2017, 3, 1), dt.date(2019, 6, 30)
    days = EventFilter(since=since, until=until)
    narrowed = query.dyad_series(store, "USA", "RUS", interval="week", f=days)
    assert narrowed == reference_series(store, "USA", "RUS", "week", since, until)
    every = EventFilter(since=since, until=until, q="")  # q="" filters nothing, reads events
    assert query.dyad_series(store, "USA", "RUS", interval="week", f=every) == narrowed


def test_the_aggregate_follows_ingest_and_reingest(tmp_path: Path) -> None:
    docs = documents(120, seed=3)
    with Store(tmp_path / "s.duckdb") as store:
        store.add(docs[:50])
        check_series(store)
        store.add(docs[30:90])  # overlaps what is stored: only new articles count
        store.add(docs)
        store.add(docs)
        check_series(store)
        assert store.counts()["articles"] == 120


def test_a_failed_write_leaves_the_aggregate_as_it_was(tmp_path: Path) -> None:
    docs = documents(6, seed=4)
    broken = docs[5]
    broken.events.append(broken.events[0])  # the same event_id twice: the insert fails
    with Store(tmp_path / "s.duckdb") as store:
        store.add(docs[:3])
        before = aggregate(store)
        with pytest.raises(duckdb.ConstraintException):
            store.add([docs[3], docs[4], broken])
        assert aggregate(store) == before
        store.add(docs[3:5])
        check_series(store)


def test_an_older_store_is_migrated_and_backfilled(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add(documents(80, seed=5))
        written = aggregate(store)
        pairs = store.query("SELECT event_id, pair FROM events ORDER BY 1")
    # Take the file back to version 3: no aggregate, no pair column, events in ingest order.
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE dyad_days")
    con.execute("ALTER TABLE events DROP COLUMN pair")
    con.execute("DELETE FROM schema_version WHERE version > 3")
    con.close()
    with Store(db) as store:
        assert store.schema_version() == LATEST
        names = [r[0] for r in store.query("SELECT name FROM schema_version ORDER BY version")]
        assert names == [m.name for m in MIGRATIONS]
        assert aggregate(store) == written
        assert store.query("SELECT event_id, pair FROM events ORDER BY 1") == pairs
        check_series(store)


def test_the_writer_and_the_backfill_agree_on_pairs(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add(documents(40, seed=6))
        keys = store.query("SELECT event_id, pair FROM events ORDER BY 1")
        assert sum(1 for _, k in keys if k) > 100
        store._con.execute(f"UPDATE events SET pair = {PAIR_SQL}")
        assert store.query("SELECT event_id, pair FROM events ORDER BY 1") == keys


def reference_page(store: Store, f: EventFilter, limit: int, offset: int) -> tuple[int, list[str]]:
    """Sort every match, then slice: the page as it was computed before the day window."""
    where, params = f.where()
    ids = [
        r[0]
        for r in store.query(
            f"SELECT e.event_id FROM events e WHERE {where} "
            "ORDER BY e.event_day DESC NULLS LAST, e.event_id",
            params,
        )
    ]
    return len(ids), ids[offset : offset + limit]


FILTERS = [
    EventFilter(),
    EventFilter(dyad=("USA", "RUS")),
    EventFilter(dyad=("RUS", "USA"), directed=True),
    EventFilter(dyad=("USA", "USA")),
    EventFilter(actor="MLI", root="4"),
    EventFilter(actor="FRAGOV"),
    EventFilter(since=dt.date(2018, 1, 1), quad_class=2),
    EventFilter(until=dt.date(2016, 6, 1), source="usa"),
    EventFilter(code="04"),
    EventFilter(q="accused"),
]


@pytest.mark.parametrize("cluster", [False, True], ids=["ingest-order", "clustered"])
def test_pages_match_sorting_every_match(tmp_path: Path, cluster: bool) -> None:
    rng = random.Random(8)
    with Store(tmp_path / "s.duckdb") as store:
        store.add(documents(150, seed=7))
        if cluster:
            before = store.query("SELECT * FROM events ORDER BY event_id")
            store.cluster()
            assert store.query("SELECT * FROM events ORDER BY event_id") == before
            with pytest.raises(duckdb.ConstraintException):  # the primary key survives
                store._con.execute("INSERT INTO events SELECT * FROM events LIMIT 1")
        assert store.query("SELECT count(*) FROM events WHERE event_day IS NULL")[0][0] > 0
        for f in FILTERS:
            total = reference_page(store, f, 1, 0)[0]
            offsets = {0, 1, 7, max(total - 3, 0), total, total + 5, rng.randrange(total + 1)}
            for offset in sorted(offsets):
                for limit in (1, 3, 50):
                    got_total, items = query.events_page(store, f, limit=limit, offset=offset)
                    expected = reference_page(store, f, limit, offset)
                    assert (got_total, [e["event_id"] for e in items]) == expected, (f, offset)
            if f.dyad and f.dyad[0] != f.dyad[1]:
                a, b = f.dyad
                for e in query.events_page(store, f, limit=50)[1]:
                    assert {e["source_key"], e["target_key"]} == {a, b}
                    assert not f.directed or e["source_key"] == a
        # Pages carry the record, its sentence, day and article as before.
        first = query.events_page(store, EventFilter(dyad=("USA", "RUS")), limit=1)[1][0]
        assert first["article"]["title"].startswith("Synthetic article")
        assert first["sentence"]["text"] and first["event_day"]
