"""`dyad extract` end to end, as a user runs it: real files in, the contract's files out."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_857e34fc77add78a.txt"
OUTPUTS = ("articles", "events", "quotes", "mentions", "rejected")


def run_dyad(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyad.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def read_out(out: Path) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [json.loads(line) for line in (out / f"{name}.jsonl").read_text().splitlines()]
        for name in OUTPUTS
    }


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("seed-out")
    proc = run_dyad(
        "extract", str(REPO / "examples"), "--out", str(out), "--published", "2023-03-16"
    )
    return {"proc": proc, "records": read_out(out)}


def test_extract_examples_writes_every_output_file(seed_run: dict[str, Any]) -> None:
    proc = seed_run["proc"]
    assert proc.returncode == 0, proc.stderr
    records = seed_run["records"]
    assert len(records["articles"]) == 1
    assert records["rejected"] == []
    assert records["events"] and records["quotes"] and records["mentions"]
    assert "Traceback" not in proc.stderr
    assert "1 articles" in proc.stderr  # the closing summary


def test_records_follow_the_contract(seed_run: dict[str, Any]) -> None:
    records = seed_run["records"]
    article = records["articles"][0]
    assert set(article) >= {
        "doc_id",
        "source_id",
        "url",
        "title",
        "published",
        "lang",
        "authors",
        "text",
    }
    assert article["published"] == "2023-03-16"
    assert article["lang"] == "en"
    text = article["text"]
    event_keys = {
        "event_id",
        "doc_id",
        "sentence",
        "trigger",
        "source",
        "target",
        "cameo",
        "root",
        "plover",
        "quad_class",
        "goldstein",
        "date",
        "date_precision",
        "location",
        "negated",
        "modality",
        "quote_id",
        "confidence",
        "rule",
    }
    actor_keys = {"text", "start", "end", "code", "country", "igo", "sector", "name", "kind"}
    for event in records["events"]:
        assert set(event) >= event_keys
        assert event["doc_id"] == article["doc_id"]
        assert event["cameo"].startswith(event["root"])
        assert event["quad_class"] in {1, 2, 3, 4}
        assert -10.0 <= event["goldstein"] <= 10.0
        assert event["modality"] in {"asserted", "reported", "intended", "hypothetical"}
        assert 0.0 <= event["confidence"] <= 1.0
        trigger = event["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]
        sentence = event["sentence"]
        assert sentence["start"] <= trigger["start"] < trigger["end"] <= sentence["end"]
        for side in ("source", "target"):
            actor = event[side]
            if actor is None:
                continue
            assert set(actor) >= actor_keys
            assert text[actor["start"] : actor["end"]] == actor["text"]
    for quote in records["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
        if quote["cue"]:
            cue = quote["cue"]
            assert text[cue["start"] : cue["end"]] == cue["text"]
    for mention in records["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["text"]
        assert mention["kind"] in {"actor", "time", "place"}


def test_doc_ids_are_stable_across_runs(seed_run: dict[str, Any], tmp_path: Path) -> None:
    proc = run_dyad("extract", str(SEED), "--out", str(tmp_path), "--published", "2023-03-16")
    assert proc.returncode == 0, proc.stderr
    again = read_out(tmp_path)
    assert again["articles"][0]["doc_id"] == seed_run["records"]["articles"][0]["doc_id"]
    assert [e["event_id"] for e in again["events"]] == [
        e["event_id"] for e in seed_run["records"]["events"]
    ]


def test_bad_inputs_are_rejected_and_the_rest_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    whole = gzip.compress(("A short report about talks in Nairobi. " * 200).encode())
    (folder / "truncated.txt.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "latin1.txt").write_bytes(
        "Le ministre a visité Bamako. Déclaration été".encode("latin-1")
    )
    out = tmp_path / "out"
    proc = run_dyad("extract", str(folder), "--out", str(out))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    records = read_out(out)
    assert len(records["articles"]) == 1
    assert records["articles"][0]["title"].startswith("Mali Considers Russia")
    rejected = {Path(r["input"]).name: r["reason"] for r in records["rejected"]}
    assert set(rejected) == {"empty.txt", "binary.txt", "truncated.txt.gz", "latin1.txt"}
    assert all(len(reason) > 15 for reason in rejected.values())
    assert "empty" in rejected["empty.txt"].lower()
    assert "binary" in rejected["binary.txt"].lower()
    assert "utf-8" in rejected["latin1.txt"].lower()


def test_stdin_jsonl_and_source_ids(tmp_path: Path) -> None:
    lines = [
        {
            "id": "a1",
            "text": "Kenya's president visited Ethiopia on Monday for talks.",
            "published": "2024-05-08",
        },
        {
            "id": "a2",
            "html": "<html><head><title>Talks</title></head><body><article><p>"
            "Brazil condemned Venezuela on Friday for closing the border crossing near "
            "Pacaraima, officials in Brasília said in a statement.</p></article></body></html>",
        },
        {"id": "bad"},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    proc = run_dyad(
        "extract", "-", "--out", str(tmp_path), "--published", "2024-05-10", stdin=stdin
    )
    assert proc.returncode == 1, proc.stderr
    records = read_out(tmp_path)
    assert [a["source_id"] for a in records["articles"]] == ["a1", "a2"]
    assert records["articles"][0]["published"] == "2024-05-08"
    assert records["articles"][1]["published"] == "2024-05-10"  # the --published default
    assert len(records["rejected"]) == 1
    triples = {
        (e["source"]["country"], (e["target"] or {}).get("country"), e["root"])
        for e in records["events"]
    }
    assert ("KEN", "ETH", "04") in triples
    assert ("BRA", "VEN", "11") in triples


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "examples"],  # no --out
        ["extract", "examples", "--out", "x", "--published", "16/03/2023"],
        ["extract", "examples", "--out", "x", "--lang", "de"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    proc = run_dyad(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip()


def test_missing_input_is_a_rejection_not_a_crash(tmp_path: Path) -> None:
    proc = run_dyad("extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 1
    rejected = read_out(tmp_path / "o")["rejected"]
    assert len(rejected) == 1 and "no such" in rejected[0]["reason"].lower()
