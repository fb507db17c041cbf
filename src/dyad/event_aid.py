"""Aid recipients named by place: "provided $40 million for assistance in northern Syria".

News often names who receives aid by where its beneficiaries are ("food aid to 200,000 people
in eastern Chad", "to help families in Niger"). When the aid names no recipient actor, the
state of that place is the recipient, as CAMEO codes aid to a country's population.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from dyad.records import Actor

AID_ROOT = "07"
# Dependents through which the beneficiaries of an aid act hang: its object, purpose clause
# ("to help families"), and the noun phrases inside them.
_WALK_DEPS = frozenset({"dobj", "prep", "pobj", "advcl", "xcomp", "acl", "conj", "appos"})
_PLACE_PREPS = frozenset({"in", "into", "to", "across", "throughout", "inside"})


def aid_holders(noun: Token) -> list[Token]:
    """An aid noun and the purpose clauses after it ("announced aid to help families in X")."""
    purpose = [c for c in noun.head.children if c.dep_ in {"xcomp", "advcl"} and c.i > noun.i]
    return [noun, *purpose]


def aid_places(
    holders: Iterable[Token],
    resolve: Callable[[Token], Actor | None],
    sources: list[Actor],
    depth: int = 6,
) -> list[Actor]:
    """States named as where an aid act's beneficiaries are, nearest first."""
    own = {a.country for a in sources if a.country}
    out: list[Actor] = []
    frontier = list(holders)
    seen = {t.i for t in frontier}
    for _ in range(depth):
        nxt: list[Token] = []
        for t in frontier:
            for c in t.children:
                if c.dep_ not in _WALK_DEPS or c.i in seen:
                    continue
                seen.add(c.i)
                nxt.append(c)
                if c.dep_ != "pobj" or t.lower_ not in _PLACE_PREPS:
                    continue
                for place in (c, *c.conjuncts):  # "families in Niger and Mali"
                    actor = resolve(place)
                    if (
                        actor is not None
                        and actor.kind == "state"
                        and actor.country
                        and actor.country not in own
                        and not any(a.country == actor.country for a in out)
                    ):
                        out.append(actor)
        if out:
            return out
        frontier = nxt
    return out
