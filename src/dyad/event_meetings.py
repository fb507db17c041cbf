"""Meetings and visits in the events stage: who else a meeting brings together.

News tells a meeting by its venue ("meet in Riyadh"), its purpose ("tours the Gulf to seek
support from Qatar"), its company ("alongside Ukrainian officials"), or as the setting of
another act ("frees prisoners following talks with the US"). These helpers read those
constructions for dyad.events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from dyad.records import Actor

if TYPE_CHECKING:
    from dyad.events import _Sentence

# Who else takes part in a meeting ("meet in Paris alongside Ukrainian officials"), and whom
# a trip's stated purpose addresses ("tours the Gulf to seek support from Qatar").
MEETING_PREPS = frozenset({"alongside"})
PURPOSE_PREPS = frozenset({"with", "from", "to"})
# Prepositions that set an act in a meeting that already took place ("after talks with X").
SETTING_PREPS = frozenset({"after", "following", "during", "amid", "at"})
# A visit is hosted by whom it visits and a host is visited: the reverse side of each is the
# other act ("X visits Y" is also Y hosting X).
HOSTED = {"042": "043", "043": "042"}


def meeting_targets(
    sentence: _Sentence, verb: Token, sources: list[Actor], targets: list[Actor]
) -> list[Actor]:
    """Who else a meeting verb brings together: "meet in Paris alongside Ukrainian
    officials"; "tours the Gulf to seek support from Qatar"; the host of "in Riyadh"."""
    if not targets:
        targets = sentence.prep_targets([verb], MEETING_PREPS)
    if not targets:
        for clause in (c for c in verb.children if c.dep_ in {"advcl", "xcomp"}):
            objs = [o for o in clause.children if o.dep_ == "dobj"]
            targets = sentence.prep_targets([clause, *objs], PURPOSE_PREPS)
            if targets:
                break
    # "hold meetings in Riyadh", "hold a series of meetings focused on Syria in Riyadh"
    holders = [verb, *(c for c in verb.children if c.dep_ in {"dobj", "ccomp"})]
    if len(sources) + len(targets) != 2:
        # a multilateral gathering's host takes part, as does the state where one actor
        # holds talks; two parties meeting in a third state ("talks in Muscat") are only
        # its guests
        targets = with_host(sentence, holders, sources, targets)
    if len(sources) > 1 and targets and not any(s in targets for s in sources):
        # "Iran and the US hold talks in Muscat": the parties meet each other too
        targets = [*sources, *targets]
    return targets


def with_host(
    sentence: _Sentence, holders: list[Token], sources: list[Actor], targets: list[Actor]
) -> list[Actor]:
    """A meeting held in a named state has that state's host among its parties."""
    host = next((h for t in holders if (h := sentence.place_state(t)) is not None), None)
    keys = {a.key for a in sources + targets}
    if host is None or host.key in keys or not sources:
        return targets
    if targets or len(sources) == 1:
        return [*targets, host]
    # "X and Y meet in Riyadh": the parties meet each other and their host
    return [*sources, host]


def setting_clause(noun: Token) -> Token | None:
    """The verb whose act a meeting noun sets in time: "frees prisoners following talks",
    "during a meeting with Rutte, Trump refuses"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in SETTING_PREPS:
        governor = head.head
    elif noun.dep_ == "dobj" and head.lower_ == "following" and head.tag_ == "VBG":
        governor = head.head  # the tagger reads "following" as a participle
    else:
        return None
    if governor.pos_ in {"NOUN", "PROPN"} and governor.dep_ == "dobj":
        governor = governor.head  # hung on the object: "releases prisoners following talks"
    return governor if governor.pos_ in {"VERB", "AUX"} else None
