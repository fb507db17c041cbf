"""`dyad eval`: run dyad on a gold set and score it by the rules of ../shared/data/README.md.

Gold kinds are told apart by content, not file name:
    seed     a JSON object with "file" and "events_required" (../shared/seed/gold.json)
    triples  JSONL rows with "events": [{source, target, root}]  (current_events_2025_gold)
    pairs    JSONL rows with "pairs": [{source_text, target_text, label}]  (plv_train)
    actors   JSONL rows with "asserts" (ngec_actor_tests), scored on dyad.actors.resolve_text

The scorers (dyad.evaluate_score, dyad.evaluate_seed) work on the contract's dict form, so they
score dyad output directories as well as live pipeline runs. Every metric is higher-is-better, so
quality/floors.json can hold a floor for any of them.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from dyad.errors import DataError, DyadError, UsageError
from dyad.evaluate_score import (
    PRF,
    ActorScore,
    PairScore,
    Prediction,
    Record,
    Resolver,
    TripleScore,
    normalize_space,
    ratio,
    score_actor_cases,
    score_pairs,
    score_triples,
)
from dyad.evaluate_seed import SeedScore, score_seed
from dyad.records import DocumentResult, RawDocument, Rejection

GoldKind = Literal["seed", "triples", "pairs", "actors"]
T = TypeVar("T")

# Display names of the 20 CAMEO roots (CAMEO Manual 1.1b3), for the per-root table only.
ROOT_NAMES: dict[str, str] = {
    "01": "make statement",
    "02": "appeal",
    "03": "intend to cooperate",
    "04": "consult",
    "05": "diplomatic coop.",
    "06": "material coop.",
    "07": "provide aid",
    "08": "yield",
    "09": "investigate",
    "10": "demand",
    "11": "disapprove",
    "12": "reject",
    "13": "threaten",
    "14": "protest",
    "15": "force posture",
    "16": "reduce relations",
    "17": "coerce",
    "18": "assault",
    "19": "fight",
    "20": "mass violence",
}

MAX_LISTED = 25  # failures printed per report; --json has them all


class EvalUnavailable(DyadError):
    """A gold set needs a part of dyad that does not exist (yet)."""


class PipelineLike(Protocol):
    """What the evaluator needs of dyad.pipeline.Pipeline."""

    def process_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult | Rejection]: ...


# --------------------------------------------------------------------------------------------
# Gold files


@dataclass(slots=True)
class Gold:
    path: Path
    kind: GoldKind
    name: str
    rows: list[dict[str, Any]]  # the JSONL rows; for a seed, the one gold object


def detect_kind(row: Record) -> GoldKind | None:
    if "events_required" in row and "file" in row:
        return "seed"
    if isinstance(row.get("pairs"), list):
        return "pairs"
    if isinstance(row.get("events"), list):
        return "triples"
    if "asserts" in row and "text" in row:
        return "actors"
    return None


def _read_jsonl(path: Path, text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(
                f"{path}:{n}: not a JSON line ({exc.msg}); fix or restore the file"
            ) from exc
        if not isinstance(row, dict):
            raise DataError(f"{path}:{n}: expected a JSON object per line")
        rows.append(row)
    return rows


def load_gold(path: str | Path) -> Gold:
    """Read a gold file (or a folder holding gold.json) and tell which kind it is."""
    p = Path(path)
    if p.is_dir() and (p / "gold.json").is_file():
        p = p / "gold.json"
    if not p.is_file():
        raise UsageError(f"{path}: no such gold file")
    text = p.read_text(encoding="utf-8")
    try:
        whole: Any = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict) and detect_kind(whole) == "seed":
        # Seed golds live one per folder as gold.json; the folder names the set.
        name = p.parent.name if p.name == "gold.json" else p.stem
        return Gold(p, "seed", name, [whole])
    rows = [whole] if isinstance(whole, dict) else _read_jsonl(p, text)
    if not rows:
        raise UsageError(f"{path}: the file is empty, so it holds no gold")
    kind = detect_kind(rows[0])
    if kind is None or kind == "seed":
        raise UsageError(
            f"{path}: not a gold file dyad knows (expected a seed gold.json, or JSONL rows with "
            f'"events", "pairs" or "asserts"; see ../shared/data/README.md)'
        )
    return Gold(p, kind, p.stem, rows)


def seed_article_path(gold: Gold) -> Path:
    return gold.path.parent / str(gold.rows[0]["file"])


def raw_documents(gold: Gold) -> list[RawDocument]:
    """The inputs dyad is run on, one per gold row, as the README prescribes for each set."""
    if gold.kind == "seed":
        article = seed_article_path(gold)
        try:
            text = article.read_text(encoding="utf-8")
        except OSError as exc:
            raise DataError(f"{gold.path}: cannot read its article {article}: {exc}") from exc
        return [RawDocument(source_id=str(article), text=text)]
    if gold.kind == "triples":
        return [
            RawDocument(source_id=str(r["id"]), text=r["text"], published=r.get("published"))
            for r in gold.rows
        ]
    if gold.kind == "pairs":
        return [RawDocument(source_id=str(r["id"]), text=r["text"]) for r in gold.rows]
    raise ValueError(f"{gold.kind} golds are not run through the pipeline")


# --------------------------------------------------------------------------------------------
# Running dyad


def _progress(items: Iterable[T], total: int, desc: str) -> Iterable[T]:
    # Progress only for a person watching: never into logs or CI output.
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, file=sys.stderr, unit="doc", leave=False)


def _import_optional(module: str, what: str) -> Any:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        # Only a missing module itself means "not written yet"; a broken import inside it is a bug.
        if exc.name != module:
            raise
        raise EvalUnavailable(f"{module} does not exist yet; {what}") from exc


def default_pipeline() -> PipelineLike:
    mod = _import_optional("dyad.pipeline", "the pipeline is needed to run dyad on gold text")
    pipeline: PipelineLike = mod.Pipeline()
    return pipeline


def default_resolver() -> Resolver:
    mod = _import_optional("dyad.actors", "the actor tests score dyad.actors.resolve_text")
    resolve = getattr(mod, "resolve_text", None)
    if resolve is None:
        raise EvalUnavailable(
            "dyad.actors has no resolve_text(text, *, context=None, date=None) yet; "
            "the actor tests score it"
        )
    return resolve


class _LazyPipeline:
    """Builds the real pipeline on first use, so `dyad eval` on actor tests needs none."""

    def __init__(self) -> None:
        self._pipeline: PipelineLike | None = None

    def process_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult | Rejection]:
        if self._pipeline is None:
            self._pipeline = default_pipeline()
        return self._pipeline.process_many(raws)


def run_pipeline(
    pipeline: PipelineLike, raws: Sequence[RawDocument], desc: str
) -> list[Prediction]:
    """One Prediction per input, in input order.

    The pipeline codes identical content once and rejects repeats, so gold items that share a
    text are run once and share the result instead of scoring the repeats as rejected.
    """
    first: dict[tuple[str | None, ...], int] = {}
    unique: list[RawDocument] = []
    index: list[int] = []
    for raw in raws:
        key = (normalize_space(raw.text or ""), raw.html, raw.title, raw.published, raw.lang)
        if key not in first:
            first[key] = len(unique)
            unique.append(raw)
        index.append(first[key])
    results = _run_unique(pipeline, unique, desc)
    return [results[i] for i in index]


def _run_unique(pipeline: PipelineLike, raws: Sequence[RawDocument], desc: str) -> list[Prediction]:
    out: list[Prediction] = []
    for raw, result in zip(
        raws, _progress(pipeline.process_many(raws), len(raws), desc), strict=False
    ):
        if isinstance(result, DocumentResult) and result.article.source_id != raw.source_id:
            raise DyadError(
                f"pipeline.process_many returned {result.article.source_id!r} where "
                f"{raw.source_id!r} was due: it must keep input order"
            )
        out.append(Prediction.from_result(result))
    if len(out) != len(raws):
        raise DyadError(f"pipeline.process_many gave {len(out)} results for {len(raws)} inputs")
    return out


def _read_jsonl_file(path: Path) -> list[dict[str, Any]]:
    return _read_jsonl(path, path.read_text(encoding="utf-8")) if path.is_file() else []


def read_predictions(out_dir: str | Path) -> dict[str, Prediction]:
    """dyad extract's output folder as Predictions keyed by source_id (rejections by input)."""
    d = Path(out_dir)
    if not (d / "articles.jsonl").is_file():
        raise UsageError(f"{out_dir}: not a dyad output folder (no articles.jsonl)")
    by_doc: dict[str, Prediction] = {}
    preds: dict[str, Prediction] = {}
    for a in _read_jsonl_file(d / "articles.jsonl"):
        # Same content gives the same doc_id, so two inputs may share one record set.
        pred = by_doc.setdefault(a["doc_id"], Prediction(article=a))
        preds[str(a["source_id"])] = pred
    for fname, attr in (("events", "events"), ("quotes", "quotes"), ("mentions", "mentions")):
        for rec in _read_jsonl_file(d / f"{fname}.jsonl"):
            if rec.get("doc_id") in by_doc:
                getattr(by_doc[rec["doc_id"]], attr).append(rec)
    for r in _read_jsonl_file(d / "rejected.jsonl"):
        preds.setdefault(str(r["input"]), Prediction.missing(str(r.get("reason"))))
    return preds


