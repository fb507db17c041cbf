"""The notebook API: a store's events, dyad series and quotes as pandas or polars frames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from dyad.errors import UsageError
from dyad.notebook import open_store
from dyad.store import Store
from dyad.synthetic import synthetic_documents


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nb") / "s.duckdb"
    with Store(path) as store:
        store.add(synthetic_documents(200, events_per_article=5, seed=5))
    return path


def test_events_as_pandas_and_polars(db: Path) -> None:
    with open_store(db) as nb:
        frame = nb.events(dyad="MLI-RUS", since="2016-01-01")
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0
        assert set(frame["source_key"]) | set(frame["target_key"]) == {"MLI", "RUS"}
        assert (frame["event_day"] >= pd.Timestamp("2016-01-01")).all()
        assert {"title", "url", "cameo", "goldstein", "sentence_text"} <= set(frame.columns)
        polars = nb.events(dyad=("MLI", "RUS"), since="2016-01-01", as_="polars")
        assert isinstance(polars, pl.DataFrame) and polars.height == len(frame)
        assert len(nb.events(limit=7)) == 7


def test_series_add_up_to_the_events(db: Path) -> None:
    with open_store(db) as nb:
        monthly = nb.series("MLI", "RUS", interval="month")
        counted = nb.events(dyad="MLI-RUS", counted_only=True)
        assert monthly["events"].sum() == len(counted)
        assert (monthly["events_ab"] + monthly["events_ba"] == monthly["events"]).all()
        assert monthly["goldstein"].sum() == pytest.approx(counted["goldstein"].sum(), abs=0.01)
        weekly = nb.series("MLI", "RUS", interval="week", as_="polars")
        assert weekly["events"].sum() == len(counted)
        assert all(d.weekday() == 0 for d in weekly["period"].to_list())  # weeks start Monday
        assert nb.series("MLI", "ZZZ").empty
        with pytest.raises(UsageError, match="interval"):
            nb.series("MLI", "RUS", interval="hour")


def test_quotes_by_speaker_and_own_sql(db: Path) -> None:
    with open_store(db) as nb:
        quotes = nb.quotes(speaker="USA")
        assert len(quotes) > 0 and set(quotes["speaker_key"]) == {"USA"}
        assert nb.quotes(speaker="nobody").empty
        top = nb.sql(
            "SELECT source_key, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC LIMIT ?", [3]
        )
        assert list(top.columns) == ["source_key", "n"] and len(top) == 3
        with pytest.raises(UsageError, match="YYYY-MM-DD"):
            nb.events(since="last year")
