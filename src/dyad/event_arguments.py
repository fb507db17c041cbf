"""Argument finding of the events stage: whom an act is aimed at, read off its objects, its
stated purpose, and the people a state's organs act on. Helpers of dyad.events' sentence coder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from dyad.event_places import place_targets
from dyad.event_syntax import _as_state, _head_text, _pobjs, _span_actor, _subjects, acl_agents
from dyad.lexicon import Entry
from dyad.patterns import Pattern
from dyad.records import Actor

if TYPE_CHECKING:
    from dyad.events import _Sentence

# Verbs of a protest's stated purpose ("rally to call on X", "march to demand that X").
PURPOSE_LEMMAS = frozenset(
    "protest call demand urge denounce condemn oppose support press pressure oppose decry".split()
)
RECIPROCAL = frozenset({"each other", "one another"})


def purpose_targets(sentence: _Sentence, holder: Token) -> list[Actor]:
    """ "hold a rally in Tokyo to call on North Korean leader Kim Jong-un to ...": a
    protest's target is whom its stated purpose addresses."""
    # "hold rallies and a general strike to protest against X": the purpose may hang on the
    # protest nouns the verb holds
    objs = [o for o in holder.children if o.dep_ == "dobj"]
    holders = [holder, *objs, *(c for o in objs for c in o.conjuncts)]
    for c in (c for h in holders for c in h.children):
        if c.dep_ in {"advcl", "xcomp", "acl", "relcl"} and c.lemma_ in PURPOSE_LEMMAS:
            targets = sentence.resolve_all(
                [o for o in c.children if o.dep_ in {"dobj", "dative"}]
            ) or sentence.prep_targets([c], frozenset({"on", "against", "to"}))
            if targets:
                return targets
    return []


def domestic_people(sentence: _Sentence, holder: Token, source: Actor) -> list[Actor]:
    """ "clashes with supporters of the ousted prime minister", "against Naxal insurgents":
    people of no named state, acted on by a state's organs, are that state's people."""
    if source.country is None:
        return []
    for c in holder.children:
        objs = [c] if c.dep_ in {"dobj", "nsubjpass"} else []
        if c.dep_ == "prep" and c.lower_ in {"with", "against", "on"}:
            objs = [o for o in c.children if o.dep_ == "pobj"]
        for obj in objs:
            people = _collectives(sentence, obj)
            if people:
                return [_span_actor(_as_state(source, sector=list(people[0].sector)), obj)]
    return []


def _collectives(sentence: _Sentence, token: Token) -> list[Entry]:
    """The lexicon's people-by-role entries for a noun ("protesters", "insurgents")."""
    lexicon = sentence.actors.lexicon
    entries = lexicon.lookup(token.lemma_) or lexicon.lookup(token.lower_)
    return [e for e in entries if e.form_type == "collective"]


def object_targets(
    sentence: _Sentence, verb: Token, p: Pattern, sources: list[Actor]
) -> list[Actor]:
    objs = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
    if any(_head_text(o) in RECIPROCAL for o in objs):
        return sources  # "Russia and Ukraine blame each other": every pair of them
    targets = sentence.resolve_all(objs)
    if targets:
        return targets
    # "consider Russia a reliable partner": the small clause's subject
    for c in verb.children:
        if c.dep_ in {"ccomp", "xcomp", "oprd"} and (
            c.pos_ in {"NOUN", "PROPN"} or "comp" in p.flags
        ):
            targets = sentence.resolve_all(
                [s for s in c.children if s.dep_ in {"nsubj", "nsubjpass"}]
            )
            if targets:
                return targets
    # "ends U.S. support of Ukraine's grid": the object is the source's own, unless the
    # act may be domestic ("the Taliban attacked an Afghan army base")
    own = {a.key for a in sources} if "reflexive" not in p.flags else set()
    for obj in objs + [c for o in objs for c in o.conjuncts]:
        # "rejected the French dictate", "seizes the Panamanian-flagged tanker"
        targets = [a for a in sentence.modifier_actors(obj) if a.key not in own]
        # "rejected a request by Erdogan", "a proposal from Kyiv", "a plan put forward by X"
        pobjs = _pobjs(obj, {"of", "by", "from"}) + acl_agents(obj)
        targets = targets or sentence.resolve_all(pobjs)
        if not targets:
            for pobj in pobjs:
                targets = sentence.modifier_actors(pobj)
                if targets:
                    break
        if targets:
            return targets
    return []


