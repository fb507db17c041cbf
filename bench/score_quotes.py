"""Score dyad.quotes.find_quotes on PolNeAR attribution relations (brat standoff).

    python bench/score_quotes.py [--data DIR] [--show N] [--limit N]

A gold Content span (all its pieces, Content2 included) counts as found when one predicted
attribution covers at least half of its non-space characters; matching is one-to-one, best
coverage first. dyad emits each part of an interrupted quote (and a partial quote inside the
indirect speech it belongs to) as its own candidate with the same cue; PolNeAR keeps them as one
discontinuous attribution, so candidates sharing a cue span are scored as one attribution (the
`candidates` line scores them one by one). Direct = gold content enclosed in quote marks.
Speaker (cue) accuracy = share of matched gold attributions with a Source (Cue) whose span
overlaps dyad's speaker (cue). One annotation file per text (the first by name).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dyad.nlp import load_pipeline
from dyad.quotes import QuoteCandidate, find_quotes

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/quotes/polnear/dev"
QUOTE_MARKS = "\"“”‘’«»'"


@dataclass
class Gold:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    direct: bool = False
    chars: set[int] = field(default_factory=set)


@dataclass
class Pred:
    ranges: list[tuple[int, int]]
    direct: bool
    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None
    chars: set[int] = field(default_factory=set)


def read_ann(path: Path, text: str) -> list[Gold]:
    spans: dict[str, list[tuple[int, int]]] = {}
    rels: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, offsets = parts[1].split(" ", 1)
            spans[parts[0]] = [
                (int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))
            ]
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":", 1) for r in parts[1].split())
            if "Attribution" in roles or "Attribution-no-source" in roles:
                rels.append(roles)
    golds = []
    for roles in rels:
        content = [s for key in ("Content", "Content2") if key in roles for s in spans[roles[key]]]
        if not content:
            continue
        g = Gold(
            content, spans.get(roles.get("Source", ""), []), spans.get(roles.get("Cue", ""), [])
        )
        g.chars = non_space(text, content)
        g.direct = all(enclosed(text[a:b]) for a, b in content)
        if g.chars:
            golds.append(g)
    return golds


def enclosed(s: str) -> bool:
    s = s.strip().rstrip(".,;:—-").strip()
    return len(s) > 1 and s[0] in QUOTE_MARKS and s[-1] in QUOTE_MARKS


def non_space(text: str, ranges: Iterable[tuple[int, int]]) -> set[int]:
    return {i for a, b in ranges for i in range(a, b) if not text[i].isspace()}


def overlaps(a: tuple[int, int] | None, spans: list[tuple[int, int]]) -> bool:
    return a is not None and any(a[0] < e and s < a[1] for s, e in spans)


def to_preds(text: str, quotes: list[QuoteCandidate], group: bool) -> list[Pred]:
    preds: list[Pred] = []
    by_cue: dict[tuple[int, int], Pred] = {}
    for q in quotes:
        cue = (q.cue.start, q.cue.end) if q.cue else None
        speaker = (q.speaker.start, q.speaker.end) if q.speaker else None
        if group and cue is not None and cue in by_cue:
            p = by_cue[cue]
            p.ranges.append((q.start, q.end))
            p.direct = p.direct or q.kind == "direct"
            p.speaker = p.speaker or speaker
            continue
        p = Pred([(q.start, q.end)], q.kind == "direct", speaker, cue)
        preds.append(p)
        if group and cue is not None:
            by_cue[cue] = p
    for p in preds:
        p.chars = non_space(text, p.ranges)
    return preds


def match(golds: list[Gold], preds: list[Pred]) -> list[tuple[Gold, Pred]]:
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            cover = len(g.chars & p.chars) / len(g.chars)
            if cover >= 0.5:
                pairs.append((cover, gi, pi))
    pairs.sort(key=lambda x: -x[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((golds[gi], preds[pi]))
    return out


def prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> str:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (pred {n_p}, gold {n_g}, matched {tp_g})"


def load(data: Path) -> list[tuple[str, str, list[Gold]]]:
    items = []
    for txt in sorted((data / "text").glob("*.txt")):
        anns = sorted((data / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        items.append((txt.stem, text, read_ann(anns[0], text)))
    return items


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--show", type=int, default=0, help="print N misses and N false alarms")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N texts")
    args = ap.parse_args(argv)

    items = load(args.data)[: args.limit or None]
    nlp = load_pipeline("en")
    t0 = time.perf_counter()
    docs = list(nlp.pipe([text for _, text, _ in items]))
    t1 = time.perf_counter()
    found = [find_quotes(doc) for doc in docs]
    t2 = time.perf_counter()

    for label, group in (("attributions", True), ("candidates", False)):
        tot = {"all": [0, 0, 0, 0], "direct": [0, 0, 0, 0], "indirect": [0, 0, 0, 0]}
        spk = [0, 0]
        cue = [0, 0]
        misses: list[str] = []
        alarms: list[str] = []
        for (name, text, golds), quotes in zip(items, found, strict=True):
            preds = to_preds(text, quotes, group)
            pairs = match(golds, preds)
            matched_p = {id(p) for _, p in pairs}
            matched_g = {id(g) for g, _ in pairs}
            for key, gsel, psel in (
                ("all", golds, preds),
                ("direct", [g for g in golds if g.direct], [p for p in preds if p.direct]),
                (
                    "indirect",
                    [g for g in golds if not g.direct],
                    [p for p in preds if not p.direct],
                ),
            ):
                tot[key][0] += sum(id(p) in matched_p for p in psel)
                tot[key][1] += len(psel)
                tot[key][2] += sum(id(g) in matched_g for g in gsel)
                tot[key][3] += len(gsel)
            for g, p in pairs:
                if g.source:
                    spk[1] += 1
                    spk[0] += overlaps(p.speaker, g.source)
                if g.cue:
                    cue[1] += 1
                    cue[0] += overlaps(p.cue, g.cue)
            if group and args.show:
                for g in golds:
                    if id(g) not in matched_g:
                        misses.append(f"{name}: {' … '.join(text[a:b] for a, b in g.content)}")
                for p in preds:
                    if id(p) not in matched_p:
                        alarms.append(f"{name}: {' … '.join(text[a:b] for a, b in p.ranges)}")
        print(f"== {label} ({len(items)} texts, {args.data})")
        for key in ("all", "direct", "indirect"):
            print(f"  {key:9s} {prf(*tot[key])}")
        print(f"  speaker overlaps gold Source: {spk[0] / max(spk[1], 1):.3f} ({spk[0]}/{spk[1]})")
        print(f"  cue overlaps gold Cue:        {cue[0] / max(cue[1], 1):.3f} ({cue[0]}/{cue[1]})")
        for tag, rows in (("MISS", misses), ("FALSE", alarms)):
            for row in rows[: args.show]:
                print(f"  {tag} {row[:300]!r}")
    print(f"parse {t1 - t0:.1f}s, find_quotes {t2 - t1:.2f}s for {len(items)} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
