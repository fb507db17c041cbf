"""The dates stage: find time expressions in plain text and normalise them to dyad dates.

A value is "2023-02-14" (day), "2023-02" (month) or "2023" (year), as in events.date. Expressions
the text states fully ("26 September 2021", "August 2022", "mid-2022") need nothing else; the
ones that lean on the publication date ("yesterday", "on Tuesday", "last month", "in February",
"28 February") are resolved against `published` and dropped when there is none: nothing is
invented. Spans follow TIMEX3 practice: they hold the expression and its modifiers ("late 2022",
"last Tuesday", "the end of the year") but not the preposition that introduces it ("in", "on").

Decisions worth knowing:
- Weeks and weekends ("last week", "this weekend", "three weeks ago") get month precision: the
  month of the week's Thursday (the ISO rule for which month a week belongs to), or of the
  Saturday for a weekend, or of the shifted date for "N weeks ago". A day would be invented.
- Seasons, quarters, half-years and "early/mid/late <year>" give year precision; "late February"
  gives month precision. Decades, centuries and "now"/"recently" are not dated.
- Underspecified dates pick the year or week from the tense around them: a past or unmarked
  clause reaches back to the publication date or before ("on Tuesday", "in February"), a future
  one ("will", "scheduled for", "by", "prochain") forward to it or after. A day-month without a
  year ("28 February") takes the publication year, or the year before when that would put it
  well (two months; a week if a past-tense verb is right by it) after publication.
- "last Tuesday" is the latest Tuesday before the publication day, "next Tuesday" the first
  after it; "last February" the latest February before the publication month.

All vocabulary is data in data/time_<lang>.json, loaded and compiled once per language by
dyad.dates_lexicon; the rules that resolve each kind of expression are in dyad.dates_rules.
The stage needs no spaCy.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

from dyad.dates_lexicon import Lexicon, lexicon
from dyad.dates_rules import (
    CLAUSE_BREAK,
    CONTEXT_WINDOW,
    HANDLERS,
    NEXT_TOKEN,
    RANK,
    Ctx,
    edges_ok,
    prev_word,
)
from dyad.records import Precision, TimeMention

__all__ = ["date_for_span", "find_time_expressions", "parse_published"]


_ISO_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
# Letter runs and digit runs: the places an expression can start ("Pullout28 February").
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
_FOLLOWING = re.compile(r"[\s\-'’.,]*([^\W\d_]+|\d+)")


def parse_published(value: str | None) -> date | None:
    """The publication date from "2023-03-16", "20230316" or a full ISO-8601 timestamp.

    The date is taken as written (a timestamp's own day, not converted to UTC); anything that
    is not an ISO date gives None rather than a guess.
    """
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    m = _ISO_DATE.match(text)
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def find_time_expressions(
    text: str, *, published: str | None, lang: str = "en"
) -> list[TimeMention]:
    """Every time expression in `text` that can be dated, in text order, without overlaps.

    `published` anchors relative expressions; without it they are left out. `lang` picks the
    vocabulary ("en", "fr"); a language dyad has no vocabulary for gives no mentions.
    """
    lex = lexicon(lang or "en")
    if lex is None or not text:
        return []
    ctx = Ctx(text, parse_published(published), lex)
    found: list[tuple[int, int, int, str, Precision]] = []
    for pos, word in _opener_positions(text, lex):
        for kind in lex.openers[word]:
            m = lex.patterns[kind].match(text, pos)
            if m is None or not edges_ok(text, pos, m.end()):
                continue
            try:
                resolved = HANDLERS[kind](m, ctx)
            except (OverflowError, ValueError):  # arithmetic past year 1 or 9999
                continue
            if resolved is not None:
                found.append((pos, m.end(), RANK[kind], *resolved))
    # Longest first, then the more specific pattern: "August 2022" beats "2022".
    found.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int, int, str, Precision]] = []
    for cand in found:
        if all(cand[1] <= t[0] or cand[0] >= t[1] for t in taken):
            taken.append(cand)
    taken.sort()
    return [TimeMention(text[s:e], s, e, value, prec) for s, e, _, value, prec in taken]


def _opener_positions(text: str, lex: Lexicon) -> list[tuple[int, str]]:
    """Where an expression may start, with the opener token (lower case, "#" for digits).

    The vocabulary words present are found with a set intersection and str.find, both in C, so
    the Python loop runs over candidate places only, not over every word of the article.
    """
    low = text.lower()
    out = [(d.start(), "#") for d in _DIGITS.finditer(text)]
    if len(low) != len(text):  # lower-casing changed offsets (rare scripts): tokenise instead
        hits = [(t.start(), t.group().lower()) for t in _LETTERS.finditer(text)]
        out += [(i, w) for i, w in hits if w in lex.opener_words]
    else:
        for word in lex.opener_words.intersection(_LETTERS.findall(low)):
            n = len(word)
            if n <= 3:  # "a", "l", "the": str.find would stop inside every other word
                out += [
                    (t.start(), word)
                    for t in _word_regex(word).finditer(low)
                    if t.start() == 0 or not low[t.start() - 1].isalpha()
                ]
                continue
            i = low.find(word)
            while i >= 0:
                if (i == 0 or not low[i - 1].isalpha()) and not low[i + n : i + n + 1].isalpha():
                    out.append((i, word))
                i = low.find(word, i + 1)
    keep = []
    for pos, word in out:
        if word != "#" and word not in lex.anchors:
            nxt = _FOLLOWING.match(low, pos + len(word))
            if nxt is None:
                continue
            follower = nxt.group(1)
            if not (
                follower[0].isdigit()
                or follower in lex.vocabulary
                or follower in lex.continuations.get(word, ())
            ):
                continue
        keep.append((pos, word))
    keep.sort()
    return keep


@cache
def _word_regex(word: str) -> re.Pattern[str]:
    # Literal first, so the engine can skip ahead to candidates; the left edge is checked after.
    return re.compile(re.escape(word) + r"(?![^\W\d_])")


def date_for_span(
    mentions: list[TimeMention],
    start: int,
    end: int,
    *,
    sentence: tuple[int, int],
    text: str | None = None,
    lang: str = "en",
) -> TimeMention | None:
    """The time expression that dates an event whose trigger is at start..end, or None.

    Only expressions inside `sentence` count. With the article `text`, one in the trigger's
    clause introduced by "in/on/at" (or standing bare, "said Tuesday") wins, then others in the
    clause, then the rest of the sentence, and a year used as a noun modifier ("the 2013
    operation") comes last; the nearest wins within each rank. Without `text`, the nearest.
    """
    s0, s1 = sentence
    inside = [m for m in mentions if m.start >= s0 and m.end <= s1]
    if not inside:
        return None
    lex = lexicon(lang or "en") if text is not None else None

    def rank(m: TimeMention) -> tuple[int, int]:
        gap = m.start - end if m.start >= end else max(0, start - m.end)
        if text is None or lex is None:
            return (0, gap)
        return (_attachment_tier(text, lex, m, start, end, s0), gap)

    return min(inside, key=rank)


def _attachment_tier(text: str, lex: Lexicon, m: TimeMention, start: int, end: int, s0: int) -> int:
    before = text[max(s0, m.start - CONTEXT_WINDOW) : m.start].lower()
    prev = prev_word(before)
    if _is_adjectival_year(text, lex, m, before):
        return 3
    between = text[m.end : start] if m.end <= start else text[end : m.start]
    same_clause = not CLAUSE_BREAK.search(between)
    # A fronted adverbial ("In late 2022, Macron accused ...") scopes over the main clause.
    if not same_clause and m.end <= start and lex.fronted.match(text[s0 : m.start].lower()):
        return 0
    if not same_clause:
        return 2
    if lex.attach_before.search(before) or prev not in lex.nonattaching:
        return 0
    return 1


def _is_adjectival_year(text: str, lex: Lexicon, m: TimeMention, before: str) -> bool:
    if not m.text.isdigit():
        return False
    after = NEXT_TOKEN.match(text, m.end)
    return bool(lex.year_determiner.search(before) and after and after.group(1))
