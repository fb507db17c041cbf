"""`dyad export`: JSONL as `dyad extract` writes it, Parquet, PLOVER JSON, GDELT 2.0 TSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dyad.codebook import PLOVER_TYPES
from dyad.export import GDELT_COLUMNS, export_events, fips_codes
from dyad.pipeline import Pipeline
from dyad.query import EventFilter
from dyad.records import RawDocument
from dyad.store import Store
from dyad.synthetic import synthetic_documents

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_857e34fc77add78a.txt"

# The 61 columns of the GDELT 2.0 Event Database codebook, typed out here from the codebook
# (not imported), so the export is checked against GDELT's names rather than its own.
GDELT_CODEBOOK = """GLOBALEVENTID SQLDATE MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode
Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode
Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions
NumSources NumArticles AvgTone
Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code
Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code
Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID
ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code
ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID
DATEADDED SOURCEURL""".split()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("export")
    db = folder / "s.duckdb"
    pipeline = Pipeline(lang="en", published="2023-03-16")
    seed = pipeline.process(RawDocument(source_id=str(SEED), text=SEED.read_text(encoding="utf-8")))
    synthetic = list(synthetic_documents(40, events_per_article=5, seed=3))
    with Store(db) as store:
        store.add([seed, *synthetic])
    return {"db": db, "seed": seed, "synthetic": synthetic, "folder": folder}


def export(built: dict[str, Any], fmt: str, f: EventFilter | None = None) -> str:
    out = io.StringIO()
    with Store(built["db"], read_only=True) as store:
        export_events(store, fmt, "-", f, stdout=out)
    return out.getvalue()


def test_jsonl_is_exactly_what_extract_writes(built: dict[str, Any]) -> None:
    lines = export(built, "jsonl", EventFilter(doc_id=built["seed"].article.doc_id))
    exported = sorted(
        (json.loads(line) for line in lines.splitlines()), key=lambda e: e["event_id"]
    )
    written = sorted((e.to_dict() for e in built["seed"].events), key=lambda e: e["event_id"])
    assert exported == written
    assert len(export(built, "jsonl").splitlines()) == len(built["seed"].events) + 200


def test_filters_narrow_the_export(built: dict[str, Any]) -> None:
    def events(**kw: Any) -> list[dict[str, Any]]:
        return [json.loads(x) for x in export(built, "jsonl", EventFilter(**kw)).splitlines()]

    mli_rus = events(dyad=("MLI", "RUS"))
    assert mli_rus
    assert all({e["source"]["country"], e["target"]["country"]} == {"MLI", "RUS"} for e in mli_rus)
    directed = events(dyad=("MLI", "RUS"), directed=True)
    assert directed and all(e["source"]["country"] == "MLI" for e in directed)
    assert len(directed) < len(mli_rus)
    assert all(e["cameo"].startswith("04") for e in events(code="04"))
    assert all(e["root"] == "11" for e in events(root="11"))
    assert all(e["quad_class"] == 4 for e in events(quad_class=4))
    since, until = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    dated = events(since=since, until=until)
    assert dated and all(e["date"].startswith("2019") for e in dated)
    france = events(actor="FRA")
    assert france and all(
        "FRA" in (e["source"]["country"], (e["target"] or {}).get("country")) for e in france
    )
    assert events(source="MLIGOV") and all(
        e["source"]["code"] == "MLIGOV" for e in events(source="MLIGOV")
    )


def test_gdelt_reads_back_with_gdelt_column_names(built: dict[str, Any]) -> None:
    assert list(GDELT_COLUMNS) == GDELT_CODEBOOK and len(GDELT_CODEBOOK) == 61
    path = built["folder"] / "events.tsv"
    with Store(built["db"], read_only=True) as store:
        n = export_events(store, "gdelt", path, stdout=sys.stdout)
    raw = path.read_text(encoding="utf-8").splitlines()
    assert len(raw) == n and all(len(line.split("\t")) == 61 for line in raw)
    frame = pd.read_csv(
        path,
        sep="\t",
        header=None,
        names=GDELT_CODEBOOK,
        dtype=str,
        keep_default_na=False,
        quoting=csv.QUOTE_NONE,
    )
    assert len(frame) == n and list(frame.columns) == GDELT_CODEBOOK
    assert frame["GLOBALEVENTID"].str.fullmatch(r"\d+").all()
    assert frame["GLOBALEVENTID"].is_unique
    assert frame["SQLDATE"].str.fullmatch(r"(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])").all()
    assert (frame["MonthYear"] == frame["SQLDATE"].str[:6]).all()
    assert (frame["Year"] == frame["SQLDATE"].str[:4]).all()
    assert frame["FractionDate"].str.fullmatch(r"\d{4}\.\d{4}").all()
    assert frame["EventCode"].str.fullmatch(r"\d{3,4}").all()
    assert (frame["EventBaseCode"] == frame["EventCode"].str[:3]).all()
    assert (frame["EventRootCode"] == frame["EventCode"].str[:2]).all()
    assert frame["EventCode"].str.startswith("0").any(), "leading zeros kept (042, not 42)"
    assert frame["QuadClass"].isin(["1", "2", "3", "4"]).all()
    goldstein = frame["GoldsteinScale"].astype(float)
    assert goldstein.between(-10, 10).all()
    assert frame["IsRootEvent"].isin(["0", "1"]).all()
    assert (frame[["NumMentions", "NumSources", "NumArticles"]] == "1").all().all()
    assert frame["DATEADDED"].str.fullmatch(r"\d{14}").all()
    assert frame["Actor1Code"].str.len().gt(0).all()
    assert frame["Actor1CountryCode"].str.fullmatch(r"([A-Z]{3})?").all()
    # Fields dyad does not have stay empty, as in GDELT's own files.
    for column in ("AvgTone", "Actor1EthnicCode", "Actor1Geo_Type", "Actor2Geo_FullName"):
        assert (frame[column] == "").all(), column
    placed = frame[frame["ActionGeo_Type"] != ""]
    assert len(placed) > 0
    # A place outside any state (an IGO's seat in synthetic data) has no FIPS code.
    assert placed["ActionGeo_CountryCode"].isin({*fips_codes().values(), ""}).all()
    assert (placed["ActionGeo_CountryCode"] != "").mean() > 0.5
    assert placed["ActionGeo_Lat"].astype(float).between(-90, 90).all()
    assert placed["ActionGeo_Long"].astype(float).between(-180, 180).all()
    # The seed file has no URL: its SOURCEURL stays empty; the synthetic articles have one.
    assert (placed["SOURCEURL"].str.startswith("https://") | (placed["SOURCEURL"] == "")).all()
    assert frame["SOURCEURL"].str.startswith("https://").sum() == 200
    # Mali in GDELT's geography is FIPS ML; Russia RS; Germany GM, not ISO's DE.
    assert fips_codes()["MLI"] == "ML" and fips_codes()["RUS"] == "RS"
    assert fips_codes()["DEU"] == "GM"
    # Read with GDELT's types, the numbers parse as numbers.
    typed = pd.read_csv(path, sep="\t", header=None, names=GDELT_CODEBOOK, quoting=3)
    assert typed["SQLDATE"].dtype.kind == "i" and typed["GoldsteinScale"].dtype.kind == "f"


def test_parquet_reads_back_with_pandas(built: dict[str, Any]) -> None:
    path = built["folder"] / "events.parquet"
    with Store(built["db"], read_only=True) as store:
        n = export_events(
            store, "parquet", path, EventFilter(dyad=("MLI", "RUS")), stdout=sys.stdout
        )
    frame = pd.read_parquet(path)
    assert len(frame) == n > 0
    assert {"event_id", "cameo", "source_country", "target_country", "event_day"} <= set(frame)
    assert set(frame["source_country"]) | set(frame["target_country"]) == {"MLI", "RUS"}
    assert frame["cameo"].str.fullmatch(r"\d{3,4}").all()


def test_plover_records_follow_the_json_fields(built: dict[str, Any]) -> None:
    records = [json.loads(line) for line in export(built, "plover").splitlines()]
    assert records
    for r in records:
        assert {"id", "date", "source", "event"} <= set(r)  # PLOVER's required fields
        assert r["event"] and set(r["event"]) <= PLOVER_TYPES
        assert dt.date.fromisoformat(r["date"])
        assert r["source"] and r["source"][0]["code"]
        assert r["quad_code"] in (1, 2, 3, 4)
    with Store(built["db"], read_only=True) as store:
        typed = store.query("SELECT count(*) FROM events WHERE plover IS NOT NULL")[0][0]
    assert len(records) == typed  # root 01, which PLOVER drops, is left out


def test_export_command(built: dict[str, Any]) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "dyad.cli", "export", "--db", str(built["db"]), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = run("--format", "gdelt", "--out", "-", "--dyad", "MLI-RUS", "--since", "2020-01-01")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout and all(len(x.split("\t")) == 61 for x in ok.stdout.splitlines())
    assert "events → standard output (gdelt)" in ok.stderr
    bad = run("--format", "parquet", "--out", "-")
    assert bad.returncode == 2 and "give --out FILE.parquet" in bad.stderr
    dyad = run("--format", "jsonl", "--out", "-", "--dyad", "MLI")
    assert dyad.returncode == 2 and "e.g. MLI-RUS" in dyad.stderr
