"""Scorers for dyad's gold sets, over the contract's dict form of dyad output.

Everything here is pure: it takes gold rows (as read from ../shared/data) and `Prediction`s (what
dyad wrote for one input, as `to_dict()` dicts) and counts. The scoring rules are the ones in
../shared/data/README.md; `dyad.evaluate` runs dyad and renders the numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dyad.codebook import ROOT_TO_PLOVER
from dyad.records import DocumentResult, Rejection

Triple = tuple[str, str, str]

Record = Mapping[str, Any]

# README (events/plv_train): the CAMEO root -> PLOVER label map that scores the pair set is
# dyad's own root mapping (01, which PLOVER drops, has no label).
ROOT_TO_PAIR_LABEL: dict[str, str] = {r: label for r, label in ROOT_TO_PLOVER.items() if label}

# The IGO acronyms of the records contract; NGEC's generic "IGO" means an organisation outside it.
CONTRACT_IGOS = frozenset(
    {
        "UN",
        "EU",
        "NATO",
        "AU",
        "ECOWAS",
        "AES",
        "ASEAN",
        "ARAB_LEAGUE",
        "GCC",
        "OPEC",
        "ICC",
        "ICJ",
        "IAEA",
        "IMF",
        "WORLD_BANK",
        "WHO",
        "WTO",
        "OSCE",
        "COE",
        "BRICS",
        "G7",
        "G20",
        "SCO",
        "OAS",
        "CARICOM",
        "SADC",
        "EAC",
        "IGAD",
    }
)


# --------------------------------------------------------------------------------------------
# Predictions


@dataclass(slots=True)
class Prediction:
    """What dyad produced for one input: contract dicts, or the reason it rejected the input."""

    article: dict[str, Any] | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    rejected: str | None = None

    @classmethod
    def from_result(cls, result: DocumentResult | Rejection) -> Prediction:
        if isinstance(result, Rejection):
            return cls(rejected=result.reason)
        return cls(
            article=result.article.to_dict(),
            events=[e.to_dict() for e in result.events],
            quotes=[q.to_dict() for q in result.quotes],
            mentions=[m.to_dict() for m in result.mentions],
        )

    @classmethod
    def missing(cls, reason: str) -> Prediction:
        return cls(rejected=reason)

    @property
    def text(self) -> str:
        return str(self.article.get("text") or "") if self.article else ""

    def actors(self) -> list[dict[str, Any]]:
        """Every resolved actor dyad output: actor mentions, event sides and quote speakers."""
        found: list[dict[str, Any]] = []
        for m in self.mentions:
            if m.get("kind") == "actor" and m.get("actor"):
                found.append(m["actor"])
        for e in self.events:
            found.extend(a for a in (e.get("source"), e.get("target")) if a)
        found.extend(q["speaker"] for q in self.quotes if q.get("speaker"))
        return found


# --------------------------------------------------------------------------------------------
# Shared helpers


@dataclass(slots=True)
class PRF:
    """True/false positive and false negative counts, with the rates derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def support(self) -> int:
        """Gold items of this class."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.support,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def normalize_space(s: str) -> str:
    return " ".join(s.split())


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def span_of(record: Record | None) -> tuple[int, int] | None:
    """The (start, end) of an actor or mention dict, if it has one."""
    if not record or record.get("start") is None or record.get("end") is None:
        return None
    return int(record["start"]), int(record["end"])


def find_occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of `phrase` ("Sudan" not inside "Sudanese"), else raw ones."""
    if not phrase:
        return []
    left = r"(?<!\w)" if phrase[0].isalnum() else ""
    right = r"(?!\w)" if phrase[-1].isalnum() else ""
    spans = [m.span() for m in re.finditer(left + re.escape(phrase) + right, text)]
    if spans:
        return spans
    return [m.span() for m in re.finditer(re.escape(phrase), text)]


def find_first(text: str, phrase: str) -> tuple[int, int] | None:
    spans = find_occurrences(text, phrase)
    return spans[0] if spans else None