# Roots of violence: a compound before their noun may name where it happened, not who did it.
ATTACK_ROOTS = frozenset({"18", "19", "20"})
# Where an attack happened: "in Somalia", "across the Gaza Strip", "near Sidon".
SITE_PREPS = frozenset({"in", "across", "near", "at", "throughout"})


def names_the_place(noun: Token, actor: Actor, sentence: _Sentence) -> bool:
    """ "the Manchester Arena bombing", "the Moscow concert hall attack": a name compounded
    with an attack noun is where it happened, unless it is a state, a group or a known
    person ("US airstrikes", "Hamas attacks"); a capital is where, unless the attack is
    aimed at somewhere named ("Moscow's strikes on Kyiv")."""
    for m in noun.children:
        if m.dep_ != "compound" or not actor.start <= m.idx < actor.end:
            continue
        if actor.kind == "person" and actor.country is None and actor.igo is None:
            return True  # a venue the entity tagger took for a person
        match = sentence.actors.matches.get(m.i)
        if match is not None and match.entry.form_type == "capital":
            return not _pobjs(noun, {"on", "against"})
    return False


def attack_site(sentence: _Sentence, trigger: Token) -> list[Actor]:
    """ "Al-Shabaab carries out attacks in Somalia", "an attack by the RSF hits a hospital in
    Khartoum": an attack that names no one it hit falls on the state where it happened (the
    guide's target of an attack is the state where its victims are)."""
    # "an attack on a police camp in Garissa, Kenya": where what it hit lies
    holders = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    holders += _pobjs(trigger, {"on", "against", "targeting"})
    if trigger.dep_ in {"nsubj", "dobj", "pobj"}:
        verb = trigger.head if trigger.dep_ != "pobj" else trigger.head.head
        if verb.pos_ in {"VERB", "AUX"}:
            holders += [verb, *(c for c in verb.children if c.dep_ == "dobj" and c != trigger)]
    for holder in holders:
        place = sentence.place_state(holder)
        if place is not None:
            return [place]
        towns = place_targets(holder, sentence.actors, SITE_PREPS)
        if towns:
            return towns
        # "in Fafi, Garissa, Kenya": the state closing a list of ever larger places
        for pobj in _pobjs(holder, set(SITE_PREPS)):
            for t in pobj.subtree:
                actor = sentence.resolve(t) if t.dep_ in {"appos", "conj", "pobj"} else None
                if actor is not None and actor.kind == "state" and actor.country:
                    return [_as_state(actor, sector=["CVL"])]
    return []


def crowd_state(sentence: _Sentence, verb: Token, sources: list[Actor]) -> list[Actor]:
    """ "protesters march in The Hague, Netherlands, demanding that ...", "students across
    Serbia accuse ...": a crowd named only by its role belongs to the state where it acts."""
    subjects = [t for t in _subjects(verb) if t.pos_ == "NOUN"]
    if not subjects or any(a.key for a in sources):
        return []

    def collective(t: Token) -> bool:
        return bool(_collectives(sentence, t))

    # "protesters", "hundreds of students"
    if not all(collective(t) or any(map(collective, _pobjs(t, {"of"}))) for t in subjects):
        return []
    clause = verb
    for _ in range(3):
        place = sentence.place_state(clause) or sentence.subject_place(clause)
        if place is not None:
            sector = list(sources[0].sector) if sources else place.sector
            return [_span_actor(_as_state(place, sector=sector), subjects[0])]
        if clause.dep_ not in {"advcl", "conj", "xcomp"}:
            break
        clause = clause.head
    return []
