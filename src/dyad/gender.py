"""A named person's gender, when a title or a first name says it safely, so that "she" and
"he" resolve to the nearest person they can denote (data/gender_cues.json)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Literal

from spacy.tokens import Span

from dyad.lexicon import strip_accents

Gender = Literal["f", "m"]
PRONOUN_GENDER: dict[str, Gender] = {
    "she": "f",
    "her": "f",
    "hers": "f",
    "he": "m",
    "him": "m",
    "his": "m",
}


@cache
def _cues() -> dict[str, dict[str, Gender]]:
    text = resources.files("dyad").joinpath("data", "gender_cues.json").read_text("utf-8")
    data = json.loads(text)
    titles: dict[str, Gender] = {}
    names: dict[str, Gender] = {}
    kinds: tuple[tuple[Gender, str], ...] = (("f", "female"), ("m", "male"))
    for gender, key in kinds:
        titles.update({t: gender for t in data[f"{key}_titles"]})
        names.update({strip_accents(n): gender for n in data[f"{key}_names"]})
    return {"titles": titles, "names": names}


def _word(text: str) -> str:
    return strip_accents(text.lower().rstrip("."))


def person_gender(span: Span) -> Gender | None:
    """ "Queen Rania", "Mrs Ardern", "Ana Souza": f; "Mr Lula", "Javier Milei": m; else None."""
    cues = _cues()
    doc = span.doc
    # The word before the name, or a title inside it ("Prince Mohammed bin Salman")
    before = [doc[span.start - 1]] if span.start > 0 else []
    for token in [*before, *span]:
        gender = cues["titles"].get(_word(token.text))
        if gender is not None:
            return gender
    if len(span) >= 2:
        return cues["names"].get(_word(span[0].text))
    return None


def compatible(pronoun: str, gender: Gender | None) -> bool:
    wanted = PRONOUN_GENDER.get(pronoun.lower())
    return wanted is None or gender is None or gender == wanted
