"""The events stage: code who did what to whom from the dependency parse.

Triggers (verbs and event nouns) come from data/event_patterns.tsv, each with its CAMEO code.
Source and target come from syntax: subjects (inherited through coordination, control and
participles), passive agents, objects, prepositional objects, complement subjects ("demanded
that French troops leave"), modifiers of event nouns ("the French pullout from Mali"). Negation
and modality are marked, not dropped, so analysts can filter them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span as SpacySpan, Token

from dyad.actors import DocumentActors
from dyad.codebook import lookup
from dyad.errors import DataError
from dyad.records import Actor, Event, Modality, Span

TARGET_PREPS = {
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
NOUN_TARGET_PREPS = {
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
}
NOUN_SOURCE_DEPS = {"amod", "compound", "poss", "nmod"}
LIGHT_VERBS = {
    "launch",
    "carry",
    "conduct",
    "hold",
    "stage",
    "impose",
    "announce",
    "begin",
    "start",
    "continue",
    "intensify",
    "step",
    "mount",
    "order",
    "issue",
    "sign",
    "reach",
    "make",
    "unleash",
    "resume",
    "escalate",
    "declare",
    "extend",
    "pay",
    "undertake",
    "perform",
    "execute",
    "hold",
    "lead",
    "host",
    "open",
    "approve",
}
REPORTING_LEMMAS = {
    "say",
    "tell",
    "state",
    "claim",
    "report",
    "announce",
    "add",
    "note",
    "stress",
    "insist",
    "argue",
    "explain",
    "write",
    "tweet",
    "declare",
    "confirm",
    "point",
    "according",
    "allege",
    "assert",
    "suggest",
    "believe",
}
INTENT_LEMMAS = {
    "plan",
    "intend",
    "want",
    "seek",
    "hope",
    "aim",
    "pledge",
    "promise",
    "vow",
    "threaten",
    "agree",
    "offer",
    "propose",
    "prepare",
    "wish",
    "try",
    "attempt",
    "consider",
    "mull",
    "expect",
    "will",
}
HYPOTHETICAL_GOVERNORS = {
    "demand",
    "urge",
    "ask",
    "call",
    "request",
    "order",
    "allow",
    "permit",
    "invite",
    "expect",
    "fear",
    "warn",
    "deny",
    "refuse",
    "reject",
    "oppose",
    "fail",
    "avoid",
    "prevent",
    "stop",
    "forbid",
    "want",
    "would",
    "could",
    "beg",
}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "must", "can"}
FUTURE_AUX = {"will", "shall", "'ll"}
KILL_LEMMAS = {"kill", "die", "dead", "death", "injure", "wound", "casualty", "massacre"}
COOPERATIVE_ROOTS = {"02", "04", "05", "06", "07", "08", "09"}
# CAMEO expresses an intended act as "express intent to ..." (03) or a threat (13).
INTENT_RECODE = {
    "04": "036",
    "05": "032",
    "06": "031",
    "07": "033",
    "08": "035",
    "02": "030",
    "09": "030",
    "16": "131",
    "17": "137",
    "18": "138",
    "19": "138",
    "20": "138",
    "15": "138",
    "14": "133",
}


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    pos: str  # "V" or "N"
    lemma: str
    particle: str | None
    objects: frozenset[str]
    blocked: frozenset[str]
    flags: frozenset[str]

    @property
    def specificity(self) -> int:
        return (2 if self.objects else 0) + (1 if self.particle else 0)


def _parse_patterns(text: str, origin: str) -> list[Pattern]:
    patterns = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            raise DataError(
                f"{origin}:{n}: an event pattern needs 5 tab-separated columns "
                f"(code, pos, trigger, objects, flags); found {len(cols)}"
            )
        code, pos, trigger, objects, flags = (c.strip() for c in cols)
        if pos not in {"V", "N"}:
            raise DataError(f"{origin}:{n}: pos must be V or N, not {pos!r}")
        lookup(code)  # fails with a clear message on an unknown CAMEO code
        lemma, _, particle = trigger.partition("+")
        objs = frozenset() if objects == "-" else frozenset(objects.lstrip("!").split("|"))
        patterns.append(
            Pattern(
                code=code,
                pos=pos,
                lemma=lemma.lower(),
                particle=particle or None,
                objects=objs if not objects.startswith("!") else frozenset(),
                blocked=objs if objects.startswith("!") else frozenset(),
                flags=frozenset(f for f in flags.split(",") if f and f != "-"),
            )
        )
    return patterns


@cache
def default_patterns() -> tuple[Pattern, ...]:
    text = resources.files("dyad").joinpath("data", "event_patterns.tsv").read_text("utf-8")
    return tuple(_parse_patterns(text, "event_patterns.tsv"))


def load_patterns(extra: Iterable[str | Path] = ()) -> tuple[Pattern, ...]:
    """dyad's patterns plus the user's own pattern files (same TSV format)."""
    patterns = list(default_patterns())
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise DataError(f"cannot read the pattern file {path}: {exc}") from exc
        patterns.extend(_parse_patterns(text, str(path)))
    return tuple(patterns)


class PatternIndex:
    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.by_key: dict[tuple[str, str], list[Pattern]] = {}
        for p in patterns:
            self.by_key.setdefault((p.pos, p.lemma), []).append(p)
        for plist in self.by_key.values():
            plist.sort(key=lambda p: -p.specificity)

    def match(self, token: Token) -> Pattern | None:
        if token.pos_ in {"VERB", "AUX"}:
            pos, lemma = "V", token.lemma_.lower()
        elif token.pos_ in {"NOUN", "PROPN"} and token.text[:1].islower():
            pos, lemma = "N", token.lemma_.lower()
        else:
            return None
        candidates = self.by_key.get((pos, lemma)) or (
            self.by_key.get((pos, token.lower_)) if pos == "N" else None
        )
        if not candidates:
            return None
        for p in candidates:
            if p.particle and not _has_particle(token, p.particle):
                continue
            if p.objects and not (_object_words(token, pos) & p.objects):
                continue
            if p.blocked and _object_words(token, pos) & p.blocked:
                continue
            return p
        return None


def _has_particle(token: Token, particle: str) -> bool:
    return any(c.dep_ in {"prt", "prep", "advmod"} and c.lower_ == particle for c in token.children)


def _object_words(token: Token, pos: str) -> set[str]:
    """Words that fill a pattern's object slot: the verb's objects, or the noun's modifiers."""
    words: set[str] = set()
    if pos == "N":
        for c in token.children:
            if c.dep_ in {"amod", "compound", "nmod", "npadvmod"}:
                words.add(c.lower_)
                words.add(c.lemma_.lower())
        return words
    for c in token.children:
        if c.dep_ in {"dobj", "attr", "oprd", "ccomp", "xcomp", "nsubjpass", "dative"}:
            words.update((c.lower_, c.lemma_.lower()))
            for cc in c.children:
                if cc.dep_ in {"compound", "conj"}:
                    words.update((cc.lower_, cc.lemma_.lower()))
        if c.dep_ == "prep":
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    words.update((pobj.lower_, pobj.lemma_.lower()))
        if c.dep_ == "dobj":
            for cc in c.children:
                if cc.dep_ == "nummod" or cc.dep_ == "quantmod":
                    words.add(cc.lower_)
    return words


