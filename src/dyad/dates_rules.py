"""Resolution rules for the dates stage: one handler per pattern kind, and the context tests
(tense around an expression, what makes a bare number a year) they share.

Split from dyad.dates, which finds where expressions start and picks among the candidates.
Vocabulary and compiled patterns come from dyad.dates_lexicon.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dyad.dates_lexicon import Lexicon, key
from dyad.records import Precision

Resolved = tuple[str, Precision]

# How far (days) a day-month without a year may fall after publication in a past-tense clause and
# still take the publication year. Past-tense clauses often carry upcoming dates ("the board
# declared a dividend payable Dec. 15"), so unless the past-tense verb is right by the date
# ("was stopped on 28 April") only a date well after publication is read as last year's.
_PAST_GRACE_DAYS = 60
_NEAR_CUE_WORDS = 2
# The slack for a cue right by the date, and for a date before publication in a future clause.
_FUTURE_GRACE_DAYS = 7
# The window (characters) searched for tense cues and context words around an expression.
_CLAUSE_WINDOW = 160
CONTEXT_WINDOW = 40

_SENTENCE_END = re.compile(r"[.!?;:][\"'”’)\]]*(?=\s)|[\n\r]|[.!?][\"”]?(?=[A-Z])")
CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–\"“”]|\s-\s")
NEXT_TOKEN = re.compile(r"\s*(?:(\w[\w'’.-]*)|(\S))")
_PREV_WORD = re.compile(r"([\w'’.-]+)\W*$")
_WORD = re.compile(r"[\w'’-]+")
# Past-tense auxiliaries are never passive participles themselves ("is was" does not occur).
_AUXILIARIES = frozenset({"was", "were", "had", "did", "a", "ont"})
# Pattern kinds in order of preference when two candidates cover the same span.
_KINDS = (
    "iso",
    "numeric",
    "mdy",
    "dmy",
    "month_year",
    "month_relyear",
    "quarter",
    "quarter_abbr",
    "season",
    "holiday",
    "ago",
    "ago_before",
    "relative_mod",
    "relative",
    "deictic",
    "weekday",
    "month",
    "day_range",
    "month_range",
    "year",
)
RANK = {kind: i for i, kind in enumerate(_KINDS)}


@dataclass(slots=True)
class Ctx:
    """What every handler needs: the article text, its publication date, the vocabulary."""

    text: str
    pub: date | None
    lex: Lexicon


# --- shared helpers ---------------------------------------------------------------------------


def edges_ok(text: str, start: int, end: int) -> bool:
    """Whether a match stands as whole words (not "2014" inside "A2014b")."""
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return False
    if start == 0:
        return True
    prev = text[start - 1]
    if prev.isalnum() or prev == "_":
        # Text glued by extraction ("Pullout28 February") still starts a date at the digit.
        return text[start].isdigit() and prev.isalpha() and prev.islower()
    return True


def prev_word(window: str) -> str:
    m = _PREV_WORD.search(window)
    return key(m.group(1)).strip("-") if m else ""


def _next_word(ctx: Ctx, end: int) -> tuple[str | None, str | None]:
    """The next word (as written) or else the next punctuation character after `end`."""
    m = NEXT_TOKEN.match(ctx.text, end)
    if m is None:
        return None, None
    return m.group(1), m.group(2)


def _window_before(ctx: Ctx, start: int) -> str:
    return ctx.text[max(0, start - CONTEXT_WINDOW) : start].lower()


def _tense(ctx: Ctx, start: int, end: int) -> str | None:
    """ "past", "future" or None (neutral or unknown): the nearest tense cue in the clause
    around an expression, looking back to the sentence start first, then forward."""
    return _tense_cue(ctx, start, end)[0]


def _tense_cue(ctx: Ctx, start: int, end: int) -> tuple[str | None, int]:
    """The tense and how many words away its cue is (0 for a cue right next to it)."""
    text = ctx.text
    before = text[max(0, start - _CLAUSE_WINDOW) : start]
    # "by early June", "until Friday": a deadline, which news reports ahead of time.
    if ctx.lex.deadline_before.search(before[-CONTEXT_WINDOW:].lower()):
        return "future", 0
    # A date used as a modifier ("the Aug. 7 blasts", "a Jan. 14 deadline") names its own time,
    # whatever the tense of the clause around it.
    if ctx.lex.year_determiner.search(before[-CONTEXT_WINDOW:].lower()):
        return None, 0
    cut = 0
    for b in _SENTENCE_END.finditer(before):
        cut = b.end()
    words = _WORD.findall(before, cut)
    lows = [w.lower().replace("’", "'") for w in words]
    for i in range(len(words) - 1, -1, -1):
        verdict = _cue_at(ctx.lex, words, lows, i, backward=True)
        if verdict:
            return (None if verdict == "neutral" else verdict), len(words) - 1 - i
    # Forward only to the end of the clause: "began on August 10 and Seoul says it will ..."
    # must not borrow the tense of the next one.
    after = text[end : end + _CLAUSE_WINDOW]
    stops = [
        s.start() for s in (_SENTENCE_END.search(after), ctx.lex.clause_link.search(after)) if s
    ]
    words = _WORD.findall(after, 0, min(stops, default=len(after)))
    lows = [w.lower().replace("’", "'") for w in words]
    for i in range(len(words)):
        verdict = _cue_at(ctx.lex, words, lows, i, backward=False)
        if verdict:
            return (None if verdict == "neutral" else verdict), i
    return None, 0


def _cue_at(lex: Lexicon, words: list[str], lows: list[str], i: int, backward: bool) -> str | None:
    """The tense a cue at words[i] signals: a listed word or phrase ("will", "is to be held",
    "a" in French), a clitic ("it'll"), or a lower-case word with a tense ending ("visited").
    Phrases end at i when scanning backward, so "to be held" wins over its last word."""
    for n in (3, 2):
        lo = i - n + 1 if backward else i
        if lo >= 0 and lo + n <= len(lows):
            phrase = " ".join(lows[lo : lo + n])
            if phrase in lex.future_cues:
                return "future"
            if phrase in lex.past_cues:
                return "past"
            if phrase in lex.neutral_cues:
                return "neutral"
    low = lows[i]
    if low in lex.future_cues:
        return "future"
    if low in lex.neutral_cues:
        return "neutral"
    if low in lex.past_cues:
        # "will be paid": a participle after "be" is passive voice, not past tense.
        passive = i > 0 and lows[i - 1] in lex.passive_auxiliaries and low not in _AUXILIARIES
        return None if passive else "past"
    clitic = low.rfind("'")
    if clitic > 0 and low[clitic:] in lex.future_cues:
        return "future"
    if not words[i][0].islower() or len(low) < 4 or low in lex.not_past:
        return None
    # French perfect: "est arrivé", "sont morts" (the auxiliary alone can be a present tense).
    if (
        lex.participle_suffixes
        and i > 0
        and lows[i - 1] in lex.perfect_auxiliaries
        and low.endswith(lex.participle_suffixes)
    ):
        return "past"
    if len(low) < 5:
        return None
    if lex.future_suffixes and low.endswith(lex.future_suffixes):
        return "future"
    if lex.past_suffixes and low.endswith(lex.past_suffixes):
        # A participle after "be"/"is" ("will be named") is passive voice, not past tense.
        if i > 0 and lows[i - 1] in lex.passive_auxiliaries:
            return None
        return "past"
    return None


def _day_value(y: int, m: int, d: int) -> Resolved | None:
    if not (1 <= m <= 12) or not (1 <= d <= calendar.monthrange(y, m)[1]):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}", "day"


def _month_value(y: int, m: int) -> Resolved:
    return f"{y:04d}-{m:02d}", "month"


def _year_value(y: int) -> Resolved:
    return f"{y:04d}", "year"


def _date_value(d: date, precision: Precision) -> Resolved:
    if precision == "day":
        return d.isoformat(), "day"
    if precision == "month":
        return _month_value(d.year, d.month)
    return _year_value(d.year)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _month_number(ctx: Ctx, token: str) -> int | None:
    """The month a matched name stands for, enforcing capitals where the language uses them."""
    if ctx.lex.capitalised_months and not token[:1].isupper():
        return None
    return ctx.lex.months.get(key(token))


def _month_needs_context(ctx: Ctx, token: str) -> bool:
    k = key(token)
    return k in ctx.lex.ambiguous_months or (k in ctx.lex.abbreviations and "." not in token)


def _has_month_context(ctx: Ctx, start: int) -> bool:
    before = _window_before(ctx, start)
    if ctx.lex.month_context.search(before):
        return True
    # "from March to May": a range connector right after another month name.
    conn = ctx.lex.range_context.search(before)
    if conn is None:
        return False
    head = before[: conn.start()].split()
    return bool(head) and key(head[-1]) in ctx.lex.months


def _infer_day_year(ctx: Ctx, month: int, day: int, start: int, end: int) -> int | None:
    """Year of a day-month the text gives without one ("28 February"): the publication year,
    or the year before when that would put it well after publication; in a future clause the
    first one not before publication instead."""
    pub = ctx.pub
    if pub is None:
        return None
    options = [
        (y, (date(y, month, day) - pub).days)
        for y in (pub.year - 1, pub.year, pub.year + 1)
        if _day_value(y, month, day) is not None
    ]
    if not options:
        return None
    tense, distance = _tense_cue(ctx, start, end)
    if tense == "past":
        grace = _PAST_GRACE_DAYS if distance > _NEAR_CUE_WORDS else _FUTURE_GRACE_DAYS
        past = [y for y, delta in options if delta <= grace]
        return max(past) if past else None
    if tense == "future":
        future = [y for y, delta in options if delta >= -_FUTURE_GRACE_DAYS]
        return min(future) if future else None
    # Unmarked: news mostly reports what has happened, so the latest date not well after
    # publication ("sentenced for the January 7 assassination" in October is last January's).
    recent = [y for y, delta in options if delta <= _PAST_GRACE_DAYS]
    return max(recent) if recent else None


def _year_context_ok(ctx: Ctx, start: int, end: int) -> bool:
    """Whether a bare 4-digit number reads as a year ("in 2014", "the 2013 operation", "2014 was")
    rather than a count, code or clock time ("1950 people", "Resolution 2085", "at 1930 GMT")."""
    lex = ctx.lex
    before = _window_before(ctx, start)
    stripped = before.rstrip()
    if stripped[-1:] in "$€£¥#№":
        return False
    if stripped and stripped[-1].isdigit():
        return False
    word, punct = _next_word(ctx, end)
    nxt = key(word) if word else ""
    # "1930's" with a round year names the decade; "2022's" is the year's possessive.
    if ctx.text[start + 3] == "0" and ctx.text[end : end + 3] in ("'s", "’s"):
        return False
    # Year ranges: "2000-2050", "de 1976 à 1978", "in 1956 and 1960".
    if lex.year_range_before.search(before) or lex.year_range_after.match(ctx.text, end):
        return True
    if word and nxt in lex.year_block_after:
        return False
    if punct == "%" or lex.year_block_before.search(before):
        return False
    if lex.year_strong.search(before) or lex.year_determiner.search(before):
        return True
    if stripped.endswith(("'s", "’s", "s'", "s’")):  # possessive: "the company's 1989 results"
        return True
    if word is None:
        return True
    # Otherwise a lowercase noun after it makes it a count ("rose to 2000 points").
    return nxt in lex.year_function_after or word[0].isupper()


# --- handlers: one per pattern kind; each returns (value, precision) or None to reject --------


def _h_iso(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    return _day_value(int(m["y"]), int(m["m"]), int(m["d"]))


def _h_numeric(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    day, month = (a, b) if ctx.lex.day_first else (b, a)
    # An impossible month in the language's order is unambiguous in the other one.
    return _day_value(y, month, day) or _day_value(y, day, month)


def _h_day_month(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    month = _month_number(ctx, m["month"])
    if month is None:
        return None
    day = int(m["day"])
    if m["year"]:
        return _day_value(int(m["year"]), month, day)
    # "the March 23 Movement", "the April 6 Youth Movement": a date inside a name.
    word, _ = _next_word(ctx, m.end())
    if word and word[0].isupper() and _window_before(ctx, m.start()).endswith("the "):
        return None
    rel = m.groupdict().get("rel")
    if rel:
        pub = ctx.pub
        shift = ctx.lex.month_year_relative[key(rel)]
        return None if pub is None else _day_value(pub.year + shift, month, day)
    year = _infer_day_year(ctx, month, day, m.start(), m.end())
    return None if year is None else _day_value(year, month, day)


def _h_month_year(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    month = _month_number(ctx, m["month"])
    if month is None:
        return None
    word, _ = _next_word(ctx, m.end())
    if word and key(word) in ctx.lex.year_block_after:
        return None
    return _month_value(int(m["year"]), month)


def _h_month_relyear(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    month = _month_number(ctx, m["month"])
    if month is None or ctx.pub is None:
        return None
    return _month_value(ctx.pub.year + ctx.lex.month_year_relative[key(m["rel"])], month)


def _h_month(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    token = m["month"]
    month = _month_number(ctx, token)
    if month is None:
        return None
    before, after = m["mb"], m["ma"]
    # A bare abbreviation is too often something else ("sept kilomètres", "Jan Smith").
    if key(token) in ctx.lex.abbreviations and "." not in token:
        return None
    if (
        not (m["mod"] or before or after)
        and _month_needs_context(ctx, token)
        and not _has_month_context(ctx, m.start())
    ):
        return None
    pub = ctx.pub
    if pub is None:
        return None
    if before or after:
        k = ctx.lex.month_mods_before[key(before)] if before else 0
        k = ctx.lex.month_mods_after[key(after)] if after else k
        if k < 0:
            return _month_value(pub.year if month < pub.month else pub.year - 1, month)
        if k > 0:
            return _month_value(pub.year if month > pub.month else pub.year + 1, month)
        return _month_value(pub.year, month)
    if _tense(ctx, m.start(), m.end()) == "future":
        return _month_value(pub.year if month >= pub.month else pub.year + 1, month)
    return _month_value(pub.year if month <= pub.month else pub.year - 1, month)


def _h_weekday(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    pub = ctx.pub
    if pub is None or (len(m.group().split()) > 1 and _looks_like_title(ctx, m, strict=False)):
        return None
    wd = ctx.lex.weekdays[key(m["wd"])]
    if m["wb"]:
        k = ctx.lex.weekday_mods_before[key(m["wb"])]
    elif m["wa"]:
        k = ctx.lex.weekday_mods_after[key(m["wa"])]
    else:
        k = 0
    back = (pub.weekday() - wd) % 7  # days back to the same weekday, 0..6
    if k < 0:
        return _date_value(pub - timedelta(days=back or 7), "day")
    if k > 0:
        ahead = (wd - pub.weekday()) % 7
        return _date_value(pub + timedelta(days=ahead or 7), "day")
    if _tense(ctx, m.start(), m.end()) == "future":
        return _date_value(pub + timedelta(days=(wd - pub.weekday()) % 7), "day")
    return _date_value(pub - timedelta(days=back), "day")


def _h_deictic(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    if ctx.pub is None or _looks_like_title(ctx, m):
        return None
    return _date_value(ctx.pub + timedelta(days=ctx.lex.deictic[key(m["deic"])]), "day")


def _looks_like_title(ctx: Ctx, m: re.Match[str], strict: bool = True) -> bool:
    """A capitalised phrase that names something: "Russia Today", ABC's "This Week". Not
    `strict`: only when quoted or run on into more capitals ("Saturday Morning Breakfast")."""
    words = m.group().split()
    if not words[0][:1].isupper():
        return False
    before = ctx.text[: m.start()].rstrip()
    opens_sentence = not before or before[-1] in ".!?:;\"“”'‘’(\n—–-"
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        after = ctx.text[m.end() : m.end() + 40]
        closes_quote = after[:2].lstrip(",.")[:1] in ('"', "”")
        runs_on = after[:1] == " " and after[1:2].isupper()  # "This Week With David Brinkley"
        return closes_quote or runs_on or (strict and not opens_sentence)
    prev = before.split()[-1] if before.split() else ""
    return not opens_sentence and prev[:1].isupper()


def _relative_value(pub: date, unit: str, k: int) -> Resolved:
    if unit == "day":
        return _date_value(pub + timedelta(days=k), "day")
    if unit == "week":
        d = pub + timedelta(days=7 * k)
        return _date_value(d - timedelta(days=d.weekday()) + timedelta(days=3), "month")
    if unit == "weekend":
        d = pub + timedelta(days=7 * k)
        return _date_value(d - timedelta(days=d.weekday()) + timedelta(days=5), "month")
    if unit == "month":
        return _month_value(*_shift_month(pub.year, pub.month, k))
    if unit == "quarter":
        return _year_value(_shift_month(pub.year, pub.month, 3 * k)[0])
    return _year_value(pub.year + k)


def _h_relative(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    if ctx.pub is None or _looks_like_title(ctx, m):
        return None
    unit, k = ctx.lex.relative[key(m["rel"])]
    return _relative_value(ctx.pub, unit, k)


def _h_ago(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    pub = ctx.pub
    if pub is None:
        return None
    raw = key(m["num"])
    n = int(raw) if raw.isdigit() else ctx.lex.numbers.get(raw)
    unit = ctx.lex.units.get(key(m["unit"]))
    if n is None or unit is None:
        return None
    if unit == "day":
        return _date_value(pub - timedelta(days=n), "day")
    if unit == "week":
        return _date_value(pub - timedelta(days=7 * n), "month")
    if unit == "month":
        return _month_value(*_shift_month(pub.year, pub.month, -n))
    if unit == "decade":
        return _year_value(pub.year - 10 * n)
    return _year_value(pub.year - n)


def _h_year(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    if not m["mod"] and not _year_context_ok(ctx, m.start(), m.end()):
        return None
    return _year_value(int(m["year"]))


def _h_season(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    if m["year"]:
        return _year_value(int(m["year"]))
    rel = m["sb"] or m["sa"]
    pub = ctx.pub
    lex = ctx.lex
    if not rel or pub is None:
        return None
    # French "été" is also "been": "a été passé" is not last summer.
    if key(m["season"]) in lex.ambiguous_seasons and not (m["sart"] or m["sb"]):
        return None
    k = lex.month_mods_before[key(rel)] if m["sb"] else lex.month_mods_after[key(rel)]
    first = lex.seasons[key(m["season"])]
    # Winter is dated by its January-February part; the others by their three months.
    last_month = 2 if first == 12 else first + 2
    if k < 0:
        return _year_value(pub.year if pub.month > last_month else pub.year - 1)
    if k > 0:
        return _year_value(pub.year if pub.month < first else pub.year + 1)
    return _year_value(pub.year)


def _h_quarter(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    if m["year"] or m["year0"]:
        return _year_value(int(m["year"] or m["year0"]))
    word, _ = _next_word(ctx, m.end())
    pub = ctx.pub
    # "a third quarter of the votes" is a fraction, not a period.
    if pub is None or (word and key(word) in {"of", "de", "des", "du"}):
        return None
    q = ctx.lex.quarters[key(m["q"])]
    # The nearest such quarter (earlier on a tie): in a quarter's wake "the third quarter" is
    # the one just ended, "the fourth quarter" the one under way or next.
    current = (pub.month - 1) // 3 + 1
    best = min((abs(q - current + 4 * k), -k, k) for k in (-1, 0, 1))
    return _year_value(pub.year + best[2])


def _h_quarter_abbr(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    return _year_value(int(m["year"] or m["year2"]))


def _h_holiday(m: re.Match[str], ctx: Ctx) -> Resolved | None:
    if (ctx.lex.capitalised_months and not m["hol"][:1].isupper()) or _looks_like_title(ctx, m):
        return None
    month, day = ctx.lex.holidays[key(m["hol"])]
    if m["year"]:
        return _day_value(int(m["year"]), month, day)
    year = _infer_day_year(ctx, month, day, m.start(), m.end())
    return None if year is None else _day_value(year, month, day)


HANDLERS = {
    "iso": _h_iso,
    "numeric": _h_numeric,
    "mdy": _h_day_month,
    "dmy": _h_day_month,
    "month_year": _h_month_year,
    "month_relyear": _h_month_relyear,
    "month": _h_month,
    "weekday": _h_weekday,
    "deictic": _h_deictic,
    "relative": _h_relative,
    "relative_mod": _h_relative,
    "ago": _h_ago,
    "ago_before": _h_ago,
    "year": _h_year,
    "season": _h_season,
    "quarter": _h_quarter,
    "quarter_abbr": _h_quarter_abbr,
    "holiday": _h_holiday,
    "day_range": _h_day_month,
    "month_range": _h_month_year,
}