# --------------------------------------------------------------------------------------------
# Triples (events/current_events_2025_gold.jsonl, and the seed's required events)


def actor_key(actor: Record | None) -> str | None:
    """README rule (same as records.Actor.key): country, else IGO acronym, else IMG."""
    if not actor:
        return None
    if actor.get("country"):
        return str(actor["country"])
    if actor.get("igo"):
        return str(actor["igo"])
    if "IMG" in (actor.get("sector") or []):
        return "IMG"
    return None


def event_root(event: Record) -> str | None:
    root = event.get("root")
    if not root and event.get("cameo"):
        root = str(event["cameo"])[:2]
    if not root:
        return None
    root = str(root)
    return root.zfill(2) if root.isdigit() else root


def is_counted(event: Record) -> bool:
    """Negated and hypothetical events are not counted (README, events/)."""
    return not event.get("negated") and event.get("modality") != "hypothetical"


def event_pair(event: Record) -> tuple[str, str] | None:
    source, target = actor_key(event.get("source")), actor_key(event.get("target"))
    if source is None or target is None:
        return None
    return source, target


def event_triple(event: Record) -> Triple | None:
    """The (source, target, root) an event counts as, or None when it gives no triple."""
    if not is_counted(event):
        return None
    pair, root = event_pair(event), event_root(event)
    if pair is None or root is None:
        return None
    return pair[0], pair[1], root


def predicted_triples(events: Iterable[Record]) -> set[Triple]:
    # A set: a triple coded from three sentences of one item still counts once.
    return {t for t in map(event_triple, events) if t is not None}


def gold_triples(gold_events: Iterable[Record]) -> set[Triple]:
    return {
        (str(e["source"]), str(e["target"]), str(e["root"]).zfill(2))
        for e in gold_events
        if e.get("source") and e.get("target") and e.get("root")
    }


@dataclass(slots=True)
class ItemTriples:
    item_id: str
    category: str | None
    gold: set[Triple]
    predicted: set[Triple]
    rejected: str | None = None

    @property
    def missed(self) -> set[Triple]:
        return self.gold - self.predicted

    @property
    def extra(self) -> set[Triple]:
        return self.predicted - self.gold


@dataclass(slots=True)
class TripleScore:
    overall: PRF
    by_root: dict[str, PRF]
    by_category: dict[str, PRF]
    items: list[ItemTriples]

    @property
    def rejected(self) -> int:
        return sum(1 for i in self.items if i.rejected is not None)

    @property
    def items_with_events(self) -> int:
        return sum(1 for i in self.items if i.predicted)


def score_triples(pairs: Iterable[tuple[Record, Prediction]]) -> TripleScore:
    """Micro P/R/F1 of per-item (source, target, root) sets, overall, per root, per category."""
    overall = PRF()
    by_root: dict[str, PRF] = {}
    by_category: dict[str, PRF] = {}
    items: list[ItemTriples] = []
    for gold, pred in pairs:
        item = ItemTriples(
            item_id=str(gold.get("id")),
            category=gold.get("category"),
            gold=gold_triples(gold.get("events") or []),
            predicted=predicted_triples(pred.events),
            rejected=pred.rejected,
        )
        items.append(item)
        buckets = [overall]
        if item.category:
            buckets.append(by_category.setdefault(item.category, PRF()))
        for bucket in buckets:
            bucket.tp += len(item.gold & item.predicted)
            bucket.fp += len(item.extra)
            bucket.fn += len(item.missed)
        # Per root: a wrong triple is a false positive of the root dyad gave it.
        for t in item.gold | item.predicted:
            prf = by_root.setdefault(t[2], PRF())
            if t in item.gold and t in item.predicted:
                prf.tp += 1
            elif t in item.predicted:
                prf.fp += 1
            else:
                prf.fn += 1
    return TripleScore(overall, dict(sorted(by_root.items())), by_category, items)


# --------------------------------------------------------------------------------------------
# Pairs (events/plv_train.jsonl)


