"""`dyad export`: the store's events as JSONL, Parquet, PLOVER-style JSON or GDELT 2.0 TSV.

- jsonl: one events.jsonl record (records.md) per line, exactly as `dyad extract` writes it.
- parquet: the flat `events` table (one column per field), written by DuckDB's COPY.
- plover: PLOVER's JSON event records (PLOVER manual, "JSON Data Fields"), one per line, as
  the manual suggests; events of CAMEO root 01, which PLOVER drops, are left out.
- gdelt: GDELT 2.0 Event Database rows: the 61 tab-separated columns in the codebook's order,
  no header (GDELT_COLUMNS names them), dates as YYYYMMDD, codes as strings with their leading
  zeros. Fields dyad does not have are left empty, as GDELT leaves them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import pycountry

from dyad import __version__
from dyad.errors import UsageError
from dyad.query import EventFilter, actor_dict, event_dict
from dyad.store import Store

FORMATS = ("jsonl", "parquet", "plover", "gdelt")

# GDELT 2.0 Event Database codebook (GDELT-Event_Codebook-V2.0), in file order.
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")  # fmt: skip
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO),
    *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# Columns a reader should keep as strings so codes keep their leading zeros (EventCode 042).
GDELT_STRING_COLUMNS = tuple(
    c
    for c in GDELT_COLUMNS
    if c.endswith(("Code", "Name", "FullName", "FeatureID")) or c in ("SOURCEURL",)
)

# Geo types of GDELT's codebook: 1 country, 4 world city (dyad's places carry no finer type).
GEO_COUNTRY, GEO_WORLD_CITY = 1, 4

_ROWS = (
    "SELECT e.*, a.url, a.title, a.lang, a.ingested_at, "
    # The event is a root event when its sentence is in the article's first paragraph.
    "e.sentence_start < coalesce(nullif(strpos(a.text, ?), 0) - 1, length(a.text)) AS in_lead "
    "FROM events e JOIN articles a USING (doc_id) WHERE {where} "
    "ORDER BY e.event_day NULLS LAST, e.doc_id, e.sentence_start, e.event_id"
)


def _rows(store: Store, f: EventFilter) -> Iterator[dict[str, Any]]:
    where, params = f.where()
    with store.reader() as cur:
        cur.execute(_ROWS.format(where=where), ["\n\n", *params])
        names = [d[0] for d in cur.description or []]
        while batch := cur.fetchmany(2000):
            for row in batch:
                yield dict(zip(names, row, strict=True))


def export_events(
    store: Store, fmt: str, out: str | Path, f: EventFilter | None = None, *, stdout: TextIO
) -> int:
    """Write the events matching `f` to `out` ('-' is `stdout`); the number written."""
    f = f or EventFilter()
    if fmt not in FORMATS:
        raise UsageError(f"format {fmt!r}: give one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if str(out) == "-":
            raise UsageError("Parquet is binary: give --out FILE.parquet, not '-'")
        return _parquet(store, Path(out), f)
    writer: Callable[[Iterator[dict[str, Any]], TextIO], int] = {
        "jsonl": _write_jsonl,
        "plover": _write_plover,
        "gdelt": _write_gdelt,
    }[fmt]
    if str(out) == "-":
        return writer(_rows(store, f), stdout)
    path = Path(out)
    if path.is_dir():
        raise UsageError(f"--out {path} is a folder; give a file name")
    try:
        with path.open("w", encoding="utf-8", newline="") as stream:
            return writer(_rows(store, f), stream)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _parquet(store: Store, path: Path, f: EventFilter) -> int:
    where, params = f.where()
    count = store.query(f"SELECT count(*) FROM events e WHERE {where}", params)[0][0]
    try:
        with store.reader() as cur:
            cur.execute(
                f"COPY (SELECT e.* EXCLUDE (record, pair) FROM events e WHERE {where} "
                "ORDER BY e.event_day, e.event_id) "
                "TO ? (FORMAT PARQUET)",
                [*params, str(path)],
            )
    except Exception as exc:
        raise UsageError(f"cannot write {path}: {exc}") from exc
    return int(count)


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _write_jsonl(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for row in rows:
        # The stored record is the line `dyad extract` wrote; older rows are rebuilt.
        out.write((row.get("record") or _dumps(event_dict(row))) + "\n")
        n += 1
    return n


# ---- PLOVER ---------------------------------------------------------------------------------


def _plover_actor(actor: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not actor:
        return []
    out: dict[str, Any] = {
        "code": actor.get("country") or actor.get("igo") or actor["code"],
        "actor_text": actor["text"],
    }
    if actor.get("sector"):
        out["sector"] = actor["sector"][0]
    if actor.get("name"):
        out["identifier_text"] = actor["name"]
    return [out]


def plover_record(row: dict[str, Any]) -> dict[str, Any] | None:
    """One PLOVER JSON event record; None for an event PLOVER has no type for."""
    if not row.get("plover"):
        return None
    day = row.get("event_day")
    record: dict[str, Any] = {
        "id": row["event_id"],
        "date": day.isoformat() if day else None,
        "date_resolution": row.get("date_precision"),
        "source": _plover_actor(actor_dict(row, "source")),
        "recipient": _plover_actor(actor_dict(row, "target")),
        "event": [row["plover"]],
        "mode": "",
        "context": [],
        "event_text": [row["trigger_text"]],
        "quad_code": row["quad_class"],
        "event_scale": row["goldstein"],
        "cameo": row["cameo"],
        "text": row.get("sentence_text"),
        "text_info": {"start": row["sentence_start"], "end": row["sentence_end"]},
        "cite_info": {
            "url": row.get("url"),
            "title": row.get("title"),
            "language": row.get("lang"),
            "coder": f"dyad {__version__}",
            "codebook": "CAMEO 1.1b3 with PLOVER types",
        },
        "coder": f"dyad {__version__}",
        "coded_date": row["ingested_at"].date().isoformat() if row.get("ingested_at") else None,
        "negated": row["negated"],
        "modality": row["modality"],
    }
    if row.get("location_name") is not None:
        record["event_loc"] = {
            "name": row["location_name"],
            "latitude": row["location_lat"],
            "longitude": row["location_lon"],
            "cc3": row["location_country"],
            "country code": _alpha2(row["location_country"]),
        }
    return record


def _write_plover(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for row in rows:
        record = plover_record(row)
        if record is not None:
            out.write(_dumps(record) + "\n")
            n += 1
    return n


# ---- GDELT ----------------------------------------------------------------------------------


@cache
def fips_codes() -> dict[str, str]:
    """ISO 3166-1 alpha-3 → FIPS 10-4, the country codes of GDELT's geography columns."""
    text = resources.files("dyad").joinpath("data", "gdelt_fips.tsv").read_text("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines()[1:]:
        if line and not line.startswith(("#", "iso3\t")):
            iso3, fips = line.split("\t")
            table[iso3] = fips
    return table


@cache
def _alpha2(iso3: str | None) -> str | None:
    if not iso3:
        return None
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else None


@cache
def _country_name(iso3: str | None) -> str | None:
    if not iso3:
        return None
    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or (country.name if country else None)


def _clean(value: Any) -> str:
    """A field value: no tabs or line breaks inside a TSV cell."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def _gdelt_actor(actor: dict[str, Any] | None) -> list[str]:
    if not actor:
        return [""] * len(_ACTOR)
    sectors = list(actor.get("sector") or [])[:3]
    return [
        actor["code"],
        _clean(actor.get("name") or actor.get("text")).upper(),
        actor.get("country") or "",
        "",  # KnownGroupCode: dyad's IGO acronyms are not CAMEO's known-group codes
        "",  # EthnicCode
        "",  # Religion1Code
        "",  # Religion2Code
        *(sectors + [""] * (3 - len(sectors))),
    ]


def _action_geo(row: dict[str, Any]) -> list[str]:
    if row.get("location_lat") is None or row.get("location_lon") is None:
        return [""] * len(_GEO)
    iso3 = row.get("location_country")
    fips = fips_codes().get(iso3 or "", "")
    country_name = _country_name(iso3)
    name = _clean(row.get("location_name"))
    is_country = bool(country_name) and name.casefold() == (country_name or "").casefold()
    full = name if is_country or not country_name else f"{name}, {country_name}"
    return [
        str(GEO_COUNTRY if is_country else GEO_WORLD_CITY),
        full,
        fips,
        fips if is_country else "",  # ADM1Code: a country's own code, as GDELT writes it
        "",
        f"{row['location_lat']:.4f}",
        f"{row['location_lon']:.4f}",
        fips if is_country else "",
    ]


def gdelt_row(row: dict[str, Any]) -> list[str]:
    """The 61 GDELT 2.0 fields of one event, as strings."""
    day: dt.date | None = row.get("event_day")
    added: dt.datetime | None = row.get("ingested_at")
    fields = [
        str(int(row["event_id"][:15], 16)),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        day.strftime("%Y") if day else "",
        f"{day.year + day.timetuple().tm_yday / 365:.4f}" if day else "",
        *_gdelt_actor(actor_dict(row, "source")),
        *_gdelt_actor(actor_dict(row, "target")),
        "1" if row.get("in_lead") else "0",
        row["cameo"],
        row["cameo"][:3],
        row["root"],
        str(row["quad_class"]),
        repr(float(row["goldstein"])),
        "1",  # NumMentions: each dyad event comes from one mention in one article
        "1",  # NumSources
        "1",  # NumArticles
        "",  # AvgTone: dyad does not score tone
        *[""] * len(_GEO),  # Actor1Geo_*: dyad places events, not actors
        *[""] * len(_GEO),  # Actor2Geo_*
        *_action_geo(row),
        added.strftime("%Y%m%d%H%M%S") if added else "",
        _clean(row.get("url")),
    ]
    assert len(fields) == len(GDELT_COLUMNS)
    return fields


def _write_gdelt(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for row in rows:
        # No quoting, as in GDELT's files: _clean keeps tabs and line breaks out of every cell.
        out.write("\t".join(gdelt_row(row)) + "\n")
        n += 1
    return n