def _expand(token: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("Egypt, Jordan and Qatar")."""
    out = [token]
    for c in token.conjuncts:
        if c.i not in {t.i for t in out}:
            out.append(c)
    return sorted(out, key=lambda t: t.i)


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

    def code(
        self,
        doc: Doc,
        actors: DocumentActors,
        *,
        doc_id: str,
        speakers: list[tuple[int, int, Actor | None, str]] | None = None,
    ) -> list[Event]:
        """All events in `doc`. `speakers` gives quote spans (start, end, speaker, quote_id)."""
        events: list[Event] = []
        for sent in doc.sents:
            events.extend(self._code_sentence(sent, actors, doc_id, speakers or []))
        return _dedupe(events)

    # ---- per sentence ---------------------------------------------------------------------

    def _code_sentence(
        self,
        sent: SpacySpan,
        actors: DocumentActors,
        doc_id: str,
        speakers: list[tuple[int, int, Actor | None, str]],
    ) -> Iterator[Event]:
        matched: list[tuple[Token, Pattern]] = []
        for token in sent:
            p = self.index.match(token)
            if p is not None:
                matched.append((token, p))
        consumed: set[int] = set()
        for token, p in matched:
            if p.pos == "V" and "obj-event" in p.flags:
                consumed.update(c.i for c in token.children if c.dep_ in {"dobj", "nsubjpass"})
        triggers = {t.i for t, _ in matched}
        for token, p in matched:
            if token.i in consumed:
                continue
            quote = _quote_at(token.idx, speakers)
            speaker = quote[2] if quote else None
            if p.pos == "V":
                if "intent" in p.flags and any(
                    c.i in triggers for c in token.children if c.dep_ in {"xcomp", "ccomp"}
                ):
                    continue  # the complement ("pledged to send aid") is coded instead
                cand = self._verb_candidate(token, p, actors, speaker)
            else:
                cand = self._noun_candidate(token, p, actors, speaker)
            if cand is None:
                continue
            yield from self._events(cand, sent, doc_id, quote)

    def _verb_candidate(
        self, verb: Token, p: Pattern, actors: DocumentActors, speaker: Actor | None
    ) -> Candidate | None:
        sources = self._resolve_all(_subjects(verb), actors, speaker)
        passive_subjects = [c for c in verb.children if c.dep_ in {"nsubjpass"}]
        agent = [
            pobj
            for c in verb.children
            if c.dep_ == "agent"
            for pobj in c.children
            if pobj.dep_ == "pobj"
        ]
        if agent:
            sources = self._resolve_all(agent, actors, speaker)
        if not sources:
            return None
        targets: list[Actor] = []
        if "obj-event" not in p.flags:
            targets = self._resolve_all(passive_subjects, actors, speaker) if agent else []
            if not targets:
                targets = self._object_targets(verb, actors, speaker, p)
        if not targets:
            holders = [verb] + [c for c in verb.children if c.dep_ in {"dobj"}]
            targets = self._prep_targets(holders, TARGET_PREPS, actors, speaker)
        confidence = 0.8 if targets else 0.6
        return Candidate(verb, p, sources, targets, confidence)

    def _object_targets(
        self, verb: Token, actors: DocumentActors, speaker: Actor | None, p: Pattern
    ) -> list[Actor]:
        objs = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
        targets = self._resolve_all(objs, actors, speaker)
        if targets:
            return targets
        # "consider Russia a reliable partner": the small clause's subject
        for c in verb.children:
            if c.dep_ in {"ccomp", "xcomp", "oprd"}:
                subj = [s for s in c.children if s.dep_ in {"nsubj", "nsubjpass"}]
                if c.pos_ in {"NOUN", "PROPN"} or "comp" in p.flags:
                    targets = self._resolve_all(subj, actors, speaker)
                    if targets:
                        return targets
        # "rejected the French dictate", "condemned Israel's strikes"
        for obj in objs:
            targets = self._modifier_actors(obj, actors, speaker)
            if targets:
                return targets
            # "the arrest of X", "the release of prisoners from X"
            targets = self._prep_targets([obj], {"of"}, actors, speaker)
            if targets:
                return targets
        return []

    def _noun_candidate(
        self, noun: Token, p: Pattern, actors: DocumentActors, speaker: Actor | None
    ) -> Candidate | None:
        between = [
            pobj
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "between"
            for pobj in c.children
            if pobj.dep_ == "pobj"
        ]
        if between and "sym" in p.flags:
            parties = self._resolve_all(between, actors, speaker)
            if len(parties) >= 2:
                return Candidate(noun, p, parties, [], 0.65)
        head = noun.head
        governed_by_light_verb = noun.dep_ in {"dobj", "nsubjpass", "attr"} and (
            head.lemma_ in LIGHT_VERBS
        )
        if "light" in p.flags and not governed_by_light_verb:
            return None  # "cooperation with Moscow" names a relation, not an act
        sources = self._modifier_actors(noun, actors, speaker)
        agent = [
            pobj
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "by"
            for pobj in c.children
            if pobj.dep_ == "pobj"
        ]
        if not sources and agent:
            sources = self._resolve_all(agent, actors, speaker)
        if not sources and governed_by_light_verb:
            sources = self._resolve_all(_subjects(head), actors, speaker)
        if not sources:
            return None
        targets = self._resolve_all(_stance_targets(noun), actors, speaker)
        if not targets:
            targets = self._prep_targets([noun], NOUN_TARGET_PREPS, actors, speaker)
        # "U.S. airstrikes targeting Houthi forces"
        if not targets:
            for c in noun.children:
                if c.dep_ in {"acl", "relcl"} and c.lemma_ in {"target", "hit", "strike"}:
                    targets = self._resolve_all(
                        [o for o in c.children if o.dep_ == "dobj"], actors, speaker
                    )
        victim = False
        if not targets and "victim" in p.flags:
            targets = self._victims(noun, actors, speaker)
            victim = bool(targets)
        if not targets and noun.dep_ in {"dobj"} and head.lemma_ in LIGHT_VERBS:
            targets = self._prep_targets([head], NOUN_TARGET_PREPS, actors, speaker)
        # "the French pullout from Mali" names its target; a noun event may have none.
        return Candidate(noun, p, sources, targets, 0.6 if targets else 0.45, victim)

    def _victims(self, noun: Token, actors: DocumentActors, speaker: Actor | None) -> list[Actor]:
        """ "26 Palestinians are killed in Israeli airstrikes": the victims are the target."""
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        if verb.lemma_ not in KILL_LEMMAS:
            return []
        victims = [
            c for c in verb.children if c.dep_ in {"nsubjpass", "nsubj", "dobj"} and c.i != noun.i
        ]
        return self._resolve_all(victims, actors, speaker)

    # ---- argument resolution ----------------------------------------------------------------

    def _resolve_all(
        self, tokens: Iterable[Token], actors: DocumentActors, speaker: Actor | None
    ) -> list[Actor]:
        out: list[Actor] = []
        for token in tokens:
            expanded = _expand(token)
            for t in list(expanded):
                # "his counterpart Abdoulaye Diop and Interim President Assimi Goita"
                for appos in (c for c in t.children if c.dep_ == "appos"):
                    expanded += [c for c in appos.conjuncts if c.i > appos.i]
            for t in expanded:
                actor = actors.resolve(t, speaker=speaker)
                if actor is None:
                    actor = self._appositive_place(t, actors, speaker)
                if actor is not None and not any(a.start == actor.start for a in out):
                    out.append(actor)
        return out

    def _appositive_place(
        self, token: Token, actors: DocumentActors, speaker: Actor | None
    ) -> Actor | None:
        # "near Sidon, Lebanon": a town with its country in apposition
        for c in token.children:
            if c.dep_ in {"appos", "npadvmod"} or (c.dep_ == "conj" and c.i == token.i + 2):
                actor = actors.resolve(c, speaker=speaker)
                if actor is not None and actor.kind == "state":
                    return actor
        return None

    def _modifier_actors(
        self, noun: Token, actors: DocumentActors, speaker: Actor | None
    ) -> list[Actor]:
        mods = [c for c in noun.children if c.dep_ in NOUN_SOURCE_DEPS and not _stance_marked(c)]
        out: list[Actor] = []
        for m in mods:
            actor = actors.resolve(m, speaker=speaker)
            if actor is not None and not any(a.start == actor.start for a in out):
                out.append(actor)
        return out

    def _prep_targets(
        self, holders: list[Token], preps: set[str], actors: DocumentActors, speaker: Actor | None
    ) -> list[Actor]:
        for holder in holders:
            for c in holder.children:
                if c.dep_ != "prep" and not (c.dep_ == "acl" and c.lower_ in preps):
                    continue
                if c.lower_ not in preps:
                    continue
                objs = [o for o in c.children if o.dep_ in {"pobj", "dobj"}]
                targets = self._resolve_all(objs, actors, speaker)
                if not targets:
                    for o in objs:
                        targets = self._modifier_actors(o, actors, speaker)
                        if targets:
                            break
                if targets:
                    return targets
        return []

    # ---- building events ------------------------------------------------------------------

    def _events(
        self,
        cand: Candidate,
        sent: SpacySpan,
        doc_id: str,
        quote: tuple[int, int, Actor | None, str] | None,
    ) -> Iterator[Event]:
        p = cand.pattern
        negated, modality = negation_and_modality(cand.trigger)
        if quote is not None and modality == "asserted":
            modality = "reported"
        code = p.code
        if cand.victim_target and code[:2] in {"19", "18"}:
            code = "180" if code[:2] == "19" else code
        if modality == "intended" and code[:2] in COOPERATIVE_ROOTS:
            code = INTENT_RECODE.get(code[:2], code)
        elif _governed_by(cand.trigger, "threaten") and not code.startswith("13"):
            code = INTENT_RECODE.get(code[:2], "130")
        # A meeting or agreement binds both sides; an intention binds only who states it.
        mutual = "sym" in p.flags and modality != "intended"
        pairs: list[tuple[Actor, Actor | None]] = []
        if cand.targets:
            pairs = [(s, t) for s in cand.sources for t in cand.targets]
            if mutual:
                pairs += [(t, s) for s in cand.sources for t in cand.targets]
        elif "sym" in p.flags:
            # "India and China agree": every pair of the coordinated parties; one party alone
            # ("to discuss relations") is no dyad.
            pairs = [(s, t) for s in cand.sources for t in cand.sources if s is not t]
        else:
            pairs = [(s, None) for s in cand.sources]
        trigger = cand.trigger
        trig_span = Span(trigger.text, trigger.idx, trigger.idx + len(trigger.text))
        info = lookup(code)
        for source, target in pairs:
            if target is not None and _same_actor(source, target, p):
                continue
            if source.key is None and (target is None or target.key is None):
                confidence = cand.base_confidence * 0.5
            else:
                confidence = cand.base_confidence
            event_id = _event_id(doc_id, trig_span.start, source, target, code)
            yield Event(
                event_id=event_id,
                doc_id=doc_id,
                sentence=(sent.start_char, sent.end_char),
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
                rule=f"{p.pos}:{p.lemma}{'+' + p.particle if p.particle else ''}"
                f"{'[' + '|'.join(sorted(p.objects)) + ']' if p.objects else ''}->{p.code}",
            )


def _stance_marked(token: Token) -> bool:
    """ "anti-French", "pro-Russian": the actor is what the noun is against or for, not its agent."""
    doc = token.doc
    i = token.i
    prefix = doc[i - 2].lower_ if i >= 2 and doc[i - 1].text in {"-", "–"} else ""
    return prefix in {"anti", "pro", "non"} or token.lower_.startswith(("anti-", "pro-"))


def _stance_targets(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep_ in NOUN_SOURCE_DEPS and _stance_marked(c)
            and c.doc[c.i - 2].lower_ == "anti"]


def _same_actor(source: Actor, target: Actor, p: Pattern) -> bool:
    if source.start == target.start:
        return True
    if source.key is None or source.key != target.key:
        return False
    # Domestic events are real ("police arrest protesters"), but only for patterns that allow them
    # and between different parts of the state.
    if "reflexive" not in p.flags:
        return True
    return source.name is not None and source.name == target.name


def _governed_by(token: Token, lemma: str) -> bool:
    head = token
    for _ in range(3):
        if head.dep_ not in {"xcomp", "ccomp", "dobj", "conj"} or head.head is head:
            return False
        head = head.head
        if head.lemma_ == lemma:
            return True
    return False


def _subjects(verb: Token) -> list[Token]:
    """The subject of a verb, inherited through coordination, control and participles."""
    seen = 0
    token = verb
    while seen < 6:
        seen += 1
        subj = [c for c in token.children if c.dep_ in {"nsubj", "csubj"}]
        if subj:
            return subj
        if token.dep_ in {"conj", "xcomp", "advcl"} and token.head is not token:
            # "visited Mali and held talks", "agreed to withdraw", "visited Mali to discuss"
            if token.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ not in {"to"} for c in token.children
            ):
                return []
            token = token.head
            continue
        if token.dep_ in {"acl", "relcl"} and token.head is not token:
            return [token.head]
        return []
    return []


def negation_and_modality(trigger: Token) -> tuple[bool, Modality]:
    """Whether the act is denied, and whether it is asserted, reported, intended or hypothetical."""
    negated = any(c.dep_ == "neg" for c in trigger.children) or any(
        c.lower_ in {"no", "never"} for c in trigger.children if c.dep_ in {"det", "advmod"}
    )
    modality: Modality = "asserted"
    auxes = {c.lower_ for c in trigger.children if c.dep_ in {"aux", "auxpass"}}
    if auxes & HYPOTHETICAL_AUX:
        return negated, "hypothetical"
    if auxes & FUTURE_AUX:
        modality = "intended"
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in trigger.children):
        return negated, "hypothetical"
    token = trigger
    for _ in range(8):
        head = token.head
        if head is token:
            break
        dep = token.dep_
        if trigger.pos_ in {"NOUN", "PROPN"} and token is trigger and dep in {"dobj", "pobj"}:
            # a noun event inherits the negation of the verb that governs it ("did not hold talks")
            if any(c.dep_ == "neg" for c in head.children) and head.lemma_ in LIGHT_VERBS:
                negated = True
        if dep in {"ccomp", "xcomp", "advcl", "dobj", "pobj", "prep", "pcomp"}:
            lemma = head.lemma_.lower()
            head_negated = any(c.dep_ == "neg" for c in head.children)
            if (
                dep in {"ccomp", "xcomp", "dobj", "pcomp", "pobj", "prep"}
                and (lemma in HYPOTHETICAL_GOVERNORS or head_negated)
                and dep != "advcl"
            ):
                if not (dep in {"dobj", "pobj", "prep"} and lemma not in HYPOTHETICAL_GOVERNORS):
                    return negated, "hypothetical"
            if dep in {"xcomp", "ccomp"} and lemma in INTENT_LEMMAS and modality == "asserted":
                modality = "intended"
            if dep == "ccomp" and lemma in REPORTING_LEMMAS and modality == "asserted":
                modality = "reported"
        head_auxes = {c.lower_ for c in head.children if c.dep_ in {"aux"}}
        if dep in {"xcomp", "ccomp"} and head_auxes & HYPOTHETICAL_AUX:
            return negated, "hypothetical"
        if dep in {"conj"}:
            pass
        elif dep not in {
            "xcomp",
            "ccomp",
            "dobj",
            "pobj",
            "prep",
            "pcomp",
            "acl",
            "advcl",
            "relcl",
            "appos",
            "nsubj",
            "nsubjpass",
            "amod",
            "compound",
        }:
            break
        token = head
    return negated, modality


def _quote_at(
    char: int, speakers: list[tuple[int, int, Actor | None, str]]
) -> tuple[int, int, Actor | None, str] | None:
    for q in speakers:
        if q[0] <= char < q[1]:
            return q
    return None


def _event_id(doc_id: str, start: int, source: Actor, target: Actor | None, code: str) -> str:
    key = f"{doc_id}|{start}|{source.start}|{target.start if target else -1}|{code}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    out = []
    for e in events:
        if e.event_id in seen:
            continue
        seen.add(e.event_id)
        out.append(e)
    return out
