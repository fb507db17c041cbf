"""Reads over a store, shared by the exports, the HTTP API and the notebook API.

Every statement is parameterised: values travel as `?` parameters, and the only SQL text built
at run time is chosen from constants here (column lists, fixed fragments), never from input.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from dyad.errors import UsageError
from dyad.migrations import ACTOR_FIELDS
from dyad.store import Store

Interval = Literal["day", "week", "month"]
INTERVALS: tuple[str, ...] = ("day", "week", "month")
MAX_PAGE = 500


def parse_dyad(value: str) -> tuple[str, str]:
    """'MLI-RUS' → ('MLI', 'RUS'); actor keys are countries, IGO acronyms or IMG."""
    parts = [p.strip().upper() for p in value.replace(":", "-").split("-")]
    if len(parts) != 2 or not all(parts):
        raise UsageError(f"dyad {value!r}: write two actor keys joined by '-', e.g. MLI-RUS")
    return parts[0], parts[1]


@dataclass(slots=True)
class EventFilter:
    """Which events: every field narrows; None leaves that field open."""

    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None  # actor key (MLI, UN, IMG) or full code (MLIGOV)
    target: str | None = None
    actor: str | None = None  # on either side
    dyad: tuple[str, str] | None = None
    directed: bool = False  # dyad A-B: only A → B (else both directions)
    root: str | None = None
    code: str | None = None  # CAMEO code prefix: 04 matches 040..046, 042 matches 042 and 0421
    quad_class: int | None = None
    q: str | None = None  # words in the event's sentence (case-insensitive)
    doc_id: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.since is not None:
            clauses.append("e.event_day >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append("e.event_day <= ?")
            params.append(self.until)
        for side, value in (("source", self.source), ("target", self.target)):
            if value:
                clauses.append(f"(e.{side}_key = ? OR e.{side}_code = ?)")
                params += [value.upper(), value.upper()]
        if self.actor:
            clauses.append("(? IN (e.source_key, e.source_code, e.target_key, e.target_code))")
            params.append(self.actor.upper())
        if self.dyad:
            a, b = self.dyad
            if a == b:  # no pair key for an actor with itself
                clauses.append("(e.source_key = ? AND e.target_key = ?)")
                params += [a, b]
            else:
                # The pair column, compared with `=`, filters as DuckDB scans
                # (migrations.PAIR_COLUMN); the source key then picks a direction.
                clauses.append("e.pair = ?")
                params.append(f"{min(a, b)}|{max(a, b)}")
                if self.directed:
                    clauses.append("e.source_key = ?")
                    params.append(a)
        if self.root:
            clauses.append("e.root = ?")
            params.append(self.root.zfill(2))
        if self.code:
            clauses.append("starts_with(e.cameo, ?)")
            params.append(self.code)
        if self.quad_class is not None:
            clauses.append("e.quad_class = ?")
            params.append(self.quad_class)
        if self.q:
            clauses.append("contains(lower(e.sentence_text), lower(?))")
            params.append(self.q)
        if self.doc_id:
            clauses.append("e.doc_id = ?")
            params.append(self.doc_id)
        return (" AND ".join(clauses) or "TRUE"), params


# Events that count in series, networks and maps: said to have happened, not denied or imagined.
COUNTED = "NOT e.negated AND e.modality <> 'hypothetical'"


def actor_dict(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    """The records.md ACTOR from a row's prefixed columns; None when there is no actor."""
    if row.get(f"{prefix}_code") is None:
        return None
    out = {name: row.get(f"{prefix}_{name}") for name, _ in ACTOR_FIELDS if name != "key"}
    out["sector"] = list(out.get("sector") or [])
    return out