def _lookup(preds: dict[str, Prediction], source_id: str, *, by_file_name: bool) -> Prediction:
    if source_id in preds:
        return preds[source_id]
    if by_file_name:
        # A file input's source_id is its path as given on the command line: match by name.
        name = Path(source_id).name
        for key, pred in preds.items():
            if Path(key).name == name:
                return pred
    return Prediction.missing("no output for this input in the predictions folder")


# --------------------------------------------------------------------------------------------
# Reports


@dataclass(slots=True)
class Report:
    name: str
    kind: GoldKind
    path: str
    metrics: dict[str, float]
    lines: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "path": self.path,
            "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
            "details": self.details,
        }


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


def _prf_table(rows: Sequence[tuple[str, PRF]], label: str) -> list[str]:
    width = max([len(label), *(len(r[0]) for r in rows)])
    out = [f"  {label:<{width}}  {'gold':>5} {'dyad':>5} {'tp':>5}  {'P':>5}  {'R':>5}  {'F1':>5}"]
    for name, p in rows:
        out.append(
            f"  {name:<{width}}  {p.support:>5} {p.predicted:>5} {p.tp:>5}  "
            f"{p.precision:5.3f}  {p.recall:5.3f}  {p.f1:5.3f}"
        )
    return out


def _fmt_triples(ts: Iterable[tuple[str, str, str]]) -> str:
    return ", ".join(f"{s}→{t} {r}" for s, t, r in sorted(ts)) or "-"


