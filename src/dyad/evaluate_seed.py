"""The seed gold (../shared/seed/gold.json): every check it lists, as a named pass/fail line.

Pure scoring over a `Prediction` (contract dicts); `dyad.evaluate` runs dyad on the article and
renders the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dyad.evaluate_score import (
    Prediction,
    Record,
    Triple,
    actor_key,
    event_pair,
    event_root,
    f1,
    find_occurrences,
    gold_triples,
    normalize_space,
    overlaps,
    predicted_triples,
    ratio,
    span_of,
)

QUOTE_MARKS = "\"'“”‘’«»„‟‹›「」 "


@dataclass(slots=True)
class SeedCheck:
    group: str  # the gold.json key the check comes from
    name: str
    passed: bool | None  # None: does not apply to this output (not counted)
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "name": self.name,
            "passed": self.passed,
            "detail": self.detail,
        }


@dataclass(slots=True)
class SeedScore:
    checks: list[SeedCheck]
    predicted: set[Triple]
    required: set[Triple]
    allowed: set[Triple]  # required ∪ acceptable
    rejected: str | None = None

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c.passed)

    @property
    def total(self) -> int:
        return sum(1 for c in self.checks if c.passed is not None)

    @property
    def outside(self) -> set[Triple]:
        """dyad triples that are neither required nor acceptable."""
        return self.predicted - self.allowed

    @property
    def precision(self) -> float:
        return ratio(len(self.predicted & self.allowed), len(self.predicted))

    @property
    def recall(self) -> float:
        return ratio(len(self.predicted & self.required), len(self.required))

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def precision_required(self) -> float:
        """Strict precision: only the required triples count as right."""
        return ratio(len(self.predicted & self.required), len(self.predicted))

    @property
    def f1_required(self) -> float:
        return f1(self.precision_required, self.recall)


def _fold(s: str | None) -> str:
    return normalize_space(s or "").casefold()


def _triple_name(t: Triple) -> str:
    return f"{t[0]}→{t[1]} {t[2]}"


def strip_quote_marks(text: str) -> str:
    return normalize_space(text).strip(QUOTE_MARKS)


def _actor_desc(a: Record) -> str:
    sector = ",".join(a.get("sector") or [])
    return f"{a.get('text')!r} name={a.get('name')!r} {actor_key(a) or '-'} [{sector}]"


def _text_checks(gold: Record, pred: Prediction) -> list[SeedCheck]:
    article = pred.article or {}
    checks: list[SeedCheck] = []
    if "title" in gold:
        got = article.get("title")
        ok = _fold(got) == _fold(gold["title"])
        detail = "" if ok else f"got {got!r}"
        checks.append(SeedCheck("title", f"title = {gold['title']!r}", ok, detail))
    if "authors" in gold:
        got_authors = list(article.get("authors") or [])
        ok = sorted(map(_fold, got_authors)) == sorted(map(_fold, gold["authors"]))
        detail = "" if ok else f"got {got_authors}"
        checks.append(SeedCheck("authors", f"authors = {gold['authors']}", ok, detail))
    text = normalize_space(pred.text)
    for s in gold.get("clean_text_must_contain") or []:
        ok = normalize_space(s) in text
        checks.append(SeedCheck("clean_text_must_contain", f"text contains {s!r}", ok))
    for s in gold.get("clean_text_must_not_contain") or []:
        ok = normalize_space(s) not in text
        checks.append(SeedCheck("clean_text_must_not_contain", f"text lacks {s!r}", ok))
    return checks


def _event_checks(gold: Record, pred: Prediction, predicted: set[Triple]) -> list[SeedCheck]:
    checks: list[SeedCheck] = []
    for e in gold.get("events_required") or []:
        (t,) = gold_triples([e]) or {("?", "?", "?")}
        ok = t in predicted
        detail = ""
        if not ok:
            same_pair = sorted(p[2] for p in predicted if p[:2] == t[:2])
            detail = f"dyad has roots {same_pair} for this pair" if same_pair else "no such pair"
        why = f" ({e['why']})" if e.get("why") else ""
        checks.append(SeedCheck("events_required", f"event {_triple_name(t)}{why}", ok, detail))
    for e in gold.get("events_forbidden") or []:
        pair = (str(e["source"]), str(e["target"]))
        # Every event counts here, negated or not: the pair itself is the coding error.
        bad = [ev for ev in pred.events if event_pair(ev) == pair]
        triggers = [f"{(ev.get('trigger') or {}).get('text')!r} {event_root(ev)}" for ev in bad]
        checks.append(
            SeedCheck(
                "events_forbidden",
                f"no event {pair[0]}→{pair[1]}",
                not bad,
                f"found {triggers}" if bad else "",
            )
        )
    return checks


def _actor_checks(gold: Record, pred: Prediction) -> list[SeedCheck]:
    checks: list[SeedCheck] = []
    actors = pred.actors()
    text = pred.text
    for g in gold.get("actors") or []:
        name, country, sector = g["name"], g.get("country"), g.get("sector")
        named = [a for a in actors if _fold(a.get("name")) == _fold(name)]
        ok = any(
            (country is None or a.get("country") == country)
            and (sector is None or sector in (a.get("sector") or []))
            for a in named
        )
        if ok:
            detail = ""
        elif named:
            seen = sorted({f"{a.get('country')} {a.get('sector')}" for a in named})
            detail = f"named but coded {seen}"
        else:
            detail = "no actor with this name"
        label = f"actor {name} ({country}, {sector})"
        checks.append(SeedCheck("actors", label, ok, detail))
        # The gold lists the short forms the article uses; each occurrence should resolve to
        # the full name (coreference), judged by span overlap in dyad's cleaned text.
        for m in g.get("mentions") or []:
            spans = find_occurrences(text, m)
            if not spans:
                checks.append(
                    SeedCheck("actors", f"mention {m!r} → {name}", None, "not in cleaned text")
                )
                continue
            covered = [
                s
                for s in spans
                if any((sp := span_of(a)) is not None and overlaps(sp, s) for a in named)
            ]
            checks.append(
                SeedCheck(
                    "actors",
                    f"mention {m!r} → {name}",
                    len(covered) == len(spans),
                    f"{len(covered)}/{len(spans)} occurrences resolved",
                )
            )
    for s in gold.get("not_actors") or []:
        hits = [
            a
            for a in actors
            if _fold(s) in _fold(a.get("text")) or _fold(s) in _fold(a.get("name"))
        ]
        detail = f"found {sorted({_actor_desc(a) for a in hits})}" if hits else ""
        checks.append(SeedCheck("not_actors", f"no actor {s!r}", not hits, detail))
    return checks


def _quote_checks(gold: Record, pred: Prediction) -> list[SeedCheck]:
    checks: list[SeedCheck] = []
    for g in gold.get("quotes") or []:
        start, speaker = _fold(g["text_starts"]), _fold(g["speaker"])
        found = [
            q
            for q in pred.quotes
            if _fold(strip_quote_marks(q.get("text") or "")).startswith(start)
        ]
        ok = any(_fold((q.get("speaker") or {}).get("name")) == speaker for q in found)
        if ok:
            detail = ""
        elif found:
            who = sorted({str((q.get("speaker") or {}).get("name")) for q in found})
            detail = f"quote found, speaker {who}"
        else:
            detail = "no quote starts so"
        label = f"quote {g['text_starts']!r} by {g['speaker']}"
        checks.append(SeedCheck("quotes", label, ok, detail))
    return checks


def _touches(mention: Record, gold_text: str, spans: list[tuple[int, int]]) -> bool:
    """A time mention is at the gold date when their texts contain one another or spans overlap."""
    mtext = _fold(mention.get("text"))
    if mtext and (mtext in gold_text or gold_text in mtext):
        return True
    sp = span_of(mention)
    return sp is not None and any(overlaps(sp, s) for s in spans)


def _date_checks(gold: Record, pred: Prediction) -> list[SeedCheck]:
    checks: list[SeedCheck] = []
    times = [m for m in pred.mentions if m.get("kind") == "time"]
    for g in gold.get("dates") or []:
        spans = find_occurrences(pred.text, g["text"])
        gtext = _fold(g["text"])

        near = [m for m in times if _touches(m, gtext, spans)]
        ok = any(m.get("value") == g["value"] for m in near)
        detail = (
            "" if ok else f"time mentions there: {[(m.get('text'), m.get('value')) for m in near]}"
        )
        checks.append(SeedCheck("dates", f"date {g['text']!r} = {g['value']}", ok, detail))
    return checks


def score_seed(gold: Record, pred: Prediction) -> SeedScore:
    """Check dyad's output for the seed article against every expectation gold.json lists."""
    predicted = predicted_triples(pred.events)
    required = gold_triples(gold.get("events_required") or [])
    allowed = required | gold_triples(gold.get("events_acceptable") or [])
    checks = (
        _text_checks(gold, pred)
        + _event_checks(gold, pred, predicted)
        + _actor_checks(gold, pred)
        + _quote_checks(gold, pred)
        + _date_checks(gold, pred)
    )
    return SeedScore(checks, predicted, required, allowed, pred.rejected)
