"""dyad in a notebook: open a store, get events, dyad series and quotes as DataFrames.

    >>> from dyad.notebook import open_store
    >>> db = open_store("dyad.duckdb")
    >>> db.events(dyad="MLI-RUS", since="2023-01-01")        # pandas DataFrame
    >>> db.series("MLI", "RUS", interval="month")             # period, events, goldstein...
    >>> db.quotes(speaker="MLI", as_="polars")                # polars, if installed

The store is opened read-only, so a notebook can read while nothing writes; filters are the
same as `dyad export` and the HTTP API, and every value is passed as a query parameter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import duckdb

from dyad.errors import UsageError
from dyad.query import (
    COUNTED,
    INTERVALS,
    EventFilter,
    QuoteFilter,
    dyad_series,
    parse_dyad,
)
from dyad.store import Store

Frame = Literal["pandas", "polars"]


def _day(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{value!r} is not a date; write YYYY-MM-DD") from exc


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], as_: Frame) -> Any:
    if as_ not in ("pandas", "polars"):
        raise UsageError(f"as_={as_!r}: give 'pandas' or 'polars'")
    if as_ == "polars":
        try:
            import polars  # noqa: F401
        except ImportError as exc:
            raise UsageError("as_='polars' needs polars: pip install polars") from exc
    relation = con.sql(sql, params=params)
    return relation.df() if as_ == "pandas" else relation.pl()


def _read(store: Store, sql: str, params: list[Any], as_: Frame) -> Any:
    with store.reader() as con:
        return _frame(con, sql, params, as_)


class DyadStore:
    """A store opened for reading from Python. Use `open_store(path)`."""

    def __init__(self, path: str | Path) -> None:
        self.store = Store(path, read_only=True)

    def __enter__(self) -> DyadStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def events(
        self,
        *,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        source: str | None = None,
        target: str | None = None,
        actor: str | None = None,
        dyad: str | tuple[str, str] | None = None,
        directed: bool = False,
        root: str | None = None,
        code: str | None = None,
        quad_class: int | None = None,
        q: str | None = None,
        counted_only: bool = False,
        limit: int | None = None,
        as_: Frame = "pandas",
    ) -> Any:
        """One row per event: the flat `events` columns plus the article's title, url, date.

        `counted_only` keeps the events series count (not negated, not hypothetical).
        """
        f = EventFilter(
            since=_day(since),
            until=_day(until),
            source=source,
            target=target,
            actor=actor,
            dyad=parse_dyad(dyad) if isinstance(dyad, str) else dyad,
            directed=directed,
            root=root,
            code=code,
            quad_class=quad_class,
            q=q,
        )
        where, params = f.where()
        if counted_only:
            where = f"{where} AND {COUNTED}"
        sql = (
            "SELECT e.* EXCLUDE (record, pair), a.title, a.url, a.published FROM events e "
            "JOIN articles a "
            f"USING (doc_id) WHERE {where} ORDER BY e.event_day, e.event_id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return _read(self.store, sql, params, as_)

    def series(
        self,
        a: str,
        b: str,
        *,
        interval: str = "month",
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        as_: Frame = "pandas",
    ) -> Any:
        """Events and Goldstein sums per day/week/month between A and B (both directions and
        each), as `GET /api/series` gives them; `period` is the first day of each period."""
        if interval not in INTERVALS:
            raise UsageError(f"interval {interval!r}: give one of {', '.join(INTERVALS)}")
        rows = dyad_series(
            self.store,
            a,
            b,
            interval=interval,
            f=EventFilter(since=_day(since), until=_day(until)),
        )
        con = duckdb.connect()
        try:
            columns = ["period", "events", "goldstein", "events_ab", "events_ba"]
            columns += ["goldstein_ab", "goldstein_ba"]
            con.execute(
                "CREATE TABLE s (period DATE, events BIGINT, goldstein DOUBLE, events_ab BIGINT, "
                "events_ba BIGINT, goldstein_ab DOUBLE, goldstein_ba DOUBLE)"
            )
            if rows:
                con.executemany(
                    "INSERT INTO s VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [[r[c] for c in columns] for r in rows],
                )
            return _frame(con, "SELECT * FROM s ORDER BY period", [], as_)
        finally:
            con.close()

    def quotes(
        self,
        *,
        speaker: str | None = None,
        q: str | None = None,
        as_: Frame = "pandas",
    ) -> Any:
        """One row per quote with its speaker's columns and the article's title and date."""
        where, params = QuoteFilter(speaker=speaker, q=q).where()
        sql = (
            "SELECT q.*, a.title, a.published FROM quotes q JOIN articles a USING (doc_id) "
            f"WHERE {where} ORDER BY a.published, q.doc_id, q.span_start"
        )
        return _read(self.store, sql, params, as_)

    def sql(self, query: str, params: list[Any] | None = None, *, as_: Frame = "pandas") -> Any:
        """Any read of your own over the tables articles, events, quotes, mentions."""
        return _read(self.store, query, params or [], as_)


def open_store(path: str | Path | None = None) -> DyadStore:
    """Open a store read-only (default: $DYAD_DB, else ./dyad.duckdb)."""
    from dyad.store_cli import default_db

    return DyadStore(path or default_db())
