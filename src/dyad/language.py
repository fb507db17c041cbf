"""Language identification: a function-word fast path for English vs French, langid otherwise.

Full news articles are almost always clearly English or clearly French by their function words
("the", "of", "and" against "le", "de", "et"), which costs nothing. Only when that signal is weak
(short text, another language, mixed text) is langid's model loaded, which takes seconds.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from dyad.errors import DataError

FUNCTION_WORDS_FILE = "clean_function_words.json"

# The fast path needs this many words to judge by...
MIN_WORDS = 20
# ...this share of them found in the winning profile (news text runs at 30-45%)...
MIN_WINNER_SHARE = 0.15
# ...and the winner's share of winner + runner-up hits (its confidence) at least this.
MIN_FAST_CONFIDENCE = 0.8
# A shorter text (a one-line news item) is judged by its function words too when it has this
# many of one language and none of another: langid reads short English lines full of foreign
# names ("... takes office as Governor of Puerto Rico") as Spanish or Portuguese.
MIN_SHORT_HITS = 2
# Returned for text with no letters at all: nothing to identify.
UNDETERMINED = "und"

WORD = re.compile(r"[^\W\d_]+'?")


@dataclass(frozen=True, slots=True)
class FunctionWords:
    """Function words by language (each word in one profile only), and the languages the fast
    path may decide."""

    profiles: dict[str, frozenset[str]]
    decides: frozenset[str]


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of `text`'s language and a confidence in [0, 1].

    Text without letters gives ("und", 0.0).
    """
    words = WORD.findall(text.replace("’", "'").lower())
    if not words:
        return UNDETERMINED, 0.0
    fast = _function_word_guess(words)
    if fast is not None:
        return fast
    lang, probability = _langid().classify(text)
    return str(lang), round(float(probability), 3)


def _function_word_guess(words: list[str]) -> tuple[str, float] | None:
    """(language, confidence) when the function words clearly say English or French, else None."""
    table = load_function_words()
    counts = Counter(words)
    hits = sorted(
        ((sum(counts[w] for w in vocabulary), lang) for lang, vocabulary in table.profiles.items()),
        reverse=True,
    )
    (best, lang), (runner_up, _) = hits[0], hits[1]
    if lang not in table.decides:
        return None
    if len(words) < MIN_WORDS:
        if best < MIN_SHORT_HITS or runner_up > 0:
            return None
    elif best < MIN_WINNER_SHARE * len(words):
        return None
    confidence = best / (best + runner_up)
    if confidence < MIN_FAST_CONFIDENCE:
        return None
    return lang, round(confidence, 3)


@cache
def load_function_words() -> FunctionWords:
    """Read data/clean_function_words.json (once per process)."""
    try:
        raw: Any = json.loads(
            resources.files("dyad").joinpath("data", FUNCTION_WORDS_FILE).read_text("utf-8")
        )
        listed = {lang: frozenset(words) for lang, words in raw["profiles"].items()}
        decides = frozenset(raw["decides"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"data/{FUNCTION_WORDS_FILE} is missing or malformed ({exc})") from exc
    if len(listed) < 2 or not decides <= listed.keys():
        raise DataError(
            f"data/{FUNCTION_WORDS_FILE}: needs two or more profiles, including every language "
            "listed in 'decides'"
        )
    # Only words that belong to one profile say anything: "de" is French and Dutch, "que" French
    # and Spanish; counting them for both would blur a clear French text into a close call.
    profiles = {
        lang: frozenset(
            word
            for word in words
            if not any(word in other for other_lang, other in listed.items() if other_lang != lang)
        )
        for lang, words in listed.items()
    }
    return FunctionWords(profiles=profiles, decides=decides)


@cache
def _langid() -> Any:
    """langid's identifier with probabilities normalised to [0, 1], loaded on first need (~5 s)."""
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=True)