def triple_report(gold: Gold, score: TripleScore) -> Report:
    o = score.overall
    exact = sum(1 for i in score.items if i.gold == i.predicted)
    metrics = {
        "triple_precision": o.precision,
        "triple_recall": o.recall,
        "triple_f1": o.f1,
        "triple_item_exact": ratio(exact, len(score.items)),
    }
    for cat, p in sorted(score.by_category.items()):
        metrics[f"triple_precision.{_slug(cat)}"] = p.precision
        metrics[f"triple_recall.{_slug(cat)}"] = p.recall
        metrics[f"triple_f1.{_slug(cat)}"] = p.f1
    lines = [
        f"items {len(score.items)} (rejected {score.rejected}, with a counted event "
        f"{score.items_with_events}, exactly right {exact})",
        *_prf_table([("all", o)], "set"),
    ]
    if score.by_category:
        lines += _prf_table(sorted(score.by_category.items()), "category")
    root_rows = [(f"{r} {ROOT_NAMES.get(r, '')}".rstrip(), p) for r, p in score.by_root.items()]
    lines += _prf_table(root_rows, "root")
    wrong = [i for i in score.items if i.gold != i.predicted]
    if wrong:
        lines.append(f"items with errors ({len(wrong)}; first {min(len(wrong), MAX_LISTED)}):")
        for i in wrong[:MAX_LISTED]:
            why = f" [rejected: {i.rejected}]" if i.rejected else ""
            missed, extra = _fmt_triples(i.missed), _fmt_triples(i.extra)
            lines.append(f"  {i.item_id}: missed {missed}; extra {extra}{why}")
    details = {
        "overall": o.to_dict(),
        "by_root": {r: p.to_dict() for r, p in score.by_root.items()},
        "by_category": {c: p.to_dict() for c, p in score.by_category.items()},
        "items_rejected": score.rejected,
        "errors": [
            {
                "id": i.item_id,
                "missed": sorted(i.missed),
                "extra": sorted(i.extra),
                "rejected": i.rejected,
            }
            for i in wrong
        ],
    }
    return Report(gold.name, gold.kind, str(gold.path), metrics, lines, details)


