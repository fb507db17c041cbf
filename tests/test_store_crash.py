"""Crash safety: a real `dyad ingest` process killed with SIGKILL at random moments, again and
again, then run to the end, leaves exactly the store an uninterrupted run builds.

After every kill the store must open, and every article in it must hold all its records:
an article is written with its events, quotes and mentions in one transaction.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyad.migrations import LATEST, current_version, dyad_days_sql
from dyad.store import CONTENT_TABLES, Store
from dyad.synthetic import synthetic_documents
from dyad.write import OutputWriter

ARTICLES = 1000
KILLS = 20
ORDER = {
    "articles": "doc_id",
    "events": "event_id",
    "quotes": "quote_id",
    "mentions": "doc_id, seq",
}


def dyad(*args: str) -> list[str]:
    return [sys.executable, "-m", "dyad.cli", *args]


def content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every content row, in key order, without the ingest timestamps."""
    with Store(db, read_only=True) as store:
        return {
            table: store.query(
                f"SELECT * EXCLUDE (ingested_at) FROM {table} ORDER BY {ORDER[table]}"
                if table == "articles"
                else f"SELECT * FROM {table} ORDER BY {ORDER[table]}"
            )
            for table in CONTENT_TABLES
        }


def dyad_days(db: Path) -> list[tuple[Any, ...]]:
    """The series aggregate, which must equal its recomputation from the stored events."""
    with Store(db, read_only=True) as store:
        kept = store.query("SELECT * FROM dyad_days ORDER BY dyad, day")
        assert kept == store.query(f"{dyad_days_sql('events')} ORDER BY 1, 2")
    return kept


def per_article_counts(db: Path) -> dict[str, tuple[int, int, int]]:
    with Store(db, read_only=True) as store:
        rows = store.query(
            "SELECT a.doc_id, "
            "(SELECT count(*) FROM events e WHERE e.doc_id = a.doc_id), "
            "(SELECT count(*) FROM quotes q WHERE q.doc_id = a.doc_id), "
            "(SELECT count(*) FROM mentions m WHERE m.doc_id = a.doc_id) FROM articles a"
        )
        orphans = store.query(
            "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM articles)"
        )[0][0]
        unlogged = store.query(
            "SELECT count(*) FROM articles WHERE doc_id NOT IN (SELECT doc_id FROM inputs)"
        )[0][0]
    assert orphans == 0, "events stored without their article"
    assert unlogged == 0, "an article stored without its input entry"
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def wal_state(db: Path) -> tuple[int, int] | None:
    wal = db.with_name(db.name + ".wal")
    try:
        st = wal.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


def wait_for_writes(db: Path, proc: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    """Return once the store's write-ahead log changes (a commit), or the process ends."""
    before = wal_state(db)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if wal_state(db) != before:
            return
        time.sleep(0.005)


def migrated(db: Path) -> bool:
    """Whether the schema is in the file; a kill before its first commit leaves no table."""
    if not db.exists():
        return False
    con = duckdb.connect(str(db), read_only=True)
    try:
        version = current_version(con)
        tables = con.execute("SELECT count(*) FROM information_schema.tables").fetchone()
    finally:
        con.close()
    assert version == LATEST or tables == (0,), "a migration was committed in part"
    return version == LATEST


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("records")
    with OutputWriter(folder) as writer:
        for doc in synthetic_documents(ARTICLES, events_per_article=6, seed=11):
            writer.write(doc)
    return folder


def test_killed_ingest_resumes_to_the_uninterrupted_store(records: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference.duckdb"
    done = subprocess.run(
        dyad("ingest", "--records", str(records), "--db", str(reference)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    expected = per_article_counts(reference)
    assert len(expected) == ARTICLES

    crashed = tmp_path / "crashed.duckdb"
    rng = random.Random(int(os.environ.get("DYAD_CRASH_SEED", "2026")))
    kills = partial = 0
    log = tmp_path / "ingest.log"
    stored_before = 0
    for _ in range(4 * KILLS):
        if kills >= KILLS:
            break
        proc = subprocess.Popen(
            dyad("ingest", "--records", str(records), "--db", str(crashed), "--no-progress"),
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        # Kill a random moment after the process starts writing (its write-ahead log moves),
        # or, one time in four, at a random moment of its start-up.
        if rng.random() < 0.25:
            time.sleep(rng.uniform(0.0, 1.5))
        else:
            wait_for_writes(crashed, proc)
            time.sleep(rng.uniform(0.0, 0.4))
        if proc.poll() is not None:
            # It finished before the kill: start over from an empty store, so kills go on
            # landing in the middle of real work.
            assert proc.returncode == 0, log.read_text()
            crashed.unlink()
            stored_before = 0
            continue
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        kills += 1
        stored = per_article_counts(crashed) if migrated(crashed) else {}
        for doc_id, counts in stored.items():
            assert counts == expected[doc_id], f"article {doc_id} is stored only in part"
        if stored:
            dyad_days(crashed)
        if stored_before < len(stored) < ARTICLES:
            partial += 1
        stored_before = len(stored)
    assert kills >= KILLS, f"only {kills} kills landed while dyad ingest was running"
    assert partial >= KILLS // 4, f"only {partial} kills interrupted an ingest in the middle"

    rerun = subprocess.run(
        dyad("ingest", "--records", str(records), "--db", str(crashed)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert content(crashed) == content(reference)
    assert dyad_days(crashed) == dyad_days(reference)

    again = subprocess.run(
        dyad("ingest", "--records", str(records), "--db", str(crashed)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert f"0 new articles (0 events, 0 quotes, 0 mentions), {ARTICLES} already" in again.stderr
    assert content(crashed) == content(reference)
    assert dyad_days(crashed) == dyad_days(reference)
