"""The store: migrations, idempotent and resumable ingest, one writer and concurrent readers."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyad.errors import DataError, UsageError
from dyad.ingest import ingest_inputs, ingest_records, iter_record_folder
from dyad.migrations import COUNTED_DYAD_SQL, LATEST, MIGRATIONS
from dyad.pipeline import Pipeline
from dyad.records import RawDocument
from dyad.store import CONTENT_TABLES, Store, StoreBusy, period_start
from dyad.synthetic import synthetic_documents
from dyad.write import OutputWriter

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_857e34fc77add78a.txt"

# Short articles of our own, one per line of a JSONL input.
ARTICLES = [
    {"id": "a1", "text": "Mali accused France of arming rebels in the north.", "lang": "en"},
    {"id": "a2", "text": "Russia praised Mali for its cooperation on security.", "lang": "en"},
    {"id": "a3", "text": "France condemned the attack on its embassy in Bamako.", "lang": "en"},
    {"id": "a4", "text": "Niger and Mali signed a defence pact with Burkina Faso.", "lang": "en"},
    {"id": "a5", "text": "Germany urged Turkey to release the detained journalists.", "lang": "en"},
    {
        "id": "a6",
        "text": "Japan met China to discuss fishing rights near the islands.",
        "lang": "en",
    },
]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(lang="en", published="2024-05-02")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Store(db, read_only=True) as store:
        out = {}
        for table in CONTENT_TABLES:
            cols = "* EXCLUDE (ingested_at)" if table == "articles" else "*"
            out[table] = sorted(map(repr, store.query(f"SELECT {cols} FROM {table}")))
        return out  # type: ignore[return-value]


def test_a_new_store_records_its_named_migrations(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        rows = store.query("SELECT version, name FROM schema_version ORDER BY version")
        assert rows == [(m.version, m.name) for m in MIGRATIONS]
        assert store.schema_version() == LATEST
        assert store.counts() == dict.fromkeys([*CONTENT_TABLES, "inputs"], 0)
    # Opening again applies nothing twice.
    with Store(tmp_path / "s.duckdb") as store:
        assert store.query("SELECT count(*) FROM schema_version") == [(len(MIGRATIONS),)]


def test_read_only_refuses_missing_old_and_newer_stores(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="dyad ingest INPUT"):
        Store(tmp_path / "none.duckdb", read_only=True)
    old = tmp_path / "old.duckdb"
    duckdb.connect(str(old)).close()
    with pytest.raises(DataError, match="open it once for writing"):
        Store(old, read_only=True)
    newer = tmp_path / "newer.duckdb"
    with Store(newer) as store:
        store._con.execute("INSERT INTO schema_version VALUES (99, 'future', now()::TIMESTAMP)")
    with pytest.raises(DataError, match="upgrade dyad"):
        Store(newer)
    (tmp_path / "folder").mkdir()
    with pytest.raises(UsageError, match="is a folder"):
        Store(tmp_path / "folder")


def test_ingest_is_idempotent(tmp_path: Path, inputs: Path, pipeline: Pipeline) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        first = ingest_inputs(store, [str(inputs)], make_pipeline=lambda: pipeline)
    assert first.added == len(ARTICLES) and first.events > 0
    before = dump(db)
    with Store(db) as store:
        built: list[int] = []

        def counting() -> Pipeline:
            built.append(1)
            return pipeline

        again = ingest_inputs(store, [str(inputs)], make_pipeline=counting)
    assert (again.added, again.skipped, again.events) == (0, len(ARTICLES), 0)
    assert built == [], "nothing new: the pipeline is not even built"
    assert dump(db) == before


def test_an_interrupted_ingest_resumes_to_the_same_store(
    tmp_path: Path, inputs: Path, pipeline: Pipeline
) -> None:
    whole = tmp_path / "whole.duckdb"
    with Store(whole) as store:
        ingest_inputs(store, [str(inputs)], make_pipeline=lambda: pipeline)

    class Interrupted(Exception):
        pass

    class StopsAfter:
        """The real pipeline, but the run is cut off after `n` articles are stored."""

        def __init__(self, n: int) -> None:
            self.n = n

        def itself(self) -> StopsAfter:
            return self

        def process_many(self, raws: Any) -> Iterator[Any]:
            for done, item in enumerate(pipeline.process_many(raws)):
                if done == self.n:
                    raise Interrupted
                yield item

    cut = tmp_path / "cut.duckdb"
    for n in (2, 1, 0):
        with Store(cut) as store, pytest.raises(Interrupted):
            ingest_inputs(store, [str(inputs)], make_pipeline=StopsAfter(n).itself)
    with Store(cut) as store:
        assert store.counts()["articles"] == 3
        rest = ingest_inputs(store, [str(inputs)], make_pipeline=lambda: pipeline)
    assert (rest.added, rest.skipped) == (3, 3)
    assert dump(cut) == dump(whole)


def test_same_article_from_two_inputs_is_stored_once(tmp_path: Path, pipeline: Pipeline) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Mali accused France of arming rebels.\n", encoding="utf-8")
    b.write_text("Mali accused France of arming rebels.\n\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest_inputs(store, [str(a)], make_pipeline=lambda: pipeline)
        second = ingest_inputs(store, [str(b)], make_pipeline=lambda: pipeline)
        assert (summary.added, second.added, second.duplicates) == (1, 0, 1)
        assert store.counts()["articles"] == 1
        # b's fingerprint is recorded too: a third run skips both without parsing.
        third = ingest_inputs(store, [str(a), str(b)], make_pipeline=lambda: pipeline)
        assert third.skipped == 2


def test_an_article_and_its_records_are_one_transaction(tmp_path: Path) -> None:
    docs = list(synthetic_documents(3, events_per_article=4))
    broken = docs[2]
    broken.events.append(broken.events[0])  # the same event_id twice: the insert fails
    with Store(tmp_path / "s.duckdb") as store:
        store.add(docs[:2])
        with pytest.raises(duckdb.ConstraintException):
            store.add([broken])
        assert store.counts()["articles"] == 2
        assert store.counts()["events"] == 8


def test_readers_see_whole_articles_while_the_writer_writes(tmp_path: Path) -> None:
    docs = list(synthetic_documents(30, events_per_article=5))
    seen: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    with Store(tmp_path / "s.duckdb") as store:
        stop = threading.Event()

        def read() -> None:
            try:
                while not stop.is_set():
                    seen.append(
                        store.query(
                            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)"
                        )[0]
                    )
                    time.sleep(0.002)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        readers = [threading.Thread(target=read) for _ in range(3)]
        for t in readers:
            t.start()
        for doc in docs:
            store.add([doc])
        stop.set()
        for t in readers:
            t.join()
    assert not errors
    assert len(seen) > 10
    assert all(events == 5 * articles for articles, events in seen)
    assert max(a for a, _ in seen) > 0


def test_a_second_writer_process_is_told_what_to_do(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db):
        proc = subprocess.run(
            [sys.executable, "-m", "dyad.cli", "ingest", "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 2
    assert "open in another process" in proc.stderr and "POST /api/ingest" in proc.stderr
    assert "Traceback" not in proc.stderr
    with pytest.raises(StoreBusy):
        # The lock is per process: a read-only open elsewhere is refused while a writer holds it.
        code = f"from dyad.store import Store; Store({str(db)!r}, read_only=True)"
        with Store(db):
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
            )
            if "StoreBusy" in out.stderr:
                raise StoreBusy(out.stderr)


def test_record_folders_load_without_recoding(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputWriter(out) as writer:
        for doc in synthetic_documents(30, events_per_article=3):
            writer.write(doc)
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest_records(store, [out], batch=7)
        assert (summary.added, summary.events, summary.quotes) == (30, 90, 30)
        assert ingest_records(store, [out]).skipped == 30
    # Records out of article order are refused with the reason.
    lines = (out / "events.jsonl").read_text().splitlines()
    (out / "events.jsonl").write_text("\n".join([*lines[3:], *lines[:3]]) + "\n")
    with pytest.raises(DataError, match="out of the order"):
        list(iter_record_folder(out))
    with pytest.raises(UsageError, match=r"no articles\.jsonl"):
        list(iter_record_folder(tmp_path))


def test_dyad_ingest_command_summarises_and_flags_rejections(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dyad.cli",
            "ingest",
            str(SEED),
            str(empty),
            "--db",
            str(db),
            "--published",
            "2023-03-16",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert f"rejected {empty}" in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("dyad: 1 new articles (") and "1 rejected" in last
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 1
        assert store.query("SELECT count(*) FROM events WHERE source_key = 'MLI'")[0][0] > 0


@pytest.mark.parametrize(
    ("value", "day"),
    [("2023-03-16", "2023-03-16"), ("2023-03", "2023-03-01"), ("2022", "2022-01-01"),
     ("2023-03-16T10:00:00+00:00", "2023-03-16"), ("soon", None), (None, None)],
)  # fmt: skip
def test_event_days_start_their_period(value: str | None, day: str | None) -> None:
    got = period_start(value)
    assert (got.isoformat() if got else None) == day


def test_documents_can_be_added_as_pipeline_results(tmp_path: Path, pipeline: Pipeline) -> None:
    result = pipeline.process(
        RawDocument(source_id="x", text="Mali accused France of arming rebels.", lang="en")
    )
    with Store(tmp_path / "s.duckdb") as store:
        added = store.add([result])
        assert added.articles == 1 and added.events == len(result.events)
        assert store.has_article(result.article.doc_id)


def test_a_version_1_store_is_upgraded_in_place(tmp_path: Path) -> None:
    """Migration 2 adds the whole-record column; rows from before it are rebuilt on export."""
    from dyad.export import export_events
    from dyad.migrations import create_core_tables

    db = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMP NOT NULL)"
    )
    create_core_tables(con)
    con.execute("INSERT INTO schema_version VALUES (1, 'create_core_tables', now()::TIMESTAMP)")
    con.close()
    with pytest.raises(DataError, match="schema version 1, this dyad needs"):
        Store(db, read_only=True)
    doc = next(synthetic_documents(1, events_per_article=3))
    with Store(db) as store:  # opening for writing applies migration 2
        assert store.schema_version() == LATEST
        names = [r[0] for r in store.query("SELECT name FROM schema_version ORDER BY version")]
        assert names == [m.name for m in MIGRATIONS]
        store.add([doc])
        # Migration 3's backfill (SQL) and the writer (Python) agree on the counted dyads.
        keys = store.query("SELECT event_id, counted_dyad FROM events ORDER BY 1")
        assert any(key for _, key in keys)
        store._con.execute(f"UPDATE events SET counted_dyad = {COUNTED_DYAD_SQL}")
        assert store.query("SELECT event_id, counted_dyad FROM events ORDER BY 1") == keys
        store._con.execute("UPDATE events SET record = NULL")  # as if stored before v2
        out = io.StringIO()
        export_events(store, "jsonl", "-", stdout=out)
    exported = sorted(out.getvalue().splitlines())
    written = sorted(json.dumps(e.to_dict(), separators=(",", ":")) for e in doc.events)
    assert [json.loads(x) for x in exported] == [json.loads(x) for x in written]
