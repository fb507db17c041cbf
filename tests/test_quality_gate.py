"""The quality gate: dyad on each gold set of quality/floors.json scores at least its floors.

dyad runs once per gold set (the reports are cached for the module) and the numbers are printed
whatever the outcome, so a run shows where dyad stands, not only whether it passed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dyad.evaluate import PipelineLike, Report, default_pipeline, evaluate_path, load_gold

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
FLOORS_PATH = REPO / "quality" / "floors.json"
FLOORS: dict[str, Any] = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))
SETS: dict[str, dict[str, float]] = {k: v for k, v in FLOORS.items() if not k.startswith("_")}

if not SHARED.is_dir():
    pytest.skip(
        f"the shared gold data is not checked out at {SHARED.resolve()}; the gate needs it",
        allow_module_level=True,
    )


def gold_path(name: str) -> Path:
    """A set's gold: <shared>/<name>/gold.json for a seed, else <shared>/data/**/<name>.jsonl."""
    seed = SHARED / name / "gold.json"
    if seed.is_file():
        return seed
    found = sorted((SHARED / "data").rglob(f"{name}.jsonl"))
    if len(found) != 1:
        raise AssertionError(f"floors.json names set {name!r}, but {len(found)} gold files match")
    return found[0]


class _LazyPipeline:
    """One dyad pipeline for the whole module, built only if a set needs it."""

    def __init__(self) -> None:
        self.pipeline: PipelineLike | None = None

    def process_many(self, raws: Any) -> Any:
        if self.pipeline is None:
            self.pipeline = default_pipeline()
        return self.pipeline.process_many(raws)


@pytest.fixture(scope="module")
def reports() -> Callable[[str], tuple[Report, bool]]:
    """name -> (report, first time asked); a failed evaluation is cached and re-raised too."""
    pipeline = _LazyPipeline()
    cache: dict[str, Report | BaseException] = {}

    def get(name: str) -> tuple[Report, bool]:
        fresh = name not in cache
        if fresh:
            try:
                cache[name] = evaluate_path(gold_path(name), pipeline=pipeline)
            except Exception as exc:
                cache[name] = exc
        value = cache[name]
        if isinstance(value, BaseException):
            raise value
        return value, fresh

    return get


def test_floors_file_is_well_formed() -> None:
    assert isinstance(FLOORS.get("_doc"), str), "floors.json needs its _doc string"
    assert SETS, "floors.json lists no gold set"
    for name, floors in SETS.items():
        assert gold_path(name).is_file()
        assert floors, f"set {name!r} has no floors"
        for metric, floor in floors.items():
            assert isinstance(floor, int | float) and floor >= 0, f"{name}.{metric}: {floor!r}"


def test_gold_files_are_known_kinds() -> None:
    for name in SETS:
        assert load_gold(gold_path(name)).kind in {"seed", "triples", "pairs", "actors"}


@pytest.mark.parametrize(
    ("name", "metric"),
    [(name, metric) for name, floors in SETS.items() for metric in floors],
)
def test_metric_at_or_above_floor(
    name: str,
    metric: str,
    reports: Callable[[str], tuple[Report, bool]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    report, fresh = reports(name)
    if fresh:
        with capsys.disabled():
            numbers = "  ".join(f"{k} {v:.4f}" for k, v in report.metrics.items() if "." not in k)
            print(f"\n[quality] {name}: {numbers}")
    assert metric in report.metrics, (
        f"floors.json sets {name}.{metric}, but the {report.kind} report has no such metric "
        f"(it has {sorted(report.metrics)})"
    )
    value, floor = report.metrics[metric], SETS[name][metric]
    assert value >= floor, f"{name}: {metric} = {value:.4f} fell below its floor {floor:.4f}"
