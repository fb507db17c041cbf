"""Score dyad.dates.find_time_expressions on TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT).

Usage: python bench/score_timex.py [DATA_DIR] [--errors N]

Text = the character data inside <TEXT> with tags removed; `published` = the DCT. Gold = TIMEX3 of
type DATE (DURATION/SET/TIME are reported apart: a dyad mention that overlaps one of them is not
counted as a false positive, nor as a hit). Spans are matched one-to-one, strict (same offsets) and
relaxed (any overlap). Values are compared at dyad's precision: "1998-02" (month) matches gold
"1998-02-13" or "1998-02"; gold weeks map to the month of their Thursday; gold quarters, seasons
and halves give only a year. Gold values dyad cannot express (PRESENT_REF, decades, "1989-WXX")
are counted as wrong in "value acc" and left out of "value acc (concrete gold)".
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import unescape

from dyad.dates import find_time_expressions
from dyad.records import TimeMention

DEFAULT_DIR = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "dates" / "tempeval3_tbaq"
)
_TOKEN = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>|([^<]+)")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r'<DCT>\s*<TIMEX3[^>]*value="([^"]+)"', re.S)


@dataclass(slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


def load(path: Path) -> tuple[str, str | None, list[Timex]]:
    raw = path.read_text(encoding="utf-8")
    dct = _DCT.search(raw)
    body = _TEXT.search(raw)
    if body is None:
        return "", None, []
    out: list[str] = []
    pos = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    for m in _TOKEN.finditer(body.group(1)):
        closing, tag, attrs, chunk = m.groups()
        if chunk is not None:
            piece = unescape(chunk, {"&quot;": '"', "&apos;": "'"})
            out.append(piece)
            pos += len(piece)
        elif tag == "TIMEX3" and not closing:
            open_timex = (pos, dict(_ATTR.findall(attrs)))
        elif tag == "TIMEX3" and closing and open_timex is not None:
            s, a = open_timex
            gold.append(Timex(s, pos, "", a.get("type", ""), a.get("value", "")))
            open_timex = None
    text = "".join(out)
    for g in gold:
        g.text = text[g.start : g.end]
    return text, (dct.group(1)[:10] if dct else None), gold


def gold_fields(value: str) -> tuple[int, int | None, int | None, bool] | None:
    """(year, month, day, exact) a TIMEX3 value pins down: month/day None where it does not
    give them (quarters, seasons, "1998-10-XX"); exact False when it leaves a part unknown
    ("1989-WXX"). None when it gives no year (PRESENT_REF, decades, "P1W")."""
    m = re.match(
        r"^(\d{4})(?:-([0-9X]{2}|W[0-9X]{1,2}|Q[0-9X]|H\d|SU|SP|FA|WI)(?:-([0-9X]{2}|WE))?)?", value
    )
    if m is None:
        return None
    year = int(m.group(1))
    part, sub = m.group(2), m.group(3)
    exact = "X" not in value
    if part is None:
        return year, None, None, exact
    if part.startswith("W") and part[1:].isdigit():
        try:
            thursday = date.fromisocalendar(year, int(part[1:]), 4)
        except ValueError:
            return year, None, None, False
        return thursday.year, thursday.month, None, exact
    if part.isdigit():
        day = int(sub) if sub and sub.isdigit() else None
        return year, int(part), day, exact
    return year, None, None, exact


def is_concrete(value: str) -> bool:
    """A gold value that names a calendar date dyad could state (a year at least, no X)."""
    return gold_fields(value) is not None and "X" not in value


def value_ok(pred: TimeMention, gold_value: str) -> bool | None:
    """True/False at dyad's precision; None when the gold value cannot settle it (no year, or
    the part dyad states is left unknown, "1989-WXX")."""
    fields = gold_fields(gold_value)
    if fields is None:
        return None
    y, mo, d, exact = fields
    parts = pred.value.split("-")
    if y != int(parts[0]):
        return False
    if pred.precision == "year":
        return True
    if mo is None:
        return False if exact else None
    if mo != int(parts[1]):
        return False
    if pred.precision == "month":
        return True
    if d is None:
        return False if exact else None
    return d == int(parts[2])


def match(preds: list[TimeMention], gold: list[Timex], strict: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), greedy by overlap size."""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(gold):
            if strict:
                if p.start == g.start and p.end == g.end:
                    pairs.append((g.end - g.start, i, j))
            else:
                ov = min(p.end, g.end) - max(p.start, g.start)
                if ov > 0:
                    pairs.append((ov, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors of each kind")
    args = ap.parse_args(argv)
    files = sorted(args.data_dir.glob("*/*.tml"))
    if not files:
        print(f"no .tml files under {args.data_dir}", file=sys.stderr)
        return 2
    n_pred = n_gold = tp_strict = tp_relaxed = 0
    n_gold_concrete = tp_concrete = 0
    n_other_overlap = 0
    val_ok = val_concrete = val_concrete_ok = 0
    other_gold: dict[str, int] = {}
    other_hit: dict[str, int] = {}
    misses: list[str] = []
    spurious: list[str] = []
    wrong: list[str] = []
    n_expr = n_chars = 0
    elapsed = 0.0
    for path in files:
        text, dct, gold_all = load(path)
        t0 = time.process_time()  # CPU time: other load on the machine does not count
        preds = find_time_expressions(text, published=dct, lang="en")
        elapsed += time.process_time() - t0
        n_expr += len(preds)
        n_chars += len(text)
        gold = [g for g in gold_all if g.type == "DATE"]
        others = [g for g in gold_all if g.type != "DATE"]
        for g in others:
            other_gold[g.type] = other_gold.get(g.type, 0) + 1
        # Predictions that land on a non-DATE timex are neither hits nor false positives.
        on_other = {
            i
            for i, p in enumerate(preds)
            if any(min(p.end, o.end) > max(p.start, o.start) for o in others)
            and not any(min(p.end, g.end) > max(p.start, g.start) for g in gold)
        }
        for o in others:
            if any(min(p.end, o.end) > max(p.start, o.start) for p in preds):
                other_hit[o.type] = other_hit.get(o.type, 0) + 1
        n_other_overlap += len(on_other)
        n_pred += len(preds) - len(on_other)
        n_gold += len(gold)
        tp_strict += len(match(preds, gold, strict=True))
        relaxed = match(preds, gold, strict=False)
        tp_relaxed += len(relaxed)
        matched_p = {i for i, _ in relaxed}
        matched_g = {j for _, j in relaxed}
        concrete = [j for j, g in enumerate(gold) if is_concrete(g.value)]
        n_gold_concrete += len(concrete)
        tp_concrete += sum(1 for j in concrete if j in matched_g)
        for i, j in relaxed:
            ok = value_ok(preds[i], gold[j].value)
            if ok is not None:
                val_concrete += 1
                val_concrete_ok += ok
            val_ok += bool(ok)
            if ok is False:
                wrong.append(
                    f"{path.name} dct={dct} {preds[i].text!r}->{preds[i].value} "
                    f"gold {gold[j].text!r}={gold[j].value}"
                )
        for j, g in enumerate(gold):
            if j not in matched_g:
                ctx = text[max(0, g.start - 40) : g.end + 30].replace("\n", " ")
                misses.append(f"{path.name} {g.text!r}={g.value} | {ctx}")
        for i, p in enumerate(preds):
            if i not in matched_p and i not in on_other:
                ctx = text[max(0, p.start - 40) : p.end + 30].replace("\n", " ")
                spurious.append(f"{path.name} {p.text!r}->{p.value} | {ctx}")
    sp, sr, sf = prf(tp_strict, n_pred, n_gold)
    rp, rr, rf = prf(tp_relaxed, n_pred, n_gold)
    print(f"documents: {len(files)}  gold DATE timexes: {n_gold}  dyad mentions: {n_pred}")
    print(f"strict  span P/R/F1: {sp:.3f} / {sr:.3f} / {sf:.3f}")
    print(f"relaxed span P/R/F1: {rp:.3f} / {rr:.3f} / {rf:.3f}")
    recall = tp_concrete / n_gold_concrete if n_gold_concrete else 0.0
    print(
        f"relaxed recall of gold with a concrete date value: {recall:.3f} "
        f"({tp_concrete}/{n_gold_concrete}; the rest are PRESENT_REF, decades, durations ...)"
    )
    acc = val_ok / tp_relaxed if tp_relaxed else 0.0
    print(f"value acc on relaxed matches: {acc:.3f} ({val_ok}/{tp_relaxed})")
    acc = val_concrete_ok / val_concrete if val_concrete else 0.0
    print(f"value acc (concrete gold):    {acc:.3f} ({val_concrete_ok}/{val_concrete})")
    print(
        "other TIMEX3 types (not scored; overlapped by a dyad mention / total): "
        + ", ".join(f"{t} {other_hit.get(t, 0)}/{n}" for t, n in sorted(other_gold.items()))
        + f"; dyad mentions on them: {n_other_overlap}"
    )
    per = elapsed / n_expr * 1000 if n_expr else 0.0
    print(
        f"time (CPU): {elapsed * 1000:.1f} ms for {n_expr} expressions in {n_chars} characters "
        f"({per:.3f} ms per expression)"
    )
    for title, rows in (("missed", misses), ("spurious", spurious), ("wrong value", wrong)):
        if args.errors:
            print(f"\n## {title} ({len(rows)})")
            for row in rows[: args.errors]:
                print("  " + row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