def event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """The records.md event (exactly what `dyad extract` writes) from an events row."""
    if row.get("record"):
        record: dict[str, Any] = json.loads(row["record"])
        return record
    location = None
    if row.get("location_name") is not None:
        location = {
            "name": row["location_name"],
            "country": row["location_country"],
            "lat": row["location_lat"],
            "lon": row["location_lon"],
            "start": row["location_start"],
            "end": row["location_end"],
        }
    source = actor_dict(row, "source")
    return {
        "event_id": row["event_id"],
        "doc_id": row["doc_id"],
        "sentence": {"start": row["sentence_start"], "end": row["sentence_end"]},
        "trigger": {
            "text": row["trigger_text"],
            "start": row["trigger_start"],
            "end": row["trigger_end"],
        },
        "source": source,
        "target": actor_dict(row, "target"),
        "cameo": row["cameo"],
        "root": row["root"],
        "plover": row["plover"],
        "quad_class": row["quad_class"],
        "goldstein": row["goldstein"],
        "date": row["date"],
        "date_precision": row["date_precision"],
        "location": location,
        "negated": row["negated"],
        "modality": row["modality"],
        "quote_id": row["quote_id"],
        "confidence": row["confidence"],
        "rule": row["rule"],
    }


def event_view(row: dict[str, Any]) -> dict[str, Any]:
    """An event as the API shows it: the record, its sentence, its day and its article."""
    out = event_dict(row)
    out["sentence"]["text"] = row.get("sentence_text")
    day = row.get("event_day")
    out["event_day"] = day.isoformat() if day else None
    out["source_key"] = row.get("source_key")
    out["target_key"] = row.get("target_key")
    out["article"] = {
        "title": row.get("title"),
        "url": row.get("url"),
        "published": row.get("published"),
    }
    return out


def quote_dict(row: dict[str, Any]) -> dict[str, Any]:
    cue = None
    if row.get("cue_text") is not None:
        cue = {"text": row["cue_text"], "start": row["cue_start"], "end": row["cue_end"]}
    return {
        "quote_id": row["quote_id"],
        "doc_id": row["doc_id"],
        "text": row["text"],
        "start": row["span_start"],
        "end": row["span_end"],
        "kind": row["kind"],
        "cue": cue,
        "speaker": actor_dict(row, "speaker"),
    }


