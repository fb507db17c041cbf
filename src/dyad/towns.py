"""Towns to states, by the gazetteer: "Kupiansk" lies in Ukraine, "Shanghai police" are China's.

The actor lexicon knows states, capitals and organisations; the gazetteer knows towns. A town
name is ambiguous ("Balad" is in Iraq and in Somalia), so callers say how sure they must be.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Token

MIN_POPULATION = 1000
# A town that names an organ ("Shanghai police") must be a city whose name no other big city
# in another state shares.
ORGAN_TOWN_POPULATION = 100_000


def _candidates(name: str, min_population: int) -> list[tuple[str, int]]:
    """(state, population) of each place the name may be, most likely first: a place's own
    name before an alternate one ("Pokrovsk" is Ukraine's, not a Russian alias), then the
    bigger. Regions count whatever their size: the gazetteer gives them no population."""
    from dyad.places_gazetteer import gazetteer  # the gazetteer is built on first use

    matches = [
        m
        for m in gazetteer().lookup(name)
        if m.place.country
        and (
            m.place.feature in {"region", "admin1"}
            or (
                m.place.feature in {"city", "county"}
                and (m.place.population or 0) >= min_population
            )
        )
    ]
    matches.sort(key=lambda m: (m.primary, m.place.population or 0), reverse=True)
    return [(m.place.country or "", m.place.population or 0) for m in matches]


def town_country(name: str, *, min_population: int = MIN_POPULATION) -> list[str]:
    """The states a town or region of this name may lie in, most likely first."""
    out: list[str] = []
    for country, _ in _candidates(name, min_population):
        if country not in out:
            out.append(country)
    return out


def phrase_town_country(phrase: list[Token], known: Container[int]) -> str | None:
    """ "Shanghai police", "Puntland forces": the state of the big city or region the phrase's
    proper-noun modifiers name, when no namesake of comparable size lies in another state."""
    # the tagger takes a misspelt or unfamiliar town ("Dehli police") for a common noun
    names = [
        t
        for t in phrase[:-1]
        if t.pos_ in {"PROPN", "NOUN"} and t.text[:1].isupper() and t.i not in known
    ]
    if not names or names[-1].i - names[0].i + 1 != len(names):
        return None
    found = _candidates(phrase[0].doc[names[0].i : names[-1].i + 1].text, ORGAN_TOWN_POPULATION)
    if not found:
        return None
    country, population = found[0]
    rivals = [p for c, p in found[1:] if c != country]
    if any(p * 10 >= population for p in rivals):
        return None  # "Kurdistan" is a region of Iraq and a province of Iran
    return country
