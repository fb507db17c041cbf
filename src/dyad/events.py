"""The events stage: code who did what to whom from the dependency parse.

Triggers (verbs and event nouns) come from data/event_patterns.tsv (see dyad.patterns), each
with its CAMEO code. Source and target come from syntax: subjects (inherited through
coordination, control and participles), passive agents, objects, prepositional objects,
complement subjects ("demanded that French troops leave"), modifiers of event nouns ("the
French pullout from Mali"), parties named by "between". Negation and modality are marked, not
dropped (dyad.modality), so analysts can filter them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from dyad.actors import DocumentActors
from dyad.codebook import lookup
from dyad.event_aid import AID_ROOT, aid_holders, aid_places
from dyad.event_arguments import (
    ATTACK_ROOTS,
    attack_site,
    crowd_state,
    domestic_people,
    names_the_place,
    object_targets,
    purpose_targets,
)
from dyad.event_meetings import HOSTED, meeting_targets, setting_clause, with_host
from dyad.event_places import PLACE_TARGET_ROOTS, TOWN_PREPS, place_targets
from dyad.event_syntax import (
    DOMESTIC_ROOTS,
    KILL_LEMMAS,
    NOUN_SOURCE_DEPS,
    QuoteInfo,
    _as_state,
    _counterparts,
    _event_id,
    _expand,
    _governed_by,
    _is_medium,
    _kills,
    _objects,
    _participle_modifier,
    _passive,
    _pobjs,
    _quote_at,
    _same_actor,
    _span_actor,
    _stance_marked,
    _stance_targets,
    _stated_intent,
    _subjects,
    acl_agents,
    coded_triggers,
    commands_own_forces,
    domestic_target,
    message_senders,
)
from dyad.event_syntax_fr import english_view, french_patterns, restore_offsets, view_quotes
from dyad.modality import LIGHT_VERBS, negation_and_modality
from dyad.patterns import Pattern, PatternIndex, default_patterns
from dyad.records import Actor, Event, Span

TARGET_PREPS = frozenset(
    {
        "with",
        "to",
        "against",
        "on",
        "at",
        "from",
        "toward",
        "towards",
        "into",
        "over",
        "upon",
        "across",
        "in",
        "inside",
        "between",
        "among",
        "near",
    }
)
NOUN_TARGET_PREPS = frozenset(
    {
        "on",
        "against",
        "in",
        "at",
        "into",
        "across",
        "with",
        "to",
        "from",
        "over",
        "inside",
        "near",
        "between",
        "targeting",
        "toward",
        "towards",
        "upon",
        "of",
        "for",
    }
)
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "near", "across"})
MISSION_NOUNS = frozenset({"embassy", "consulate", "mission", "legation"})
PLACE_PREPS = frozenset({"in", "across", "throughout", "outside", "at", "near", "around"})
ARMED_SECTORS = frozenset({"MIL", "REB", "IMG", "PRM", "UAF", "COP"})
# Roots whose verbs (warn, suspend, close, cancel) name a relation only with a target:
# "warns that schoolchildren ..." is no threat, "suspends public transport" no sanction.
DYADIC_ROOTS = frozenset({"13", "16"})
# Roots whose object names a relation or measure that carries its other party inside it.
COUNTERPART_ROOTS = frozenset({"08", "16", "19"})
# What a meeting is about, not whom it is with.
TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning"})
SPONSOR_LEMMAS = frozenset({"back", "support", "sponsor", "fund", "arm", "align", "inspire"})
COOPERATIVE_ROOTS = frozenset({"02", "04", "05", "06", "07", "08", "09"})
MEETING_CODES = frozenset({"040", "043", "044", "046"})
# CAMEO expresses an intended act as "express intent to ..." (03) or a threat (13).
INTENT_RECODE = {
    "02": "030",
    "04": "036",
    "05": "032",
    "06": "031",
    "07": "033",
    "08": "035",
    "09": "030",
    "14": "133",
    "15": "138",
    "16": "131",
    "17": "137",
    "18": "138",
    "19": "138",
    "20": "138",
}


@dataclass(slots=True)
class Candidate:
    trigger: Token
    pattern: Pattern
    sources: list[Actor]
    targets: list[Actor]
    base_confidence: float
    victim_target: bool = False


class EventCoder:
    def __init__(self, patterns: Iterable[Pattern] | None = None) -> None:
        self.index = PatternIndex(patterns if patterns is not None else default_patterns())
        self.french_index = PatternIndex(french_patterns())

    def code(
        self,
        doc: Doc,
        actors: DocumentActors,
        *,
        doc_id: str,
        speakers: list[QuoteInfo] | None = None,
    ) -> list[Event]:
        """All events in `doc`. `speakers` gives quote spans (start, end, speaker, quote_id)."""
        if doc.lang_ == "fr":
            # French: the same rules, read off an English-labelled view of the parse
            view = english_view(doc)
            quotes = view_quotes(speakers or [], view, doc)
            found = self._code(view, actors, doc_id, quotes, self.french_index)
            return restore_offsets(found, view, doc)
        return self._code(doc, actors, doc_id, speakers or [], self.index)

    def _code(
        self,
        doc: Doc,
        actors: DocumentActors,
        doc_id: str,
        speakers: list[QuoteInfo],
        index: PatternIndex,
    ) -> list[Event]:
        events: list[Event] = []
        seen: set[str] = set()
        for sent in doc.sents:
            for event in _Sentence(index, sent, actors, speakers).events(doc_id):
                if event.event_id not in seen:
                    seen.add(event.event_id)
                    events.append(event)
        return events


class _Sentence:
    """Coding of one sentence: triggers, their arguments, and the events they make."""

    def __init__(
        self,
        index: PatternIndex,
        sent: SpacySpan,
        actors: DocumentActors,
        speakers: list[QuoteInfo],
    ) -> None:
        self.index = index
        self.sent = sent
        self.actors = actors
        self.speakers = speakers
        self.speaker: Actor | None = None

    def events(self, doc_id: str) -> Iterator[Event]:
        matched = coded_triggers(self.sent, self.index)
        triggers = {t.i for t, _ in matched}
        consumed: set[int] = set()
        for token, p in matched:
            if p.pos == "V" and "obj-event" in p.flags:
                consumed.update(c.i for c in token.children if c.dep_ in {"dobj", "nsubjpass"})
                consumed.update(o.i for o in _objects(token))
        for token, p in matched:
            if token.i in consumed:
                continue
            quote = _quote_at(token.idx, self.speakers)
            self.speaker = quote[2] if quote else None
            if p.pos == "V":
                if ("intent" in p.flags or commands_own_forces(token)) and any(
                    c.i in triggers for c in token.children if c.dep_ in {"xcomp", "ccomp"}
                ):
                    # the complement ("pledged to send aid", "ordered troops to withdraw") is
                    # coded instead
                    continue
                cand = self.verb_candidate(token, p)
            else:
                cand = self.noun_candidate(token, p)
            if cand is not None:
                yield from self.build(cand, doc_id, quote)

    # ---- verbs ----------------------------------------------------------------------------

    def verb_candidate(self, verb: Token, p: Pattern) -> Candidate | None:
        agent = _pobjs(verb, {"agent"}, deps={"agent"})
        passive_subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not passive_subjects and verb.dep_ == "xcomp" and _passive(verb.head):
            # "seven soldiers are confirmed killed by al-Shabaab": the raising verb's subject
            passive_subjects = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
        if agent:
            sources = self.resolve_all(agent)
        elif _participle_modifier(verb):
            sources = []  # "citizens abducted ...": the head noun is the target, not the agent
        else:
            sources = self.resolve_all(_subjects(verb))
        root = p.code[:2]
        placed = False  # the source is the state where the act took place
        if not sources and root in DOMESTIC_ROOTS:
            # "650 Vietnamese nationals are detained in Myanmar"; "protesters march in The Hague";
            # "thousands of people across Italy protest"
            place = self.place_state(verb) or self.subject_place(verb)
            if place is None and passive_subjects:
                # "detained for immigration violations in Myanmar"
                place = next(
                    (
                        a
                        for o in _pobjs(verb, set(TARGET_PREPS) | {"for"})
                        if (a := self.place_state(o))
                    ),
                    None,
                )
            if place is not None:
                sources, placed = [place], True
        if not sources:
            sources = self.generic_all(agent or _subjects(verb))
            sources = (not agent and crowd_state(self, verb, sources)) or sources
        if not sources:
            return None
        targets: list[Actor] = []
        if "obj-event" not in p.flags:
            if agent:
                targets = self.resolve_all(passive_subjects) or [
                    a for t in passive_subjects for a in self.modifier_actors(t)
                ]  # "a Kenyan police post was attacked by al-Shabaab"
            elif _participle_modifier(verb) and agent:
                targets = self.resolve_all([verb.head])
            elif placed:
                # "650 Vietnamese nationals are detained in Myanmar": Myanmar detains Vietnam's
                targets = self.resolve_all(passive_subjects)
            if not targets:
                targets = object_targets(self, verb, p, sources)
        meeting = root == "04" and "sym" in p.flags
        # where a meeting or a protest is held is its venue, not whom it addresses
        venue = meeting or root == "14"
        preps = TARGET_PREPS - PLACE_PREPS if venue else TARGET_PREPS
        if not targets:
            holders = [verb, *_objects(verb)]
            if "obj-event" in p.flags:
                # "raising the tariff on Indian imports to 50%": the act's object says whom it
                # hits before the verb's own preposition says by how much
                holders = holders[1:] + holders[:1]
            targets = self.prep_targets(holders, preps)
        if not targets:
            # "called for sanctions against Moscow", "demanded an inquiry into the army": an
            # act the verb asks for or rejects names the target itself ("hold talks in
            # Brussels" names a venue)
            targets = self.prep_targets(
                self.event_objects(verb),
                NOUN_TARGET_PREPS - PLACE_PREPS if venue else NOUN_TARGET_PREPS,
            )
        if not targets:
            # "refused to meet with Vice President Pence", "agreed to accept refugees"
            for comp in (c for c in verb.children if c.dep_ == "xcomp"):
                targets = object_targets(self, comp, p, sources) or self.prep_targets(
                    [comp], TARGET_PREPS
                )
                if targets:
                    break
        if not targets and root == "13":
            # "warns that she might remove all US military bases": whom the threatened act hits
            for comp in (c for c in verb.children if c.dep_ == "ccomp"):
                targets = object_targets(self, comp, p, sources) or self.prep_targets(
                    [comp], TARGET_PREPS
                )
                # "threatened that Israel would pay a heavy price"
                own = {a.key for a in sources}
                targets = targets or [
                    a for a in self.resolve_all(_subjects(comp)) if a.key not in own
                ]
                if targets:
                    break
        if not targets and root in COUNTERPART_ROOTS:
            # "withdraws from its cooperation agreement with Germany", "lifts sanctions imposed
            # on Syria": the other party hangs inside the object that names the relation
            objs = _objects(verb) + _pobjs(verb, {p.particle} if p.particle else set())
            own = {a.key for a in sources}
            parties = _counterparts(objs)
            found = self.resolve_all(parties) or [
                a for t in [*parties, *objs] for a in self.modifier_actors(t)
            ]  # "sanctions targeting Russia's energy sector", "freezes Syrian assets"
            targets = [a for a in found if a.key not in own]
        if not targets and verb.dep_ in {"acl", "relcl"} and _passive(verb):
            targets = self.resolve_all([verb.head])  # "citizens abducted by North Korea"
        if not targets and verb.dep_ in {"acl", "relcl"}:
            # "a ceasefire between Afghanistan and Pakistan, mediated by Qatar"
            targets = self.resolve_all(_pobjs(verb.head, {"between"}))
        if root in PLACE_TARGET_ROOTS and not any(t.key for t in targets):
            # a town the lexicon does not know (or the parser took for a person's name)
            towns = place_targets(verb, self.actors, frozenset({"on", "at", "against"}))
            targets = towns or targets
        if not targets and root == AID_ROOT:  # "provided $40 million for aid in northern Syria"
            targets = aid_places([verb], self.resolve, sources)
        if not targets and root == "14":
            targets = purpose_targets(self, verb)
        if not targets and root in DOMESTIC_ROOTS and self.acts_on_people(verb, p):
            targets = [domestic_target(sources[0], verb, p)]
        if not targets and "reflexive" in p.flags:
            targets = domestic_people(self, verb, sources[0])
        if not targets and "self" in p.flags and sources[0].country:
            targets = [_as_state(sources[0], sector=[])]  # "the prime minister resigns"
        if not targets and "obj-event" not in p.flags:
            objs = passive_subjects if agent else [c for c in verb.children if c.dep_ == "dobj"]
            objs += [c for o in objs for c in o.conjuncts]  # "the aggression and the threats"
            # "rejected Mnangagwa's victory", "refused a request by Mr. Erdogan": a named
            # owner or author of the object is the target
            owners = [
                *(c for o in objs for c in o.children if c.dep_ == "poss"),
                *(t for o in objs for t in _pobjs(o, {"by", "from", "of"}) + acl_agents(o)),
            ]
            targets = (
                self.generic_all(objs)
                or self.generic_all(owners)
                or self.generic_all(o for o in _pobjs(verb, set(preps)) if not _is_medium(o))
            )
        if not targets and root in ATTACK_ROOTS:
            targets = attack_site(self, verb)
        if not targets and "sym" in p.flags and len(sources) > 1 and not meeting:
            targets = sources  # "Indian and Pakistani troops exchange fire": with each other
        if meeting:
            targets = meeting_targets(self, verb, sources, targets)
        return Candidate(verb, p, sources, targets, 0.8 if targets else 0.6)

    def event_objects(self, verb: Token) -> list[Token]:
        """The event nouns a verb takes as object, directly or through its particle."""
        objs = [c for c in verb.children if c.dep_ == "dobj"] + _pobjs(verb, {"for", "on"})
        return [o for o in objs if o.pos_ == "NOUN" and self.index.match(o) is not None]

    def generic_all(self, tokens: Iterable[Token]) -> list[Actor]:
        """Named but unplaced actors, the last resort so an event is not lost."""
        out: list[Actor] = []
        for token in tokens:
            for t in _expand(token):
                actor = self.actors.generic(t)
                if actor is not None and not any(a.start == actor.start for a in out):
                    out.append(actor)
        return out

    def acts_on_people(self, verb: Token, p: Pattern) -> bool:
        """A protest, or a coercive act on unnamed people ("arrested 200 people")."""
        if p.code.startswith("14"):
            return True
        return any(c.dep_ in {"dobj", "nsubjpass"} for c in verb.children)

    # ---- nouns ----------------------------------------------------------------------------

    def noun_candidate(self, noun: Token, p: Pattern) -> Candidate | None:
        head = noun.head
        light = noun.dep_ in {"dobj", "nsubjpass", "attr"} and head.lemma_ in LIGHT_VERBS
        if "light" in p.flags and not light:
            return None  # "cooperation with Moscow" names a relation, not an act
        between = _pobjs(noun, {"between"})
        if between and "sym" in p.flags:
            parties = self.resolve_all(between)
            if len(parties) >= 2:
                return Candidate(noun, p, parties, [], 0.65)
        sources = self.modifier_actors(noun)
        if p.code[:2] in ATTACK_ROOTS:
            sources = [a for a in sources if not names_the_place(noun, a, self)]
        if any(c.dep_ == "poss" and c.lower_ == "their" for c in noun.children) and (
            "sym" in p.flags
        ):
            # "Trump, Vance and Zelenskyy end their talks": the parties are the clause's subjects
            parties = self.resolve_all(_subjects(head)) if head.pos_ in {"VERB", "AUX"} else []
            if len(parties) >= 2:
                return Candidate(noun, p, parties, [], 0.6)
        if not sources:
            sources = self.resolve_all(_pobjs(noun, {"by"}))
        acl_verbs = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        if not sources:
            # "an attack perpetrated by the RSF", "sanctions placed on him by the U.S."
            for acl in acl_verbs:
                sources = self.resolve_all(_pobjs(acl, {"agent"}, deps={"agent"}))
                if sources:
                    break
        if not sources and noun.dep_ == "pobj" and head.head.lemma_ == "responsibility":
            # "X claims responsibility for an attack on ..."
            claimants = _subjects(head.head.head)
            sources = self.resolve_all(claimants) or self.generic_all(claimants)
        if not sources and (light or (head.pos_ == "VERB" and noun.dep_ == "dobj")):
            sources = self.resolve_all(_subjects(head))
            if not sources and light:
                # "Federal police launched an investigation into ...", "the ACLU filed a
                # lawsuit": named but unplaced doers, as verbs keep them
                sources = self.generic_all(_subjects(head))
        if not sources and p.code[:2] in DOMESTIC_ROOTS:
            place = self.place_state(noun) or (
                (self.place_state(head) or self.subject_place(head)) if light else None
            )
            if place is not None:
                sources = [place]
        if not sources and p.code[:2] == "04" and (clause := setting_clause(noun)) is not None:
            # "Belarus frees prisoners following talks with the US": the clause's subject was
            # a party to the talks that framed its act
            sources = self.resolve_all(_subjects(clause))
        if not sources and p.code in MEETING_CODES:
            # "the ceasefire between Israel and Hamas expires while talks on the second phase
            # stall": talks with no parties of their own are those of the conflict the
            # sentence names
            parties = self.conflict_parties(noun)
            if len(parties) >= 2:
                return Candidate(noun, p, parties, [], 0.5)
        if not sources:
            return None
        targets = self.resolve_all(_stance_targets(noun))
        if not targets and p.code[:2] == "04":
            # "a meeting at the White House with Rutte": whom it was with, not where
            targets = self.prep_targets([noun], frozenset({"with"}))
        # "a rally in Tokyo to call on Kim Jong-un", "joint drills near the Polish border": a
        # protest's or a joint act's place is its venue
        venue = p.code[:2] == "14" or (p.code[:2] == "06" and "sym" in p.flags)
        preps = NOUN_TARGET_PREPS - PLACE_PREPS if venue else NOUN_TARGET_PREPS
        if p.code[:2] == "04":
            preps = preps - TOPIC_PREPS  # "a G7 meeting on the Russo-Ukrainian war": its topic
        if not targets:
            targets = self.prep_targets([noun, *acl_verbs], preps)
        if not targets:
            for c in noun.children:
                # "U.S. airstrikes targeting Houthi forces"
                if c.dep_ in {"acl", "relcl"} and c.lemma_ in {"target", "hit", "strike"}:
                    targets = self.resolve_all([o for o in c.children if o.dep_ == "dobj"])
        if not targets and noun.dep_ == "pobj" and head.head.pos_ == "VERB":
            # "killed in an airstrike against a vehicle near Sidon": the parser hangs the
            # noun's target on the verb
            targets = self.prep_targets(
                [head.head], frozenset({"against", "on", "targeting"}) - {head.lower_}
            )
        if p.code[:2] in PLACE_TARGET_ROOTS and not any(t.key for t in targets):
            targets = place_targets(noun, self.actors, TOWN_PREPS) or targets
        if not targets and p.code[:2] == AID_ROOT:  # "announced aid to help families in Niger"
            targets = aid_places(aid_holders(noun), self.resolve, sources)
        victim = False
        if not targets and "victim" in p.flags:
            targets = self.victims(noun)
            victim = bool(targets)
        if not targets and light:
            targets = self.prep_targets([head], preps)
        if p.code in MEETING_CODES or ("sym" in p.flags and p.code.startswith("04")):
            # "talks in Riyadh", "held talks in Riyadh"
            targets = with_host(self, [noun, head] if light else [noun], sources, targets)
        if not targets and "reflexive" in p.flags and "sym" in p.flags:
            # "the Bangladeshi military clashes with supporters of the ousted premier"
            targets = domestic_people(self, noun, sources[0])
        if not targets and "sym" in p.flags and len(sources) < 2:
            return None
        if not targets and p.code.startswith("14"):
            targets = purpose_targets(self, head if light else noun)
        if not targets and p.code[:2] in DOMESTIC_ROOTS:
            targets = [domestic_target(sources[0], noun, p)]
        if not targets and "reflexive" in p.flags:
            targets = domestic_people(self, noun, sources[0])
        if not targets:
            # "an investigation into Acme Corp": a named but unplaced target, kept as such
            holders = [noun, head] if light else [noun]
            targets = self.generic_all(
                o for h in holders for o in _pobjs(h, set(NOUN_TARGET_PREPS) - {"of", "in"})
            )
        if not targets and p.code[:2] in ATTACK_ROOTS:
            targets = attack_site(self, noun)
        return Candidate(noun, p, sources, targets, 0.6 if targets else 0.45, victim)

    def conflict_parties(self, noun: Token) -> list[Actor]:
        """The parties of another event noun's "between" phrase in the noun's sentence."""
        for t in self.sent:
            if t.i == noun.i or t.pos_ != "NOUN" or self.index.match(t) is None:
                continue
            parties = self.resolve_all(_pobjs(t, {"between"}))
            if len(parties) >= 2:
                return parties
        return []

    def victims(self, noun: Token) -> list[Actor]:
        """ "26 Palestinians are killed in Israeli airstrikes": the victims are the target."""
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        if verb.lemma_ not in KILL_LEMMAS:
            return []
        victims = [
            c for c in verb.children if c.dep_ in {"nsubjpass", "nsubj", "dobj"} and c.i != noun.i
        ]
        found = self.resolve_all(victims)
        if not found:
            # "killing 26 people across the Gaza Strip": the place says whose people
            place = self.place_state(verb) or self.place_state(noun)
            found = [place] if place is not None else []
        return found

    # ---- argument resolution --------------------------------------------------------------

    def resolve(self, token: Token) -> Actor | None:
        return self.actors.resolve(token, speaker=self.speaker)

    def resolve_all(self, tokens: Iterable[Token]) -> list[Actor]:
        out: list[Actor] = []
        for token in tokens:
            expanded = _expand(token)
            for t in list(expanded):
                for child in t.children:
                    # "his counterpart Abdoulaye Diop and Interim President Assimi Goita"
                    if child.dep_ == "appos":
                        expanded += [c for c in child.conjuncts if c.i > child.i]
                expanded += self.name_conjuncts(t)
            for t in expanded:
                for actor in self._resolve_group(t):
                    if not any((a.start, a.key) == (actor.start, actor.key) for a in out):
                        out.append(actor)
        return out

    def name_conjuncts(self, token: Token) -> list[Token]:
        """ "the Democratic Republic of the Congo and Rwanda": the parser hangs the conjunct on
        the last word of the multi-word name, not on the name's head."""
        match = self.actors.matches.get(token.i)
        if match is None or match.end - match.start < 2:
            return []
        inside = range(match.start, match.end)
        return [
            c
            for t in token.doc[match.start : match.end]
            if t.i != token.i
            for c in t.conjuncts
            if c.i not in inside and c.i > t.i
        ]

    def _resolve_group(self, token: Token) -> list[Actor]:
        actor = self.resolve(token)
        if actor is not None:
            # "Hungarian and Romanian officials": one actor per coordinated nationality
            return [actor, *self.actors.coordinated_states(token, actor)]
        # "Foreign ministers of Arab countries, the European Union, Turkey and the UK"
        members = [
            a
            for o in _pobjs(token, {"of"})
            for t in _expand(o)
            if (a := self.resolve(t)) is not None
        ]
        if members and self.actors.lexicon.lookup(token.lemma_):
            return members
        # "near Sidon, Lebanon"; "captured Rozlyv in Donetsk Oblast, Ukraine" -- but "Israeli
        # airstrikes across the Gaza Strip" are Israel's, not Gaza's: an act is no place
        place = _appositive_place(token, self)
        if place is None and self.index.match(token) is None and not self.modifier_actors(token):
            place = self.place_state(token)
        return [_span_actor(place, token)] if place is not None else []

    def modifier_actors(self, noun: Token) -> list[Actor]:
        """Actors named by a noun's modifiers: "Israeli airstrikes", "the Panamanian-flagged"."""
        out: list[Actor] = []
        for m in noun.children:
            if m.dep_ not in NOUN_SOURCE_DEPS or _stance_marked(m) or m.lemma_ in SPONSOR_LEMMAS:
                continue  # "Rwandan-backed M23" is not Rwanda
            actor = self.resolve(m)
            if actor is None and m.dep_ == "amod":
                # "Panamanian-flagged", "Chinese-owned": the state is one level further down
                inner = [c for c in m.children if c.dep_ in {"npadvmod", "amod", "compound"}]
                actor = next((a for c in inner if (a := self.resolve(c)) is not None), None)
            if actor is None and m.dep_ == "compound" and m.pos_ == "NOUN":
                # "the Chinese-owned chip maker": the nationality modifies the compound
                actor = next(iter(self.modifier_actors(m)), None)
            if actor is not None and not any(a.start == actor.start for a in out):
                out.append(actor)
        return out

    def prep_targets(self, holders: list[Token], preps: frozenset[str]) -> list[Actor]:
        # "held talks in Jerusalem with Netanyahu", "filed a lawsuit in a Texas court against
        # X": whom the act is with or against comes before where it happens
        ordered = [
            c
            for where in (False, True)
            for holder in holders
            for c in holder.children
            if (c.lower_ in LOCATIVE_PREPS) == where
        ]
        for c in ordered:
            if c.lower_ not in preps or c.dep_ not in {"prep", "acl", "dative"}:
                continue
            objs = [o for o in c.children if o.dep_ in {"pobj", "dobj"} and not _is_medium(o)]
            targets = self.resolve_all(objs)
            for o in objs:
                if targets:
                    break
                # "the Russian embassy", "a vehicle near Sidon, Lebanon"
                targets = self.modifier_actors(o)
                if not targets and (place := self.place_state(o)) is not None:
                    targets = [place]
                if not targets:
                    # "strikes on positions of the Syrian army", "a ban on imports of
                    # British beef", "respond to a request from X": whose the thing is
                    owners = _pobjs(o, {"of"} | message_senders(o)) + acl_agents(o)
                    targets = self.resolve_all(owners) or [
                        a for w in owners for a in self.modifier_actors(w)
                    ]
            if targets:
                return targets
        return []

    def subject_place(self, verb: Token) -> Actor | None:
        for subj in _subjects(verb):
            for t in [subj, *_pobjs(subj, {"of"})]:
                place = self.place_state(t)
                if place is not None:
                    return place
        return None

    def place_state(self, token: Token) -> Actor | None:
        """The state a place phrase names: "in The Hague, Netherlands", "across France"."""
        for c in token.children:
            if c.dep_ != "prep" or c.lower_ not in PLACE_PREPS:
                continue
            for pobj in (o for o in c.children if o.dep_ == "pobj"):
                # "outside the U.S. embassy in Pretoria": a foreign mission stands in its host
                mission = pobj.lemma_.lower() in MISSION_NOUNS
                actor = None if mission else self.resolve(pobj) or _appositive_place(pobj, self)
                if actor is None:
                    nested = self.place_state(pobj)  # "in cities across the United States"
                    actor = nested
                if actor is not None and actor.kind == "state" and actor.country:
                    return _as_state(actor, sector=["CVL"])
        return None

    # ---- building events ------------------------------------------------------------------

    def build(self, cand: Candidate, doc_id: str, quote: QuoteInfo | None) -> Iterator[Event]:
        p = cand.pattern
        negated, modality = negation_and_modality(cand.trigger)
        if quote is not None and modality == "asserted":
            modality = "reported"
        code = p.code
        if (
            code.startswith("19")
            and "sym" not in p.flags
            and (cand.victim_target or _kills(cand.trigger))
            and not any(set(t.sector) & ARMED_SECTORS for t in cand.targets)
        ):
            code = "180"  # an attack reported by whom it killed is an assault on people
        if (
            code == "0874"
            and cand.targets
            and all(t.igo for t in cand.targets)
            and not any(set(s.sector) & ARMED_SECTORS for s in cand.sources)
        ):
            code = "160"  # a state leaving a body ("its withdrawal from the ICC"), not a retreat
        if (
            modality == "intended"
            and code[:2] in COOPERATIVE_ROOTS
            and (_stated_intent(cand.trigger) or code.endswith("0"))
        ):
            # "pledged to send aid" and "will work with Russia" are CAMEO's intent (03);
            # a specific act announced for later ("will export six destroyers") is the act
            code = INTENT_RECODE[code[:2]]
        elif (
            _governed_by(cand.trigger, "threaten") or _governed_by(cand.trigger, "menacer")
        ) and not code.startswith("13"):
            code = INTENT_RECODE.get(code[:2], "130")
        promised = (
            "intent" in p.flags
            and code[:2] in COOPERATIVE_ROOTS
            and len(cand.sources) == 1
            and any(c.dep_ == "xcomp" for c in cand.trigger.children)
            and not _pobjs(cand.trigger, {"with"})
        )
        if promised:
            # "Korea agreed to provide Sri Lanka with technology": one side's promise of an act
            # still to come is CAMEO's intent (03), as "agree to meet later" is; "India and
            # China agree to resume flights" stays their agreement
            code = INTENT_RECODE[code[:2]]
        # A meeting or agreement binds both sides; an intention binds only who states it.
        mutual = "sym" in p.flags and modality != "intended" and not promised
        pairs: list[tuple[Actor, Actor | None]]
        if cand.targets is cand.sources or (len(cand.sources) > 1 and cand.targets == cand.sources):
            pairs = [(s, t) for s in cand.sources for t in cand.sources if s is not t]
        elif cand.targets:
            pairs = [(s, t) for s in cand.sources for t in cand.targets]
            if mutual:
                pairs += [(t, s) for s in cand.sources for t in cand.targets]
        elif "sym" in p.flags:
            # "India and China agree": every pair of the coordinated parties
            pairs = [(s, t) for s in cand.sources for t in cand.sources if s is not t]
        elif code[:2] in DYADIC_ROOTS or "dyadic" in p.flags:
            return  # "warns that schoolchildren ...", "announces the suspension of transport"
        else:
            pairs = [(s, None) for s in cand.sources]
        trigger = cand.trigger
        trig_span = Span(trigger.text, trigger.idx, trigger.idx + len(trigger.text))
        forward = {(s.start, s.key) for s in cand.sources}
        for source, target in pairs:
            if target is not None and _same_actor(source, target, p):
                continue
            event_code = code
            if code in HOSTED and mutual and (source.start, source.key) not in forward:
                event_code = HOSTED[code]
            info = lookup(event_code)
            confidence = cand.base_confidence
            if source.key is None or (target is not None and target.key is None):
                confidence *= 0.5
            yield Event(
                event_id=_event_id(doc_id, trig_span.start, source, target, event_code),
                doc_id=doc_id,
                sentence=(self.sent.start_char, self.sent.end_char),
                trigger=trig_span,
                source=source,
                target=target,
                cameo=info.code,
                root=info.root,
                plover=info.plover,
                quad_class=info.quad_class,
                goldstein=info.goldstein,
                negated=negated,
                modality=modality,
                quote_id=quote[3] if quote else None,
                confidence=confidence,
                rule=p.name,
            )


def _appositive_place(token: Token, sentence: _Sentence) -> Actor | None:
    # "near Sidon, Lebanon": a town with its country in apposition
    for c in token.children:
        if c.dep_ in {"appos", "npadvmod"} or (c.dep_ == "conj" and c.i == token.i + 2):
            actor = sentence.resolve(c)
            if actor is not None and actor.kind == "state":
                return actor
    return None
