"""Article-body extraction and publication dates: dyad against trafilatura on aeb_dev.

Usage: python bench/extraction.py [DATA_DIR] [--jobs N] [--variants] [--errors N] [--json]

DATA_DIR is ../shared/data/extraction/aeb_dev (the dev half of the Zyte/Scrapinghub article
extraction benchmark): html/<id>.html.gz and ground-truth.json = {id: {"articleBody", "url"}}.

In the same run, on the same pages:
- dyad: each page read by dyad's own reader (dyad.read.iter_inputs on the .html.gz file, which
  decodes it by its declared charset) and cleaned by dyad.clean.clean_document: the text that
  `dyad extract` writes to articles.jsonl.
- trafilatura with its default settings: `trafilatura.extract(html)` on the page read as UTF-8,
  as the benchmark's own runner reads it; its date from `trafilatura.extract_metadata(html)`.
  Neither is given the page's URL (the benchmark's runners are not), so the URL stays an
  independent reference for the dates.
- `--variants` also scores trafilatura's other settings (how dyad's were chosen).

Body metric: the benchmark's evaluate.py. Per page, TP/FP/FN over 4-token shingles (`\\w+`
tokens) of predicted vs gold body, normalised by the page's total; precision and recall are
averaged over pages, F1 is computed from the two means; accuracy is the share of pages whose
token sequence is identical to the gold. ± is 1.96 bootstrap standard deviations (1000 draws,
fixed seed), as upstream prints it.

Dates: ground-truth.json holds no dates, so two references are used, each stated in the output:
(a) the date written in the page's URL (/2019/11/18/, /2019/nov/18/), for the pages whose URL
has a full one: news sites put the publication day there; (b) the publication date the page
declares for itself in structured metadata (JSON-LD datePublished, article:published_time,
itemprop="datePublished" and the like), for the pages that declare one. Both extractors may read
the same sources, so these measure whether each finds and prefers the right date among the
page's dates, not an independent annotation. A date counts when its YYYY-MM-DD equals the
reference's; "within a day" is also printed, since a timestamp declared in UTC can fall on the
next day of the site's own calendar. Declared placeholders (0001-01-01) are no reference.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

from dyad.clean import clean_document
from dyad.errors import InputError
from dyad.page import url_date
from dyad.read import iter_inputs
from dyad.records import RawDocument

DEFAULT_DIR = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "extraction" / "aeb_dev"
)
TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
SHINGLE = 4
BOOTSTRAP = 1000
# trafilatura settings scored with --variants: how dyad's own choice (dyad.page) was made.
VARIANTS: dict[str, dict[str, Any]] = {
    "trafilatura favor_precision": {"favor_precision": True},
    "trafilatura favor_recall": {"favor_recall": True},
    "trafilatura no comments": {"include_comments": False},
    "trafilatura no tables": {"include_tables": False},
    "trafilatura fast": {"fast": True},
    "trafilatura precision, no comments": {"favor_precision": True, "include_comments": False},
}
# Where pages declare their own publication date.
DECLARED_DATE = (
    re.compile(r'"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})'),
    re.compile(
        r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|og:published_time|"
        r"datePublished|pubdate|publishdate|parsely-pub-date|sailthru\.date|dc\.date\.issued|"
        r"DC\.date\.issued)[\"'][^>]*content=[\"'](\d{4}-\d{2}-\d{2})",
        re.I,
    ),
    re.compile(
        r"<meta[^>]+content=[\"'](\d{4}-\d{2}-\d{2})[^>]*(?:property|name|itemprop)=[\"']"
        r"(?:article:published_time|datePublished)[\"']",
        re.I,
    ),
    re.compile(r"<time[^>]+itemprop=[\"']datePublished[\"'][^>]*datetime=[\"'](\d{4}-\d{2}-\d{2})"),
)

TpFpFn = tuple[float, float, float]


@dataclass(slots=True)
class PageResult:
    page_id: str
    url: str
    gold: str
    dyad: str
    dyad_date: str | None
    dyad_error: str | None
    trafilatura: str
    trafilatura_date: str | None
    declared_date: str | None
    variants: dict[str, str]


@dataclass(slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    accuracy: float
    precision_ci: float
    recall_ci: float
    f1_ci: float


# ---------------------------------------------------------------------------------------------
# The benchmark's metric (upstream evaluate.py)


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = tokenize(text)
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def shingle_matching(true: str, pred: str) -> TpFpFn:
    gold, predicted = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in set(gold) | set(predicted):
        true_count, pred_count = gold.get(key, 0), predicted.get(key, 0)
        tp += min(true_count, pred_count)
        fp += max(0, pred_count - true_count)
        fn += max(0, true_count - pred_count)
    total = tp + fp + fn
    # Normalised so that longer texts do not weigh more.
    return (tp / total, fp / total, fn / total) if total > 0 else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(rows: list[TpFpFn]) -> tuple[float, float, float]:
    precision = statistics.mean(_precision(*row) for row in rows if row[0] + row[1] > 0)
    recall = statistics.mean(_recall(*row) for row in rows if row[0] + row[2] > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


def score(golds: list[str], predictions: list[str]) -> Scores:
    rows = [shingle_matching(gold, pred) for gold, pred in zip(golds, predictions, strict=True)]
    precision, recall, f1 = metrics(rows)
    draws: dict[str, list[float]] = {"precision": [], "recall": [], "f1": []}
    rng = random.Random(0)
    for _ in range(BOOTSTRAP):
        sample = [rows[rng.randrange(len(rows))] for _ in rows]
        p, r, f = metrics(sample)
        draws["precision"].append(p)
        draws["recall"].append(r)
        draws["f1"].append(f)
    same = sum(tokenize(g) == tokenize(p) for g, p in zip(golds, predictions, strict=True))
    return Scores(
        precision=precision,
        recall=recall,
        f1=f1,
        accuracy=same / len(golds),
        precision_ci=1.96 * statistics.stdev(draws["precision"]),
        recall_ci=1.96 * statistics.stdev(draws["recall"]),
        f1_ci=1.96 * statistics.stdev(draws["f1"]),
    )


# ---------------------------------------------------------------------------------------------
# Running the extractors


def declared_date(html: str) -> str | None:
    """The publication date the page declares in its structured metadata, if any."""
    for pattern in DECLARED_DATE:
        for match in pattern.finditer(html):
            # Placeholders such as 0001-01-01 are not a declaration.
            if match.group(1) >= "1995":
                return match.group(1)
    return None


def run_page(task: tuple[str, str, str, str, bool, bool]) -> PageResult:
    """Both extractors on one page (a separate process may run it)."""
    import trafilatura

    page_id, path, url, gold, with_variants, with_dates = task
    with gzip.open(path, "rt", encoding="utf8") as stream:
        html = stream.read()
    dyad_text, dyad_date, dyad_error = "", None, None
    for item in iter_inputs([path]):
        if not isinstance(item, RawDocument):
            dyad_error = item.reason
            continue
        try:
            clean = clean_document(item)
        except InputError as exc:
            dyad_error = str(exc)
            continue
        dyad_text, dyad_date = clean.text, _day(clean.published)
    extracted = trafilatura.extract(html) or ""
    metadata = trafilatura.extract_metadata(html) if with_dates else None
    variants = (
        {name: trafilatura.extract(html, **settings) or "" for name, settings in VARIANTS.items()}
        if with_variants
        else {}
    )
    return PageResult(
        page_id=page_id,
        url=url,
        gold=gold,
        dyad=dyad_text,
        dyad_date=dyad_date,
        dyad_error=dyad_error,
        trafilatura=extracted,
        trafilatura_date=_day(metadata.date if metadata is not None else None),
        declared_date=declared_date(html),
        variants=variants,
    )


def _day(value: str | None) -> str | None:
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


def run_benchmark(
    data_dir: Path,
    *,
    jobs: int = 2,
    variants: bool = False,
    dates: bool = True,
    limit: int | None = None,
) -> list[PageResult]:
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    tasks = [
        (
            page_id,
            str(data_dir / "html" / f"{page_id}.html.gz"),
            entry.get("url", ""),
            entry.get("articleBody", ""),
            variants,
            dates,
        )
        for page_id, entry in sorted(truth.items())
    ][:limit]
    if jobs <= 1:
        return [run_page(task) for task in tasks]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(run_page, tasks, chunksize=4))


# ---------------------------------------------------------------------------------------------
# Report


def date_accuracy(results: Iterable[PageResult], reference: str) -> dict[str, Any]:
    """How often each extractor's date equals the reference (and is within a day of it: a
    timestamp declared in UTC can fall on the next day of the site's own calendar)."""
    pairs = []
    for result in results:
        expected = url_date(result.url) if reference == "url" else result.declared_date
        if expected is not None:
            pairs.append((expected, result.dyad_date, result.trafilatura_date))
    n = len(pairs)
    out: dict[str, Any] = {"pages": n}
    for index, name in ((1, "dyad"), (2, "trafilatura")):
        exact = sum(pair[0] == pair[index] for pair in pairs)
        near = sum(_days_apart(pair[0], pair[index]) <= 1 for pair in pairs)
        out[name] = {
            "exact": exact,
            "within_a_day": near,
            "none": sum(pair[index] is None for pair in pairs),
            "accuracy": exact / n if n else None,
            "accuracy_within_a_day": near / n if n else None,
        }
    return out