def pair_report(gold: Gold, score: PairScore) -> Report:
    n = len(score.outcomes)
    metrics = {"pair_accuracy": score.accuracy, "pair_any_event": score.linked_rate}
    by_label = score.by_label()
    lines = [
        f"pairs {n} in {len(gold.rows)} items (rejected items {score.rejected}; "
        f"{score.unlocatable} pairs name a text not in dyad's article text)",
        f"  accuracy {score.accuracy:.3f}   pairs joined by any dyad event {score.linked_rate:.3f}",
        f"  {'label':<10} {'pairs':>5} {'right':>5} {'acc':>6} {'joined':>6}",
    ]
    for label, s in by_label.items():
        lines.append(f"  {label:<10} {s.support:>5} {s.correct:>5} {s.accuracy:6.3f} {s.linked:>6}")
    confusions = score.confusions().most_common(10)
    if confusions:
        lines.append("most common wrong labels on joined pairs (gold → dyad):")
        lines += [f"  {g} → {d}: {c}" for (g, d), c in confusions]
    details = {
        "by_label": {
            k: {"support": s.support, "correct": s.correct, "joined": s.linked}
            for k, s in by_label.items()
        },
        "unlocatable": score.unlocatable,
        "wrong": [o.to_dict() for o in score.outcomes if not o.correct],
    }
    return Report(gold.name, gold.kind, str(gold.path), metrics, lines, details)


def seed_report(gold: Gold, score: SeedScore) -> Report:
    metrics = {
        "seed_checks_passed": float(score.passed),
        "seed_check_rate": ratio(score.passed, score.total),
        "seed_event_precision": score.precision,
        "seed_event_recall": score.recall,
        "seed_event_f1": score.f1,
        "seed_event_precision_required": score.precision_required,
        "seed_event_f1_required": score.f1_required,
    }
    lines = [f"rejected: {score.rejected}"] if score.rejected else []
    for c in score.checks:
        mark = {True: "PASS", False: "FAIL", None: "n/a "}[c.passed]
        lines.append(f"  {mark}  {c.name}" + (f"  — {c.detail}" if c.detail else ""))
    lines += [
        f"checks passed {score.passed}/{score.total}",
        f"events: dyad {len(score.predicted)} triples, required {len(score.required)}",
        f"  vs required ∪ acceptable  P {score.precision:.3f}  R {score.recall:.3f}  "
        f"F1 {score.f1:.3f}",
        f"  vs required only          P {score.precision_required:.3f}  R {score.recall:.3f}  "
        f"F1 {score.f1_required:.3f}",
        f"  outside required ∪ acceptable: {_fmt_triples(score.outside)}",
    ]
    details = {
        "checks": [c.to_dict() for c in score.checks],
        "predicted": sorted(score.predicted),
        "outside": sorted(score.outside),
    }
    return Report(gold.name, gold.kind, str(gold.path), metrics, lines, details)


