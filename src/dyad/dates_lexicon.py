"""Time vocabulary for the dates stage: loads data/time_<lang>.json once and compiles its regexes.

Everything language-specific (month and weekday names, number words, modifiers, tense cues, the
context words that make a bare "2014" a year) lives in the JSON files; this module only turns
them into lookup tables and compiled patterns, once per language. `dyad.dates` finds and picks
the expressions; `dyad.dates_rules` resolves each kind.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

# Apostrophe variants news text uses for "aujourd'hui", "New Year's Day", "'ll".
_APOSTROPHES = "'’ʼ"
_APOS = f"[{_APOSTROPHES}]"


def key(phrase: str) -> str:
    """Lookup key for a matched phrase: lower case, single spaces, plain apostrophe, no dot."""
    out = " ".join(phrase.lower().split())
    for a in _APOSTROPHES[1:]:
        out = out.replace(a, "'")
    return out.rstrip(".")


def alternation(phrases: Any) -> str:
    """A regex matching any of `phrases`, longest first, as a character trie.

    The trie form matters for speed: Python's re tries a flat alternation branch by branch at
    every position, while a trie rejects most positions on the first character. Never matches
    when there are no phrases.
    """
    trie: dict[str, Any] = {}
    for phrase in {str(p) for p in phrases}:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"
    return "(?:" + _trie_body(trie) + ")"


def _trie_body(node: dict[str, Any]) -> str:
    branches = [_unit(ch) + _trie_body(child) for ch, child in sorted(node.items()) if ch != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        # A phrase ends here and longer ones continue: try the longer first (greedy "?").
        return (body if len(branches) > 1 else "(?:" + body + ")") + "?"
    return body


def _unit(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch in _APOSTROPHES:
        return _APOS
    return re.escape(ch)


def tail_regex(phrases: Any) -> re.Pattern[str]:
    """Matches when a text window (lower-cased) ends with one of `phrases` plus spaces/hyphen."""
    # Elided articles count as a boundary: "l'année 2017" ends with "année".
    return re.compile(r"(?<!\w)" + alternation(phrases) + r"[\s-]*$")


@dataclass(frozen=True, slots=True)
class Lexicon:
    code: str
    day_first: bool
    capitalised_months: bool
    months: dict[str, int]
    abbreviations: frozenset[str]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, str]
    deictic: dict[str, int]
    relative: dict[str, tuple[str, int]]
    month_mods_before: dict[str, int]
    month_mods_after: dict[str, int]
    weekday_mods_before: dict[str, int]
    weekday_mods_after: dict[str, int]
    month_year_relative: dict[str, int]
    seasons: dict[str, int]
    ambiguous_seasons: frozenset[str]
    quarters: dict[str, int]
    holidays: dict[str, tuple[int, int]]
    not_past: frozenset[str]
    year_block_after: frozenset[str]
    year_function_after: frozenset[str]
    nonattaching: frozenset[str]
    # Compiled once: the expression patterns by kind, and the context tests.
    patterns: dict[str, re.Pattern[str]]
    # Where matching starts: the kinds worth trying at a token (lower case; "#" for digits).
    # Most of the text is never matched against. A token that cannot be a date by itself
    # ("the", "last", "a") is only tried when the next token is vocabulary too ("the end",
    # "last week", "a year") or digits, or continues one of its phrases ("il y a").
    openers: dict[str, tuple[str, ...]]
    opener_words: frozenset[str]
    anchors: frozenset[str]
    vocabulary: frozenset[str]
    continuations: dict[str, frozenset[str]]
    future_cues: frozenset[str]
    past_cues: frozenset[str]
    neutral_cues: frozenset[str]
    future_suffixes: tuple[str, ...]
    past_suffixes: tuple[str, ...]
    passive_auxiliaries: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    participle_suffixes: tuple[str, ...]
    month_context: re.Pattern[str]
    range_context: re.Pattern[str]
    year_strong: re.Pattern[str]
    year_determiner: re.Pattern[str]
    year_block_before: re.Pattern[str]
    attach_before: re.Pattern[str]
    year_range_before: re.Pattern[str]
    year_range_after: re.Pattern[str]
    deadline_before: re.Pattern[str]
    clause_link: re.Pattern[str]
    fronted: re.Pattern[str]


def _pairs(raw: dict[str, list[Any]]) -> dict[str, tuple[str, int]]:
    return {key(k): (str(v[0]), int(v[1])) for k, v in raw.items()}


def _ints(raw: dict[str, Any]) -> dict[str, int]:
    return {key(k): int(v) for k, v in raw.items()}


def _pattern_sources(d: dict[str, Any]) -> dict[str, str]:
    full = alternation(d["months"])
    abbr = alternation(d["month_abbreviations"])
    month_any = rf"(?:{abbr}\.|(?:{full}|{abbr})(?!\w))"
    month = rf"(?P<month>{month_any})"
    weekday = alternation(d["weekdays"])
    ordinal = alternation(d["ordinal_suffixes"])
    day = rf"(?P<day>\d{{1,2}})(?:{ordinal})?(?!\w)"
    year4 = r"(?P<year>[12]\d{3})(?!\w|[.,/]\d)"
    opt_year = rf"(?:,?\s+{year4})?"
    art = alternation(d["day_articles"])
    dm_conn = alternation(d["day_month_connectors"])
    my_conn = alternation(d["month_year_connectors"])
    relyear = alternation(d["month_year_relative"])
    # A stated year, or one relative to publication: "2 February next year".
    day_year = rf"(?:,?\s+{year4}|\s+(?:{my_conn}\s+)?(?P<rel>{relyear})(?!\w))?"
    mods = alternation(d["modifiers"])
    rng = alternation(d["range_words"])
    mod = rf"(?:(?P<mod>{mods})[\s-]+)?"
    parts = alternation(d["parts_of_day"])
    nums = alternation(d["numbers"])
    units = alternation(d["units"])
    seasons = alternation(d["seasons"])
    qwords = alternation(d["quarter_words"])
    qords = alternation(d["quarter_ordinals"])
    qabbr = re.escape(d["quarter_abbreviation"])
    mmb = alternation(d["month_modifiers_before"])
    mma = alternation(d["month_modifiers_after"])
    wmb = alternation(d["weekday_modifiers_before"])
    wma = alternation(d["weekday_modifiers_after"])
    src: dict[str, str] = {
        "iso": r"(?P<y>[12]\d{3})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
        r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d.\-/]\d)",
        "numeric": r"(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>[12]\d{3})"
        r"(?![\d.\-/]\d)",
        "mdy": rf"(?:(?P<wd>{weekday}),?\s+)?{month}\s*{day}{day_year}",
        "dmy": rf"(?:{art}\s+)?(?:(?P<wd>{weekday}),?\s+)?(?:{art}\s+)?{day}\s+"
        rf"(?:{dm_conn}\s+)?{month}{day_year}",
        "month_year": rf"{mod}{month},?\s+(?:{my_conn}\s+)?{year4}",
        "month_relyear": rf"{mod}{month}\s+(?:{my_conn}\s+)?"
        rf"(?P<rel>{alternation(d['month_year_relative'])})(?!\w)",
        # Not followed by a day: "last Oct. 23" is the date Oct. 23, not "last October".
        "month": rf"{mod}(?:(?P<mb>{mmb})\s+)?{month}(?!\s*\d)(?:\s+(?P<ma>{mma})(?!\w))?",
        # The first day or month of a range takes the month and year stated at its end:
        # "du 28 au 29 juillet 2016", "les 9 et 10 juin", "between March and May 2015".
        "day_range": rf"{day}(?=\s*(?:[-–,]|{rng}(?!\w))\s*(?:\d{{1,2}}(?:{ordinal})?\s*"
        rf"(?:[-–,]|{rng}(?!\w))\s*)*\d{{1,2}}(?:{ordinal})?\s+(?:{dm_conn}\s+)?{month}{opt_year})",
        "month_range": rf"{mod}(?P<month>{month_any})(?=\s*(?:[-–]|{rng}(?!\w))\s*{month_any},?\s+"
        rf"(?:{my_conn}\s+)?{year4})",
        "weekday": rf"{mod}(?:(?P<wb>{wmb})\s+)?(?P<wd>{weekday})(?!\w)"
        rf"(?:\s+(?P<wa>{wma})(?!\w))?(?:\s+(?P<part>{parts})(?!\w))?",
        "deictic": rf"{mod}(?P<deic>{alternation(d['deictic'])})(?!\w)"
        rf"(?:\s+(?P<part>{parts})(?!\w))?",
        "relative": rf"{mod}(?P<rel>{alternation(d['relative'])})(?!\w)",
        "relative_mod": rf"(?P<mod>{mods})[\s-]+"
        rf"(?P<rel>{alternation(d['relative_after_modifier'])})(?!\w)",
        "year": rf"{mod}(?P<year>19\d\d|20\d\d|2100)(?!\w|[.,/]\d)",
        "season": rf"{mod}(?:(?P<sb>{mmb})\s+)?(?P<sart>{alternation(d['season_articles'])}\s*)?"
        rf"(?P<season>{seasons})(?!\w)(?:\s+(?P<sa>{mma})(?!\w))?"
        rf"(?:\s+(?:{my_conn}\s+)?{year4})?",
        "quarter": rf"(?:{art}\s+)?(?:(?P<year0>[12]\d{{3}})\s+)?(?P<q>{qords})[\s-]+{qwords}"
        rf"(?!\w)(?:\s+(?:{my_conn}\s+)?{year4})?",
        "quarter_abbr": rf"(?:{qabbr}(?P<qn>[1-4])\s*{year4}|(?P<year2>[12]\d{{3}})\s*{qabbr}"
        rf"(?P<qn2>[1-4])(?!\w))",
        "holiday": rf"(?P<hol>{alternation(d['holidays'])})(?!\w){opt_year}",
    }
    if d["ago_after"]:
        src["ago"] = (
            rf"(?P<num>\d{{1,3}}|{nums})\s+(?P<unit>{units})\s+{alternation(d['ago_after'])}"
        )
    if d["ago_before"]:
        src["ago_before"] = (
            rf"{alternation(d['ago_before'])}\s+(?P<num>\d{{1,3}}|{nums})\s+(?P<unit>{units})"
        )
    # Expressions start at a word start; the numeric ones also right after glued-on letters.
    digit_led = {"iso", "numeric", "dmy"}
    return {
        name: (r"(?<![\d_])" if name in digit_led else r"(?<!\w)") + p for name, p in src.items()
    }


# Which vocabulary lists can open each pattern kind; "#" stands for a token of digits.
_OPENERS: dict[str, tuple[str, ...]] = {
    "iso": ("#",),
    "numeric": ("#",),
    "mdy": ("weekdays", "months", "month_abbreviations"),
    "dmy": ("#", "day_articles", "weekdays"),
    "month_year": ("modifiers", "months", "month_abbreviations"),
    "month_relyear": ("modifiers", "months", "month_abbreviations"),
    "month": ("modifiers", "month_modifiers_before", "months", "month_abbreviations"),
    "weekday": ("modifiers", "weekday_modifiers_before", "weekdays"),
    "deictic": ("modifiers", "deictic"),
    "relative": ("modifiers", "relative"),
    "relative_mod": ("modifiers",),
    "year": ("#", "modifiers"),
    "season": ("modifiers", "month_modifiers_before", "season_articles", "seasons"),
    "quarter": ("#", "day_articles", "quarter_ordinals"),
    "quarter_abbr": ("#", "quarter_abbreviation"),
    "holiday": ("holidays",),
    "day_range": ("#",),
    "month_range": ("modifiers", "months", "month_abbreviations"),
    "ago": ("#", "numbers"),
    "ago_before": ("ago_before",),
}
_FIRST_TOKEN = re.compile(r"[^\W\d_]+|\d+")


def _openers(d: dict[str, Any], kinds: Any) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """First token (lower case) -> the pattern kinds that can start there; and the digit kinds."""
    by_token: dict[str, list[str]] = {}
    digit_kinds: list[str] = []
    for kind in kinds:
        for source in _OPENERS[kind]:
            if source == "#":
                digit_kinds.append(kind)
                continue
            raw = d[source]
            for phrase in [raw] if isinstance(raw, str) else raw:
                first = _FIRST_TOKEN.match(key(str(phrase)))
                if first is None:
                    continue
                if first.group().isdigit():
                    digit_kinds.append(kind)
                    continue
                listed = by_token.setdefault(first.group(), [])
                if kind not in listed:
                    listed.append(kind)
    return {k: tuple(v) for k, v in by_token.items()}, tuple(dict.fromkeys(digit_kinds))


# Lists whose one-word phrases are dates, or date material, by themselves: always worth a match.
_ANCHORS = ("months", "month_abbreviations", "weekdays", "deictic", "holidays")
# Lists whose words may follow an opener inside an expression.
_VOCABULARY = (
    "months",
    "month_abbreviations",
    "weekdays",
    "deictic",
    "holidays",
    "relative",
    "relative_after_modifier",
    "modifiers",
    "month_modifiers_before",
    "month_modifiers_after",
    "weekday_modifiers_before",
    "weekday_modifiers_after",
    "month_year_relative",
    "seasons",
    "season_articles",
    "quarter_ordinals",
    "quarter_words",
    "units",
    "numbers",
    "parts_of_day",
    "ago_before",
    "ago_after",
    "day_articles",
    "day_month_connectors",
    "month_year_connectors",
    "range_words",
)


def _token_tables(d: dict[str, Any]) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Every token of the vocabulary; and for each token, the tokens that follow it in a phrase."""
    vocabulary: set[str] = set()
    follows: dict[str, set[str]] = {}
    for source in _VOCABULARY:
        for phrase in d[source]:
            tokens = _FIRST_TOKEN.findall(key(str(phrase)))
            vocabulary.update(tokens)
            for a, b in pairwise(tokens):
                follows.setdefault(a, set()).add(b)
    return frozenset(vocabulary), {k: frozenset(v) for k, v in follows.items()}


