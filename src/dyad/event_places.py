"""Places as targets: "Russian forces captured Kupiansk", "an airstrike on Khan Yunis".

A town the actor lexicon does not know is still a target: the state it lies in. The
gazetteer names the candidate towns; only a state the article itself names is taken, so an
ambiguous name ("Balad") is not read as a namesake abroad.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.actors import DocumentActors
from dyad.records import Actor
from dyad.towns import town_country

# Roots whose acts hit a place: an assault or a fight over a town is one on its state.
PLACE_TARGET_ROOTS = frozenset({"18", "19"})
# Common nouns that stand for the place named by their "of" phrase: "the city of Kupiansk",
# "control of Rafah", "the outskirts of Pokrovsk".
PLACE_HOLDERS = frozenset(
    "city town village control outskirt outskirts district region province area centre center "
    "capital port suburb neighbourhood neighborhood settlement camp".split()
)
TOWN_PREPS = frozenset({"on", "against", "at", "in", "into", "near", "targeting"})


def _name_span(token: Token) -> str:
    left = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    start = left[0].i if left else token.i
    return token.doc[start : token.i + 1].text


def _doc_countries(actors: DocumentActors) -> set[str]:
    return {m.entry.country for m in actors.matches.values() if m.entry.country}


def place_country(token: Token, actors: DocumentActors) -> str | None:
    """The state of the town `token` names, if the article names that state too."""
    if token.pos_ != "PROPN" or token.i in actors.matches:
        return None
    countries = town_country(_name_span(token))
    return countries[0] if countries and countries[0] in _doc_countries(actors) else None


def place_tokens(holder: Token, preps: frozenset[str]) -> list[Token]:
    """The proper nouns a trigger's object or place phrase names, through "the city of"."""
    out: list[Token] = []
    frontier = [c for c in holder.children if c.dep_ == "dobj"]
    frontier += [
        o
        for c in holder.children
        if c.dep_ == "prep" and c.lower_ in preps
        for o in c.children
        if o.dep_ == "pobj"
    ]
    for _ in range(3):
        nxt: list[Token] = []
        for t in frontier:
            if t.pos_ == "PROPN":
                out.append(t)
            elif t.lemma_.lower() in PLACE_HOLDERS:
                nxt += [o for c in t.children if c.lower_ == "of" for o in c.children]
        frontier = nxt
    return out


def place_targets(holder: Token, actors: DocumentActors, preps: frozenset[str]) -> list[Actor]:
    out: list[Actor] = []
    for t in place_tokens(holder, preps):
        country = place_country(t, actors)
        if country is None or any(a.country == country for a in out):
            continue
        out.append(
            Actor(
                text=t.text,
                start=t.idx,
                end=t.idx + len(t.text),
                code=country,
                country=country,
                kind="state",
            )
        )
    return out