def actor_report(gold: Gold, score: ActorScore) -> Report:
    metrics: dict[str, float] = {}
    rows: list[str] = []
    for check, label in (("country", "country/igo"), ("sector", "sector"), ("none", "no actor")):
        cells = []
        for run, suffix in ((True, ""), (False, "_other")):
            right, total = score.accuracy(check, run=run)
            if total:
                metrics[f"actor_{check}_accuracy{suffix}"] = ratio(right, total)
            cells.append(f"{right:>4}/{total:<4} {ratio(right, total):5.3f}")
        rows.append(f"  {label:<12} {cells[0]:>16}   {cells[1]:>16}")
    scored = [o for o in score.outcomes if o.scored]
    lines = [
        f"cases {len(score.outcomes)}: scored {len(scored)}, unscored {score.unscored} "
        "(they assert nothing dyad outputs)",
        f"  {'':<12} {'pytest run':>16}   {'skip/xfail/other':>16}",
        *rows,
    ]
    per_function: dict[str, list[bool]] = {}
    for o in scored:
        per_function.setdefault(o.function, []).append(o.passed)
    lines.append("  cases fully right, by NGEC function:")
    for fn, passed in sorted(per_function.items()):
        lines.append(f"    {fn:<20} {sum(passed):>4}/{len(passed):<4}")
    failures = score.failures()
    if failures:
        lines.append(f"failures ({len(failures)}; first {min(len(failures), MAX_LISTED)}):")
        for o in failures[:MAX_LISTED]:
            got = o.got and {k: o.got.get(k) for k in ("country", "igo", "sector", "name")}
            lines.append(f"  {o.case_id} {o.text!r}: expected {o.expected}, got {got}")
    details = {"failures": [o.to_dict() for o in failures], "unscored": score.unscored}
    return Report(gold.name, gold.kind, str(gold.path), metrics, lines, details)


def evaluate_path(
    path: str | Path,
    *,
    pipeline: PipelineLike | None = None,
    limit: int | None = None,
    predictions: str | Path | dict[str, Prediction] | None = None,
    resolver: Resolver | None = None,
) -> Report:
    """Score dyad on one gold file.

    dyad's output comes from `pipeline` (default: a new dyad.pipeline.Pipeline), or from
    `predictions`: a `dyad extract` output folder, or Predictions keyed by source_id.
    `resolver` replaces dyad.actors.resolve_text for actor tests. `limit` keeps the first N rows.
    """
    gold = load_gold(path)
    if limit is not None and gold.kind != "seed":
        gold.rows = gold.rows[:limit]
    if gold.kind == "actors":
        resolve = resolver or default_resolver()
        cases = list(_progress(gold.rows, len(gold.rows), gold.name))
        return actor_report(gold, score_actor_cases(cases, resolve))

    raws = raw_documents(gold)
    if predictions is not None:
        preds = predictions if isinstance(predictions, dict) else read_predictions(predictions)
        seed = gold.kind == "seed"
        outputs = [_lookup(preds, r.source_id, by_file_name=seed) for r in raws]
    else:
        outputs = run_pipeline(pipeline or default_pipeline(), raws, gold.name)

    if gold.kind == "seed":
        return seed_report(gold, score_seed(gold.rows[0], outputs[0]))
    if gold.kind == "triples":
        return triple_report(gold, score_triples(zip(gold.rows, outputs, strict=True)))
    return pair_report(gold, score_pairs(zip(gold.rows, outputs, strict=True)))


def format_report(report: Report) -> str:
    head = f"== {report.name} ({report.kind}) {report.path}"
    headline = "  ".join(
        f"{k} {v:.3f}" for k, v in report.metrics.items() if "." not in k and "_other" not in k
    )
    return "\n".join([head, headline, *report.lines])


def main_eval(
    paths: list[str],
    *,
    as_json: bool,
    limit: int | None,
    predictions: str | None = None,
) -> int:
    """`dyad eval`: 0 all gold files scored, 1 some could not be (reason on stderr), 2 usage."""
    if limit is not None and limit < 1:
        print("dyad eval: --limit must be at least 1", file=sys.stderr)
        return 2
    pipeline = _LazyPipeline()  # one model load for all gold files
    reports: list[Report] = []
    status = 0
    for path in paths:
        try:
            report = evaluate_path(path, pipeline=pipeline, limit=limit, predictions=predictions)
        except UsageError as exc:
            print(f"dyad eval: {exc}", file=sys.stderr)
            status = 2
            continue
        except (EvalUnavailable, DataError) as exc:
            print(f"dyad eval: {path}: cannot evaluate: {exc}", file=sys.stderr)
            status = max(status, 1)
            continue
        reports.append(report)
        if not as_json:
            print(format_report(report), end="\n\n", flush=True)
    if as_json:
        print(json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False))
    return status