@cache
def lexicon(lang: str) -> Lexicon | None:
    """The compiled vocabulary for `lang` ("en", "fr", "en-GB" ...), or None if dyad has none."""
    code = lang.lower().split("-")[0].split("_")[0]
    res = resources.files("dyad") / "data" / f"time_{code}.json"
    if not res.is_file():
        return None
    d: dict[str, Any] = json.loads(res.read_text(encoding="utf-8"))
    months = _ints(d["months"]) | _ints(d["month_abbreviations"])
    yc = d["year_context"]
    tense = d["tense"]
    attach = d["attach_prepositions"]
    nonattaching = (
        set(map(key, yc["strong_before"]))
        | set(map(key, yc["weak_before"]))
        | set(map(key, yc["determiners"]))
    ) - set(map(key, attach))
    sources = _pattern_sources(d)
    patterns = {kind: re.compile(src, re.IGNORECASE) for kind, src in sources.items()}
    openers, digit_openers = _openers(d, patterns)
    openers["#"] = digit_openers
    vocabulary, continuations = _token_tables(d)
    return Lexicon(
        code=code,
        day_first=d["date_order"] == "dmy",
        capitalised_months=bool(d["month_names_capitalised"]),
        months=months,
        abbreviations=frozenset(map(key, d["month_abbreviations"])),
        ambiguous_months=frozenset(map(key, d["ambiguous_months"])),
        weekdays=_ints(d["weekdays"]),
        numbers=_ints(d["numbers"]),
        units={key(k): str(v) for k, v in d["units"].items()},
        deictic=_ints(d["deictic"]),
        relative=_pairs(d["relative"]) | _pairs(d["relative_after_modifier"]),
        month_mods_before=_ints(d["month_modifiers_before"]),
        month_mods_after=_ints(d["month_modifiers_after"]),
        weekday_mods_before=_ints(d["weekday_modifiers_before"]),
        weekday_mods_after=_ints(d["weekday_modifiers_after"]),
        month_year_relative=_ints(d["month_year_relative"]),
        seasons=_ints(d["seasons"]),
        ambiguous_seasons=frozenset(map(key, d.get("ambiguous_seasons", []))),
        quarters=_ints(d["quarter_ordinals"]),
        holidays={key(k): (int(v[0]), int(v[1])) for k, v in d["holidays"].items()},
        not_past=frozenset(map(key, tense.get("not_past", []))),
        year_block_after=frozenset(map(key, yc["block_after"])),
        year_function_after=frozenset(map(key, yc["function_words_after"])),
        nonattaching=frozenset(nonattaching),
        patterns=patterns,
        openers=openers,
        opener_words=frozenset(openers) - {"#"},
        anchors=frozenset(
            key(phrase)
            for source in _ANCHORS
            for phrase in d[source]
            if _FIRST_TOKEN.fullmatch(key(phrase))
        ),
        vocabulary=vocabulary,
        continuations=continuations,
        future_cues=frozenset(map(key, tense["future"])),
        past_cues=frozenset(map(key, tense["past"])),
        neutral_cues=frozenset(map(key, tense.get("neutral", []))),
        future_suffixes=tuple(tense["future_suffixes"]),
        past_suffixes=tuple(tense["past_suffixes"]),
        passive_auxiliaries=frozenset(map(key, tense.get("passive_auxiliaries", []))),
        perfect_auxiliaries=frozenset(map(key, tense.get("perfect_auxiliaries", []))),
        participle_suffixes=tuple(tense.get("participle_suffixes", [])),
        month_context=tail_regex(d["month_context_before"]),
        range_context=tail_regex(d["range_connectors"]),
        year_strong=tail_regex(yc["strong_before"]),
        year_determiner=tail_regex(yc["determiners"]),
        year_block_before=tail_regex(yc["block_before"]),
        attach_before=tail_regex(attach),
        year_range_before=re.compile(
            r"(?<!\d)[12]\d{3}\s*(?:[-–]|" + alternation(d["range_words"]) + r")\s*$", re.IGNORECASE
        ),
        year_range_after=re.compile(
            r"\s*(?:[-–]|" + alternation(d["range_words"]) + r")\s*[12]\d{3}(?!\d)", re.IGNORECASE
        ),
        deadline_before=tail_regex(tense.get("deadline_before", [])),
        clause_link=re.compile(
            r"[;,]\s*" + alternation(tense.get("clause_links", [])) + r"\s", re.IGNORECASE
        ),
        fronted=re.compile(r"^\s*(?:" + alternation(d["fronted_prepositions"]) + r")?\s*$"),
    )
