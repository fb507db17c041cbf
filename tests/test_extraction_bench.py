"""The extraction gate: on aeb_dev, dyad's article bodies score at least trafilatura's.

Runs bench/extraction.py's benchmark (both extractors on the same 91 pages, the benchmark's own
4-gram shingle metric). Skipped only when ../shared (the data) is not there.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "extraction" / "aeb_dev"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_extraction", REPO / "bench" / "extraction.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # worker processes unpickle results by module name
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (DATA / "ground-truth.json").is_file(), reason="../shared is not here")
def test_dyad_extracts_article_bodies_at_least_as_well_as_trafilatura() -> None:
    bench = load_bench()
    results = bench.run_benchmark(DATA, jobs=2, dates=False)
    assert len(results) == 91
    golds = [r.gold for r in results]
    dyad = bench.score(golds, [r.dyad for r in results])
    trafilatura = bench.score(golds, [r.trafilatura for r in results])
    assert dyad.f1 >= trafilatura.f1, (dyad, trafilatura)
    # Where it stood when this gate was set (F1 0.979 against 0.962): a drop shows up here.
    assert dyad.f1 >= 0.975 and dyad.precision >= 0.97 and dyad.recall >= 0.975
    assert not [r.page_id for r in results if r.dyad_error]


def test_the_metric_is_the_benchmarks() -> None:
    bench = load_bench()
    assert bench.shingle_matching("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    # 2 gold shingles, 1 predicted and right: TP 1, FN 1, normalised by 2.
    assert bench.shingle_matching("a b c d e", "a b c d") == (0.5, 0.0, 0.5)
    # Short texts are one shingle of what there is; punctuation is not a token.
    assert bench.shingle_matching("Hi, there!", "hi there") == (0.0, 0.5, 0.5)
    precision, recall, f1 = bench.metrics([(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)])
    assert (precision, recall) == (0.75, 1.0) and abs(f1 - 2 * 0.75 / 1.75) < 1e-12