@dataclass(slots=True)
class PairOutcome:
    item_id: str
    source_text: str
    target_text: str
    label: str
    located: bool  # both texts found in dyad's article text
    linked: bool  # some dyad event joins the two mentions, whatever its root
    correct: bool
    got: list[str]  # labels of the events that join the two mentions

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.item_id,
            "source_text": self.source_text,
            "target_text": self.target_text,
            "label": self.label,
            "located": self.located,
            "linked": self.linked,
            "correct": self.correct,
            "got": self.got,
        }


@dataclass(slots=True)
class LabelStat:
    support: int = 0
    correct: int = 0
    linked: int = 0

    @property
    def accuracy(self) -> float:
        return ratio(self.correct, self.support)


@dataclass(slots=True)
class PairScore:
    outcomes: list[PairOutcome]
    rejected: int

    @property
    def accuracy(self) -> float:
        return ratio(sum(o.correct for o in self.outcomes), len(self.outcomes))

    @property
    def linked_rate(self) -> float:
        return ratio(sum(o.linked for o in self.outcomes), len(self.outcomes))

    @property
    def unlocatable(self) -> int:
        return sum(1 for o in self.outcomes if not o.located)

    def by_label(self) -> dict[str, LabelStat]:
        stats: dict[str, LabelStat] = {}
        for o in self.outcomes:
            s = stats.setdefault(o.label, LabelStat())
            s.support += 1
            s.correct += o.correct
            s.linked += o.linked
        return dict(sorted(stats.items()))

    def confusions(self) -> Counter[tuple[str, str]]:
        """(gold label, label dyad gave) for linked pairs dyad labelled wrong."""
        c: Counter[tuple[str, str]] = Counter()
        for o in self.outcomes:
            if o.linked and not o.correct:
                c.update((o.label, g) for g in set(o.got))
        return c


def event_pair_label(event: Record) -> str:
    root = event_root(event)
    return ROOT_TO_PAIR_LABEL.get(root or "", f"root {root}")


def score_pair(item_id: str, pair: Record, pred: Prediction) -> PairOutcome:
    text = pred.text
    src = find_first(text, pair["source_text"])
    tgt = find_first(text, pair["target_text"])
    got: list[str] = []
    if src is not None and tgt is not None:
        for e in pred.events:
            s, t = span_of(e.get("source")), span_of(e.get("target"))
            if s is not None and t is not None and overlaps(s, src) and overlaps(t, tgt):
                got.append(event_pair_label(e))
    return PairOutcome(
        item_id=item_id,
        source_text=pair["source_text"],
        target_text=pair["target_text"],
        label=pair["label"],
        located=src is not None and tgt is not None,
        linked=bool(got),
        correct=pair["label"] in got,
        got=got,
    )


def score_pairs(pairs: Iterable[tuple[Record, Prediction]]) -> PairScore:
    """Accuracy = pairs dyad joins with an event of the right label / all pairs (README)."""
    outcomes: list[PairOutcome] = []
    rejected = 0
    for gold, pred in pairs:
        rejected += pred.rejected is not None
        outcomes.extend(score_pair(str(gold.get("id")), p, pred) for p in gold.get("pairs") or [])
    return PairScore(outcomes, rejected)


# --------------------------------------------------------------------------------------------
# Actor resolution (actors/ngec_actor_tests.jsonl)

Resolver = Callable[..., Any]

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y")


def normalize_query_date(value: str | None, today: date | None = None) -> str | None:
    """NGEC's query dates as ISO: "today" is the day of the run, "10 May 2015" is 2015-05-10."""
    if not value:
        return None
    if value.strip().lower() == "today":
        return (today or date.today()).isoformat()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return value


def case_context(case: Record) -> str | None:
    # NGEC passes a known country as a keyword for a few cases; it is context to dyad's resolver.
    if case.get("context"):
        return str(case["context"])
    args = case.get("args") or {}
    for key in ("known_country", "country"):
        if args.get(key):
            return str(args[key])
    return None