def _page(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_PAGE:
        raise UsageError(f"limit {limit}: give 1 to {MAX_PAGE}")
    if offset < 0:
        raise UsageError(f"offset {offset}: give 0 or more")
    return limit, offset


EVENT_SELECT = (
    "SELECT e.*, a.title, a.url, a.published FROM events e JOIN articles a USING (doc_id)"
)


def _marks(n: int) -> str:
    """`?, ?, ?` for n values: an IN list that stays parameterised."""
    return ", ".join("?" * n)


PAGE_ORDER = "ORDER BY e.event_day DESC NULLS LAST, e.event_id"
PAGE_COLUMNS = (
    "e.event_id, e.doc_id, e.record, e.sentence_text, e.event_day, e.source_key, e.target_key"
)


def _day_window(where: str) -> str:
    """One row for the matches of `where`: (total, the newest and the oldest day holding the
    rows offset..offset+limit in page order, whether the undated ones are among them, how
    many rows come before those days). Parameters: where's, then offset, limit, offset.

    Counting per day is one scan of the filter's columns and yields the total too; doing the
    running sums here keeps thousands of days from becoming Python objects.
    """
    chosen = "before < ? + ? AND before + n > ?"
    return (
        f"WITH per_day AS (SELECT e.event_day AS day, count(*) AS n FROM events e "
        f"WHERE {where} GROUP BY 1), ranked AS (SELECT day, n, sum(n) OVER () AS total, "
        "sum(n) OVER (ORDER BY day DESC NULLS LAST ROWS UNBOUNDED PRECEDING) - n AS before "
        "FROM per_day), picked AS (SELECT *, "
        f"{chosen} AS chosen FROM ranked) "
        "SELECT CAST(coalesce(max(total), 0) AS BIGINT), max(day) FILTER (WHERE chosen), "
        "min(day) FILTER (WHERE chosen), coalesce(bool_or(chosen AND day IS NULL), false), "
        "CAST(min(before) FILTER (WHERE chosen) AS BIGINT) FROM picked"
    )


def events_page(
    store: Store, f: EventFilter, *, limit: int = 50, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of events newest first) — rows as `event_view` gives them.

    A page is two reads: matching events per day (one scan of the filter's columns gives
    the total and where the page lies), then only the page's days, sorted. Sorting
    every match to skip `offset` of them cost more than the scan. Events are stored newest
    day first (migrations.cluster_events), so those days are a row group or two. Articles
    come in a third read by doc_id: joining first reads every column of every match.
    """
    limit, offset = _page(limit, offset)
    where, params = f.where()
    with store.reader() as cur:
        # Unfiltered too: DuckDB's Top-N over all events costs as much when the events are
        # in day order, and half again as much when they are not.
        window_row = cur.execute(_day_window(where), [*params, offset, limit, offset])
        total, newest, oldest, undated, before = window_row.fetchall()[0]
        if offset >= total:
            return total, []
        clauses, window_params = [], []
        if newest is not None:
            clauses.append("e.event_day BETWEEN ? AND ?")
            window_params += [oldest, newest]
        if undated:
            clauses.append("e.event_day IS NULL")
        window, skip = f"({' OR '.join(clauses)})", offset - before
        cur.execute(
            f"SELECT {PAGE_COLUMNS} FROM events e WHERE {where} AND {window} "
            f"{PAGE_ORDER} LIMIT ? OFFSET ?",
            [*params, *window_params, limit, skip],
        )
        names = [d[0] for d in cur.description or []]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        for i, row in enumerate(rows):
            if row["record"] is None:  # stored before migration 2: rebuild from the columns
                cur.execute("SELECT * FROM events WHERE event_id = ?", [row["event_id"]])
                full = cur.fetchall()[0]
                rows[i] = dict(zip([d[0] for d in cur.description or []], full, strict=True))
        doc_ids = sorted({r["doc_id"] for r in rows})
        cur.execute(
            "SELECT doc_id, title, url, published FROM articles "
            f"WHERE doc_id IN ({_marks(len(doc_ids))})",
            doc_ids,
        )
        articles = {r[0]: {"title": r[1], "url": r[2], "published": r[3]} for r in cur.fetchall()}
    return total, [event_view({**row, **articles[row["doc_id"]]}) for row in rows]


def event_by_id(store: Store, event_id: str) -> dict[str, Any] | None:
    rows = store.query_dicts(f"{EVENT_SELECT} WHERE e.event_id = ?", [event_id])
    return event_view(rows[0]) if rows else None


def dyad_series(
    store: Store,
    a: str,
    b: str,
    *,
    interval: str = "month",
    f: EventFilter | None = None,
) -> list[dict[str, Any]]:
    """Counts and Goldstein sums per period between A and B, in all and per direction.

    Counted events only (migrations.COUNTED_DYAD_SQL). A filter of days only (the API's and
    the notebook's) reads the per-dyad per-day aggregate; any other filter reads the events.
    """
    sql, params = _series_sql(a, b, interval, f)
    rows = store.query(f"SELECT {', '.join(SERIES_FIELDS)} FROM ({sql}) ORDER BY period", params)
    return [dict(zip(SERIES_FIELDS, row, strict=True)) for row in rows]


def dyad_series_json(
    store: Store,
    a: str,
    b: str,
    *,
    interval: str = "month",
    f: EventFilter | None = None,
) -> str:
    """`dyad_series` as a JSON array, encoded by DuckDB: a day series has thousands of
    points, and making Python objects of them and encoding those cost more than the query."""
    sql, params = _series_sql(a, b, interval, f)
    fields = ", ".join(f"'{name}': {name}" for name in SERIES_FIELDS)
    row = store.query(
        f"SELECT coalesce(to_json(list({{{fields}}} ORDER BY period))::VARCHAR, '[]') FROM ({sql})",
        params,
    )
    return str(row[0][0])


SERIES_FIELDS = (
    "period",
    "events",
    "goldstein",
    "events_ab",
    "events_ba",
    "goldstein_ab",
    "goldstein_ba",
)


def _series_sql(a: str, b: str, interval: str, f: EventFilter | None) -> tuple[str, list[Any]]:
    """One row per period with SERIES_FIELDS, rounded and formatted by DuckDB; the SQL and
    its parameters."""
    if interval not in INTERVALS:
        raise UsageError(f"interval {interval!r}: give one of {', '.join(INTERVALS)}")
    a, b = a.upper(), b.upper()
    base = f or EventFilter()
    if base == EventFilter(since=base.since, until=base.until):
        inner, params = _series_from_aggregate(a, b, interval, base)
    else:
        inner, params = _series_from_events(a, b, interval, base)
    # `+ 0.0` turns a -0.0 (float sums that cancel) into 0.0, so the output does not depend
    # on the order the events were added in; the aggregate's sums are exact decimals. Counts
    # are BIGINT: sums are HUGEINT, which reach Python twice as slowly.
    return (
        "SELECT strftime(p, '%Y-%m-%d') AS period, CAST(n AS BIGINT) AS events, "
        f"{_rounded('g')} AS goldstein, CAST(ab AS BIGINT) AS events_ab, "
        "CAST(n - ab AS BIGINT) AS events_ba, "
        f"{_rounded('gab')} AS goldstein_ab, {_rounded('g', 'gab')} AS goldstein_ba "
        f"FROM ({inner})"
    ), params


def _rounded(column: str, minus: str | None = None) -> str:
    value = f"coalesce({column}, 0)" + (f" - coalesce({minus}, 0)" if minus else "")
    return f"CAST(round({value}, 3) AS DOUBLE) + 0.0"


def _days(column: str, f: EventFilter) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if f.since is not None:
        clauses.append(f"AND {column} >= ?")
        params.append(f.since)
    if f.until is not None:
        clauses.append(f"AND {column} <= ?")
        params.append(f.until)
    return " ".join(clauses), params


def _series_from_aggregate(a: str, b: str, interval: str, f: EventFilter) -> tuple[str, list[Any]]:
    """(period, n, g, ab, gab) per period from dyad_days: the SQL and its parameters."""
    days, params = _days("day", f)
    # The *_first columns count events whose source is the dyad's first key (the lesser).
    if a <= b:
        ab, gab = "events_first", "goldstein_first"
    else:
        ab, gab = "events - events_first", "goldstein - goldstein_first"
    return (
        "SELECT CAST(date_trunc(?, day) AS DATE) AS p, sum(events) AS n, "
        f"sum(goldstein) AS g, sum({ab}) AS ab, sum({gab}) AS gab FROM dyad_days "
        f"WHERE dyad = ? {days} GROUP BY p"
    ), [interval, f"{min(a, b)}|{max(a, b)}", *params]


def _series_from_events(a: str, b: str, interval: str, f: EventFilter) -> tuple[str, list[Any]]:
    """The same from the events, for filters the aggregate does not keep."""
    where, params = f.where()
    return (
        "SELECT CAST(date_trunc(?, e.event_day) AS DATE) AS p, count(*) AS n, "
        "sum(e.goldstein) AS g, count(*) FILTER (WHERE e.source_key = ?) AS ab, "
        "sum(e.goldstein) FILTER (WHERE e.source_key = ?) AS gab "
        "FROM events e WHERE e.counted_dyad = ? AND e.event_day IS NOT NULL "
        f"AND {where} GROUP BY p"
    ), [interval, a, a, f"{min(a, b)}|{max(a, b)}", *params]


# ---- quotes, actors, articles --------------------------------------------------------------


@dataclass(slots=True)
class QuoteFilter:
    speaker: str | None = None  # actor key (MLI), code (MLIGOV) or the speaker's name
    q: str | None = None  # words in the quote
    doc_id: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.speaker:
            clauses.append(
                "(q.speaker_key = upper(?) OR q.speaker_code = upper(?) "
                "OR lower(q.speaker_name) = lower(?) OR lower(q.speaker_text) = lower(?))"
            )
            params += [self.speaker] * 4
        if self.q:
            clauses.append("contains(lower(q.text), lower(?))")
            params.append(self.q)
        if self.doc_id:
            clauses.append("q.doc_id = ?")
            params.append(self.doc_id)
        return (" AND ".join(clauses) or "TRUE"), params


def quotes_page(
    store: Store, f: QuoteFilter, *, limit: int = 50, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    limit, offset = _page(limit, offset)
    where, params = f.where()
    total = store.query(f"SELECT count(*) FROM quotes q WHERE {where}", params)[0][0]
    rows = store.query_dicts(
        "SELECT q.*, a.title, a.published FROM quotes q JOIN articles a USING (doc_id) "
        f"WHERE {where} ORDER BY a.published DESC NULLS LAST, q.doc_id, q.span_start "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    out = []
    for row in rows:
        item = quote_dict(row)
        item["article"] = {"title": row["title"], "published": row["published"]}
        out.append(item)
    return int(total), out


def speakers(store: Store, *, limit: int = 100) -> list[dict[str, Any]]:
    """Who is quoted, most quoted first: one row per resolved speaker identity."""
    rows = store.query(
        "SELECT coalesce(speaker_name, speaker_text) AS who, speaker_key, speaker_code, "
        "count(*) AS quotes FROM quotes WHERE speaker_code IS NOT NULL "
        "GROUP BY ALL ORDER BY quotes DESC, who LIMIT ?",
        [_page(limit, 0)[0]],
    )
    return [{"speaker": r[0], "key": r[1], "code": r[2], "quotes": int(r[3])} for r in rows]


def actors(store: Store, *, q: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Actor keys with how often they are mentioned and act, most mentioned first."""
    limit = _page(limit, 0)[0]
    rows = store.query(
        "WITH m AS (SELECT actor_key AS key, count(*) AS mentions, count(DISTINCT doc_id) AS "
        "articles FROM mentions WHERE kind = 'actor' AND actor_key IS NOT NULL GROUP BY 1), "
        "s AS (SELECT source_key AS key, count(*) AS n FROM events GROUP BY 1), "
        "t AS (SELECT target_key AS key, count(*) AS n FROM events GROUP BY 1) "
        "SELECT coalesce(m.key, s.key, t.key) AS key, coalesce(m.mentions, 0), "
        "coalesce(m.articles, 0), coalesce(s.n, 0), coalesce(t.n, 0) "
        "FROM m FULL JOIN s ON m.key = s.key FULL JOIN t ON coalesce(m.key, s.key) = t.key "
        "WHERE coalesce(m.key, s.key, t.key) IS NOT NULL "
        "AND (? IS NULL OR contains(lower(coalesce(m.key, s.key, t.key)), lower(?))) "
        "ORDER BY 2 DESC, 4 + 5 DESC, 1 LIMIT ?",
        [q, q, limit],
    )
    return [
        {
            "key": r[0],
            "label": actor_label(r[0]),
            "mentions": int(r[1]),
            "articles": int(r[2]),
            "as_source": int(r[3]),
            "as_target": int(r[4]),
        }
        for r in rows
    ]


def actor_label(key: str | None) -> str | None:
    """A readable name for an actor key: the country's name, else the key itself."""
    if not key:
        return None
    import pycountry

    if key in SHORT_NAMES:
        return SHORT_NAMES[key]
    country = pycountry.countries.get(alpha_3=key) if len(key) == 3 else None
    if country is None:
        return key
    return str(getattr(country, "common_name", None) or country.name)


# The names news use, where ISO's differ ("Russian Federation", "Iran, Islamic Republic of").
SHORT_NAMES = {
    "BOL": "Bolivia", "COD": "DR Congo", "FSM": "Micronesia", "GBR": "United Kingdom",
    "IMG": "armed groups (no state)", "IRN": "Iran", "KOR": "South Korea", "LAO": "Laos",
    "MDA": "Moldova", "PRK": "North Korea", "PSE": "Palestine", "RUS": "Russia", "SYR": "Syria",
    "TZA": "Tanzania", "VEN": "Venezuela", "VNM": "Vietnam", "XKX": "Kosovo",
}  # fmt: skip


def actor_detail(
    store: Store, key: str, *, limit: int = 50, offset: int = 0
) -> dict[str, Any] | None:
    """One actor key: its resolved identities (codes, names) and a page of its mentions."""
    limit, offset = _page(limit, offset)
    key = key.upper()
    identities = store.query(
        "SELECT actor_code, actor_name, actor_kind, count(*) AS n FROM mentions "
        "WHERE kind = 'actor' AND actor_key = ? GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT 200",
        [key],
    )
    events = store.query(
        "SELECT count(*) FILTER (WHERE source_key = ?), count(*) FILTER (WHERE target_key = ?) "
        "FROM events WHERE ? IN (source_key, target_key)",
        [key, key, key],
    )[0]
    if not identities and not any(events):
        return None
    total = store.query(
        "SELECT count(*) FROM mentions WHERE kind = 'actor' AND actor_key = ?", [key]
    )[0][0]
    mentions = store.query_dicts(
        "SELECT m.doc_id, m.text, m.span_start AS start, m.span_end AS end, m.actor_code "
        "AS code, m.actor_name AS name, a.title FROM mentions m JOIN articles a USING (doc_id) "
        "WHERE m.kind = 'actor' AND m.actor_key = ? ORDER BY a.published DESC NULLS LAST, "
        "m.doc_id, m.seq LIMIT ? OFFSET ?",
        [key, limit, offset],
    )
    return {
        "key": key,
        "label": actor_label(key),
        "as_source": int(events[0]),
        "as_target": int(events[1]),
        "identities": [
            {"code": r[0], "name": r[1], "kind": r[2], "mentions": int(r[3])} for r in identities
        ],
        "mentions": {"total": int(total), "items": mentions},
    }


def article_detail(store: Store, doc_id: str) -> dict[str, Any] | None:
    """An article with every evidence span marked: sentences, triggers, actors, quotes."""
    rows = store.query_dicts(
        "SELECT doc_id, source_id, url, title, published, lang, authors, text FROM articles "
        "WHERE doc_id = ?",
        [doc_id],
    )
    if not rows:
        return None
    article = rows[0]
    article["authors"] = list(article["authors"] or [])
    events = store.query_dicts("SELECT * FROM events e WHERE e.doc_id = ?", [doc_id])
    quotes = store.query_dicts("SELECT * FROM quotes q WHERE q.doc_id = ?", [doc_id])
    spans: list[dict[str, Any]] = []
    for e in events:
        ident = e["event_id"]
        spans.append(_span("sentence", e["sentence_start"], e["sentence_end"], ident, None))
        spans.append(_span("trigger", e["trigger_start"], e["trigger_end"], ident, e["cameo"]))
        spans.append(_span("source", e["source_start"], e["source_end"], ident, e["source_code"]))
        if e["target_code"] is not None:
            spans.append(
                _span("target", e["target_start"], e["target_end"], ident, e["target_code"])
            )
    for q in quotes:
        spans.append(_span("quote", q["span_start"], q["span_end"], q["quote_id"], q["kind"]))
        if q["speaker_code"] is not None:
            spans.append(
                _span(
                    "speaker",
                    q["speaker_start"],
                    q["speaker_end"],
                    q["quote_id"],
                    q["speaker_code"],
                )
            )
    text_len = len(article["text"])
    article["spans"] = [
        s for s in spans if s["start"] is not None and 0 <= s["start"] < s["end"] <= text_len
    ]
    article["events"] = [event_dict(e) for e in events]
    article["quotes"] = [quote_dict(q) for q in quotes]
    return article


def _span(
    kind: str, start: int | None, end: int | None, ref: str, label: str | None
) -> dict[str, Any]:
    return {"kind": kind, "start": start, "end": end, "ref": ref, "label": label}


# ---- overviews: dyads, network, map --------------------------------------------------------


def top_dyads(
    store: Store, f: EventFilter | None = None, *, limit: int = 50
) -> list[dict[str, Any]]:
    """Actor pairs (either direction) with the most events."""
    where, params = (f or EventFilter()).where()
    rows = store.query(
        "SELECT least(e.source_key, e.target_key) AS a, greatest(e.source_key, e.target_key) AS b, "
        "count(*) AS n, sum(e.goldstein) FROM events e WHERE e.source_key IS NOT NULL AND "
        f"e.target_key IS NOT NULL AND e.source_key <> e.target_key AND {COUNTED} AND {where} "
        "GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT ?",
        [*params, _page(limit, 0)[0]],
    )
    return [
        {"a": r[0], "b": r[1], "events": int(r[2]), "goldstein": round(float(r[3] or 0), 3)}
        for r in rows
    ]


def network(store: Store, f: EventFilter | None = None, *, limit: int = 150) -> dict[str, Any]:
    """Directed edges between actor keys (events, mean Goldstein) and their nodes."""
    where, params = (f or EventFilter()).where()
    rows = store.query(
        "SELECT e.source_key, e.target_key, count(*) AS n, avg(e.goldstein) FROM events e "
        "WHERE e.source_key IS NOT NULL AND e.target_key IS NOT NULL AND "
        f"e.source_key <> e.target_key AND {COUNTED} AND {where} "
        "GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?",
        [*params, _page(limit, 0)[0]],
    )
    edges = [
        {"source": r[0], "target": r[1], "events": int(r[2]), "goldstein": round(float(r[3]), 3)}
        for r in rows
    ]
    weight: dict[str, int] = {}
    for edge in edges:
        for side in ("source", "target"):
            weight[edge[side]] = weight.get(edge[side], 0) + edge["events"]
    nodes = [
        {"id": k, "label": actor_label(k), "events": n}
        for k, n in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return {"nodes": nodes, "edges": edges}


def event_map(store: Store, f: EventFilter | None = None, *, limit: int = 2000) -> dict[str, Any]:
    """Event locations (lat/lon with counts) and, per country, how many events involve it."""
    where, params = (f or EventFilter()).where()
    points = store.query(
        "SELECT e.location_name, e.location_country, round(e.location_lat, 3), "
        "round(e.location_lon, 3), count(*) AS n FROM events e WHERE e.location_lat IS NOT NULL "
        f"AND e.location_lon IS NOT NULL AND {COUNTED} AND {where} "
        "GROUP BY ALL ORDER BY n DESC, 1 LIMIT ?",
        [*params, max(1, min(limit, 5000))],
    )
    countries = store.query(
        "SELECT c, count(*) AS n FROM (SELECT unnest([e.source_country, e.target_country]) AS c "
        f"FROM events e WHERE {COUNTED} AND {where}) WHERE c IS NOT NULL GROUP BY c "
        "ORDER BY n DESC, c",
        params,
    )
    return {
        "points": [
            {"name": r[0], "country": r[1], "lat": r[2], "lon": r[3], "events": int(r[4])}
            for r in points
        ],
        "countries": [
            {
                "iso3": r[0],
                "numeric": _numeric(r[0]),
                "label": actor_label(r[0]),
                "events": int(r[1]),
            }
            for r in countries
        ],
    }


def _numeric(iso3: str) -> str | None:
    """ISO 3166-1 numeric code, which world-atlas uses as its country ids."""
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return str(country.numeric) if country else None


def stats(store: Store) -> dict[str, Any]:
    counts = store.counts()
    span = store.query("SELECT min(event_day), max(event_day) FROM events")[0]
    return {
        **{k: v for k, v in counts.items() if k != "inputs"},
        "first_day": span[0].isoformat() if span[0] else None,
        "last_day": span[1].isoformat() if span[1] else None,
    }
