"""Coverage of dyad on unlabelled news items: how much it codes, what, and a sample to read.

    python bench/coverage.py [--data ../shared/data/events/current_events_2025.jsonl]
                             [--limit N] [--sample 50] [--seed 7]

Prints the share of items that yield at least one event (and one counted event: not negated,
not hypothetical, both actors placed), the root distribution, the recall of the items'
Wikipedia-linked entity spans among dyad's actor mentions, the share of event dates on or
before the item's date, and a random sample of items with their events for reading by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dyad.codebook import lookup
from dyad.pipeline import Pipeline
from dyad.records import DocumentResult, RawDocument, Rejection

DEFAULT_DATA = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "events"
    / "current_events_2025.jsonl"
)


def read_items(path: Path, limit: int | None) -> list[dict[str, Any]]:
    items = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            items.append(json.loads(line))
            if limit is not None and len(items) >= limit:
                break
    return items


def counted(result: DocumentResult) -> list[Any]:
    return [
        e
        for e in result.events
        if not e.negated
        and e.modality != "hypothetical"
        and e.target is not None
        and e.source.key
        and e.target.key
    ]


def describe(item: dict[str, Any], result: DocumentResult | Rejection) -> Iterator[str]:
    yield f"[{item['id']}] {item['text']}"
    if isinstance(result, Rejection):
        yield f"    rejected: {result.reason}"
        return
    if not result.events:
        yield "    (no events)"
    for e in result.events:
        target = f"{e.target.key or '?'} {e.target.text!r}" if e.target else "-"
        flags = ("NEG " if e.negated else "") + (e.modality if e.modality != "asserted" else "")
        yield (
            f"    {e.source.key or '?'} {e.source.text!r} -> {target}  {e.cameo} "
            f"{lookup(e.cameo).name} [{e.trigger.text}] {flags}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"no data at {args.data}; pass --data", file=sys.stderr)
        return 2
    items = read_items(args.data, args.limit)
    pipeline = Pipeline()
    raws = (
        RawDocument(source_id=it["id"], text=it["text"], published=it.get("published"))
        for it in items
    )
    started = time.perf_counter()
    results = list(pipeline.process_many(raws))
    elapsed = time.perf_counter() - started

    any_event = sum(1 for r in results if isinstance(r, DocumentResult) and r.events)
    with_counted = sum(1 for r in results if isinstance(r, DocumentResult) and counted(r))
    roots: Counter[str] = Counter()
    dated = before = 0
    entity_total = entity_found = 0
    for item, result in zip(items, results, strict=True):
        if not isinstance(result, DocumentResult):
            continue
        for e in counted(result):
            roots[e.root] += 1
        for e in result.events:
            if e.date:
                dated += 1
                before += e.date[: len(item["published"])] <= item["published"]
        spans = [(m.start, m.end) for m in result.mentions if m.kind == "actor"]
        for ent in item.get("entities", []):
            entity_total += 1
            entity_found += any(s < ent["end"] and ent["start"] < e for s, e in spans)
    n = len(items)
    print(
        f"items {n}  rejected {sum(isinstance(r, Rejection) for r in results)}  "
        f"{n / elapsed:.1f} items/s"
    )
    print(f"share with >= 1 event          {any_event / n:.3f}")
    print(f"share with >= 1 counted event  {with_counted / n:.3f}")
    print(f"entity spans among actor mentions (recall) {entity_found / max(entity_total, 1):.3f}")
    print(f"event dates on or before the item's date   {before / max(dated, 1):.3f}")
    print("counted events by root:")
    total = sum(roots.values())
    for root, count in sorted(roots.items()):
        print(f"  {root} {lookup(root).name:<45} {count:6d}  {count / max(total, 1):.3f}")
    rng = random.Random(args.seed)
    sample = rng.sample(range(n), min(args.sample, n))
    print(f"\nrandom sample of {len(sample)} (seed {args.seed}):")
    for i in sorted(sample):
        for line in describe(items[i], results[i]):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