def actor_as_dict(actor: Any) -> dict[str, Any] | None:
    if actor is None:
        return None
    if isinstance(actor, Mapping):
        return dict(actor)
    return dict(actor.to_dict())


def _igo_matches(gold_igo: str | None, got_igo: str | None) -> bool:
    if gold_igo == "IGO":
        # An organisation the contract has no acronym for: any non-contract IGO code will do.
        return bool(got_igo) and got_igo not in CONTRACT_IGOS
    return got_igo == gold_igo


@dataclass(slots=True)
class ActorOutcome:
    case_id: str
    function: str
    pytest: str
    text: str
    expected: dict[str, Any]
    got: dict[str, Any] | None
    country_ok: bool | None = None  # None: the case does not assert it
    sector_ok: bool | None = None
    none_ok: bool | None = None

    @property
    def run(self) -> bool:
        return self.pytest == "run"

    @property
    def scored(self) -> bool:
        return any(v is not None for v in (self.country_ok, self.sector_ok, self.none_ok))

    @property
    def passed(self) -> bool:
        return all(v is not False for v in (self.country_ok, self.sector_ok, self.none_ok))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.case_id,
            "function": self.function,
            "pytest": self.pytest,
            "text": self.text,
            "expected": self.expected,
            "got": self.got,
            "country_ok": self.country_ok,
            "sector_ok": self.sector_ok,
            "none_ok": self.none_ok,
        }


def score_actor_case(case: Record, got: dict[str, Any] | None) -> ActorOutcome:
    asserts = set(case.get("asserts") or [])
    expected = {k: case.get(k) for k in ("country", "igo", "sector", "sector_any_of") if k in case}
    out = ActorOutcome(
        case_id=str(case.get("id")),
        function=str(case.get("function")),
        pytest=str(case.get("pytest")),
        text=str(case.get("text")),
        expected=expected,
        got=got,
    )
    got_country = got.get("country") if got else None
    got_igo = got.get("igo") if got else None
    got_sector = set(got.get("sector") or []) if got else set()
    if case.get("expect_none"):
        out.none_ok = got is None
    if "country" in asserts or "igo" in asserts:
        # "Exact ISO3/igo, null must be null": an IGO case needs no country and the right IGO.
        ok = got_country == case.get("country")
        if case.get("igo") is not None or "igo" in asserts:
            ok = ok and _igo_matches(case.get("igo"), got_igo)
        out.country_ok = ok
    if "sector" in asserts:
        any_of = case.get("sector_any_of")
        if any_of:
            out.sector_ok = bool(got_sector & set(any_of))
        else:
            out.sector_ok = got_sector == set(case.get("sector") or [])
    return out


@dataclass(slots=True)
class ActorScore:
    outcomes: list[ActorOutcome]

    def accuracy(self, check: str, *, run: bool) -> tuple[int, int]:
        """(correct, asserted) for check "country", "sector" or "none" over run / other cases."""
        values = [getattr(o, f"{check}_ok") for o in self.outcomes if o.run == run and o.scored]
        asserted = [v for v in values if v is not None]
        return sum(asserted), len(asserted)

    @property
    def unscored(self) -> int:
        return sum(1 for o in self.outcomes if not o.scored)

    def failures(self) -> list[ActorOutcome]:
        return [o for o in self.outcomes if o.scored and not o.passed]


def score_actor_cases(
    cases: Sequence[Record], resolve: Resolver, *, today: date | None = None
) -> ActorScore:
    """Run `resolve(text, context=..., date=...)` on each case and score what the case asserts."""
    outcomes: list[ActorOutcome] = []
    for case in cases:
        asserts = case.get("asserts") or []
        if not asserts and not case.get("expect_none"):
            # Wikipedia-title and similar cases assert nothing dyad outputs; keep them as unscored.
            outcomes.append(score_actor_case(case, None))
            continue
        got = resolve(
            str(case["text"]),
            context=case_context(case),
            date=normalize_query_date(case.get("query_date"), today),
        )
        outcomes.append(score_actor_case(case, actor_as_dict(got)))
    return ActorScore(outcomes)