def _days_apart(a: str, b: str | None) -> int:
    if b is None:
        return 1 << 30
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return 1 << 30


def report(results: list[PageResult], data_dir: Path, seconds: float) -> dict[str, Any]:
    golds = [result.gold for result in results]
    systems = {
        f"dyad {version('dyad')}": [result.dyad for result in results],
        f"trafilatura {version('trafilatura')} (defaults)": [
            result.trafilatura for result in results
        ],
    }
    for name in results[0].variants if results else ():
        systems[name] = [result.variants[name] for result in results]
    return {
        "data": str(data_dir),
        "pages": len(results),
        "seconds": round(seconds, 1),
        "body": {name: asdict(score(golds, texts)) for name, texts in systems.items()},
        "dyad_failures": [
            {"page": result.page_id, "reason": result.dyad_error}
            for result in results
            if result.dyad_error
        ],
        "dates": {
            "ground_truth": "ground-truth.json has no dates (its fields: articleBody, url)",
            "url": date_accuracy(results, "url"),
            "declared": date_accuracy(results, "declared"),
        },
    }


def print_report(summary: dict[str, Any], results: list[PageResult], errors: int) -> None:
    print(
        f"aeb_dev: {summary['pages']} pages from {summary['data']} ({summary['seconds']} s)\n"
        "Article body, the benchmark's metric (4-gram \\w+ shingles, per-page P and R averaged, "
        "F1 of the means; accuracy = identical token sequence):"
    )
    print(f"  {'':40} {'precision':>15} {'recall':>15} {'F1':>15} {'accuracy':>9}")
    for name, s in summary["body"].items():
        print(
            f"  {name:40} {s['precision']:.3f} ± {s['precision_ci']:.3f}   "
            f"{s['recall']:.3f} ± {s['recall_ci']:.3f}   {s['f1']:.3f} ± {s['f1_ci']:.3f}   "
            f"{s['accuracy']:>8.3f}"
        )
    for failure in summary["dyad_failures"]:
        print(f"  dyad found no article in {failure['page'][:12]}: {failure['reason'][:100]}")
    dates = summary["dates"]
    print(f"Publication date: {dates['ground_truth']}; two references instead:")
    for key, what in (
        ("url", "(a) the date in the page's URL, on the pages whose URL has a full date"),
        ("declared", "(b) the date the page declares (JSON-LD datePublished, "
         "article:published_time, ...), on the pages that declare one"),
    ):  # fmt: skip
        d = dates[key]
        if not d["pages"]:
            print(f"  {what}: no such page")
            continue
        print(f"  {what}: {d['pages']} pages")
        for name in ("dyad", "trafilatura"):
            m = d[name]
            print(
                f"    {name:<12} {m['exact']:>3}/{d['pages']} = {m['accuracy']:.3f} exact, "
                f"{m['within_a_day']:>3}/{d['pages']} = {m['accuracy_within_a_day']:.3f} within a "
                f"day, {m['none']} without a date"
            )
    if errors:
        _print_errors(results, errors)


def _print_errors(results: list[PageResult], count: int) -> None:
    rows = sorted(results, key=lambda r: _precision(*shingle_matching(r.gold, r.dyad)))
    print(f"\nThe {count} pages where dyad's precision is lowest:")
    for result in rows[:count]:
        tp, fp, fn = shingle_matching(result.gold, result.dyad)
        print(f"  {result.page_id[:12]} P={_precision(tp, fp, fn):.3f} R={_recall(tp, fp, fn):.3f}")
        gold = shingles(result.gold)
        for line in result.dyad.split("\n"):
            line_shingles = shingles(line)
            extra = sum(1 for key in line_shingles if key not in gold)
            if line_shingles and extra > len(line_shingles) / 2:
                print(f"      + {line[:110]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--variants", action="store_true", help="also score other settings")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="show N worst pages")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N pages")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    data_dir = args.data.resolve()
    if not (data_dir / "ground-truth.json").is_file():
        print(f"no ground-truth.json in {data_dir}; pass the aeb_dev folder", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results = run_benchmark(data_dir, jobs=args.jobs, variants=args.variants, limit=args.limit)
    summary = report(results, data_dir, time.perf_counter() - started)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print_report(summary, results, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
