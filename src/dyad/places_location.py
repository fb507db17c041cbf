"""Where an event happened: the place its clause puts it in, when the text says so.

An event takes a place that a locative preposition ties to the event's own clause ("clashes in
Gao", "talks in Doha", "airstrikes on Khan Yunis", "In Gao, gunmen attacked ..."), or that a
visit verb takes as its object ("Putin visited Beijing"). A place that is only mentioned in the
same sentence, in another clause or as someone's nationality, says nothing about where.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dyad.places import PlaceMention

LOCATIVE = {
    "in", "at", "near", "outside", "across", "on", "inside", "into", "throughout", "around",
    "within", "off", "nearby", "beyond",
}  # fmt: skip
# "sanctions on Russia", "talks on Syria": "on" before a whole country names a topic or target.
ON_NOT_FOR = {"country", "continent"}
# "travelled to Moscow": "to" places an event only after a verb of movement.
MOVEMENT = re.compile(
    r"^(visit|travel|fl(y|ew|own)|arriv|went|go(es|ne|ing)?$|return|trip|tour|head|c[ao]me|"
    r"journey|moved?$|deploy|sent$|send|land|reach)",
    re.IGNORECASE,
)
VISIT = re.compile(r"^(visit|tour)", re.IGNORECASE)
# Words that may stand between the preposition and the place ("in the northern city of Gao").
MODIFIERS = {
    "the", "a", "an", "this", "that", "its", "their", "his", "her", "of",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "north-east", "north-west", "south-east", "south-west",
    "north-eastern", "north-western", "south-eastern", "south-western", "upper", "lower",
    "downtown", "rural", "coastal", "nearby", "neighbouring", "neighboring", "occupied",
    "besieged", "embattled", "war-torn", "restive", "disputed", "breakaway", "border", "key",
    "city", "town", "village", "capital", "province", "region", "state", "district", "county",
    "governorate", "port", "area", "areas", "parts", "part", "outskirts", "suburbs", "suburb",
    "streets", "heart", "centre", "center", "edge", "island", "territory", "enclave", "camp",
    "frontline", "strategic", "contested", "ancient", "historic", "old", "holy", "southernmost",
    "northernmost", "eastern-most", "western-most", "same",
}  # fmt: skip
HELD = re.compile(r"-(held|controlled|occupied|run|ruled|administered)$", re.IGNORECASE)
# What ends the trigger's clause between it and a place.
BOUNDARY = re.compile(
    r";|[“”\"]|\b(but|while|whereas|although|though|after|before|when|because|since|unless|"
    r"who|which|whom|whose|where|said|says|told|that)\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[\w’'.-]+|[^\w\s]")
MAX_LOOKBACK = 7
# How far from its trigger a place may stand and still say where the event happened, in
# words: a locative phrase attaches close to its verb or noun.
MAX_WORDS_AFTER = 12
MAX_WORDS_BEFORE = 6


def location_for_event(
    places: list[PlaceMention],
    trigger_start: int,
    trigger_end: int,
    sentence: tuple[int, int],
    text: str,
) -> PlaceMention | None:
    """The place where the event of this trigger happened, when its clause says; else None."""
    s0, s1 = sentence
    trigger = text[trigger_start:trigger_end]
    best: tuple[tuple[int, int], PlaceMention] | None = None
    for place in places:
        if place.start < s0 or place.end > s1:
            continue
        if place.start < trigger_end and trigger_start < place.end:
            continue
        if not _ties_to_trigger(place, trigger, trigger_start, trigger_end, s0, text):
            continue
        after = place.start >= trigger_end
        gap = place.start - trigger_end if after else trigger_start - place.end
        rank = (0 if after else 1, gap)
        if best is None or rank < best[0]:
            best = (rank, place)
    return best[1] if best else None


def _ties_to_trigger(
    place: PlaceMention, trigger: str, t0: int, t1: int, s0: int, text: str
) -> bool:
    prep, phrase_start = _governing_word(text, s0, place.start)
    if prep is None:
        # "visited (the) Beijing": the visit's object is where it happened.
        return (
            place.start >= t1 and bool(VISIT.match(trigger)) and not text[t1:phrase_start].strip()
        )
    if prep == "to" and not MOVEMENT.match(trigger):
        return False
    if prep == "on" and place.feature in ON_NOT_FOR:
        return False
    if place.start >= t1:
        between = text[t1:phrase_start]
        return not BOUNDARY.search(between) and len(WORD.findall(between)) <= MAX_WORDS_AFTER
    # A place before the trigger: "In Gao, gunmen attacked" opens the sentence;
    # "protesters in Paris clashed" sits in the trigger's own clause, close before it.
    between = text[place.end : t0]
    if BOUNDARY.search(between):
        return False
    if not text[s0:phrase_start].strip():
        return True
    return "," not in between and len(WORD.findall(between)) <= MAX_WORDS_BEFORE


def _governing_word(text: str, s0: int, start: int) -> tuple[str | None, int]:
    """The preposition governing a place, looking back over modifiers, and where it stands.

    Returns (None, where the place's phrase begins) when no locative preposition governs it.
    """
    words = [(m.group(), m.start() + s0) for m in WORD.finditer(text[s0:start])]
    phrase_start = start
    for word, pos in reversed(words[-MAX_LOOKBACK:]):
        low = word.lower()
        if low in LOCATIVE or low == "to":
            return low, pos
        if low in MODIFIERS or HELD.search(low) or _possessive_name(word):
            phrase_start = pos
            continue
        break
    return None, phrase_start


def _possessive_name(word: str) -> bool:
    # "in Syria's Idlib province": the country names where the region is.
    return word[:1].isupper() and (word.endswith("'s") or word.endswith("’s"))
