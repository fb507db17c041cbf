"""Syntax helpers of the events stage: who is the subject of a verb, what is coordinated,
passive or governed by what. Functions of the spaCy parse alone, no actor lookup."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from dyad.patterns import Pattern, PatternIndex, _verb_tagged_as_noun, headline_subjects
from dyad.records import Actor

# Documents and decisions that act for whoever issued them ("an executive order raising ...").
# Verbs whose object, not their subject, does what their complement says.
OBJECT_CONTROL = frozenset(
    "urge ask call press force order tell persuade encourage invite allow permit help "
    "accuse blame charge suspect convict compel pressure "
    "exhorter appeler demander inviter accuser pousser ordonner autoriser".split()
)
INSTRUMENT_NOUNS = frozenset(
    "order decree law bill resolution decision directive measure ruling statement "
    "memorandum proclamation act".split()
)
NOUN_SOURCE_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
KILL_LEMMAS = frozenset(
    {"kill", "die", "dead", "death", "injure", "wound", "casualty", "massacre"}
    | {"tuer", "mourir", "mort", "blesser", "victime"}  # French
)
STATED_INTENT_LEMMAS = frozenset(
    "agree pledge promise vow offer propose plan intend seek aim hope want wish prepare "
    "willing ready prepared eager determined keen "
    "accepter promettre engager proposer prévoir vouloir souhaiter préparer".split()  # French
)

# Verbs that report their subject's own words or acts, and the pronouns that refer back to it.
REPORTING_LEMMAS = frozenset(
    "say announce state tell claim confirm add insist report declare reveal stress "
    "indicate note acknowledge admit".split()
)
REPORTED_PRONOUNS = frozenset({"it", "they"})
PERSONAL_PRONOUNS = frozenset({"he", "she"})
WEAPON_NOUNS = frozenset(
    "missile missiles rocket rockets drone drones helicopter helicopters jet jets warplane "
    "warplanes aircraft plane planes warship warships gunboat gunboats tank tanks artillery "
    "shell shells bomb bombs bomber bombers".split()
)
DATELINE_DASHES = frozenset({"--", "-", "—", "–"})

QuoteInfo = tuple[int, int, Actor | None, str]
# Roots where acts on unnamed people ("arrested 200 people", a protest with no target) are
# domestic: the guide codes them from the state to itself.
DOMESTIC_ROOTS = frozenset({"14", "17"})


def _passive(verb: Token) -> bool:
    """A passive participle or clause: "abducted by", "who were kidnapped"."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return True
    return verb.tag_ == "VBN" and not any(c.lower_ in {"has", "have", "had"} for c in verb.children)


# A leader's orders to its own forces are the forces' act, done for the leader's state.
COMMAND_LEMMAS = frozenset({"order", "direct", "instruct", "command"})
FORCE_NOUNS = frozenset(
    "army military troop troops forces force soldier soldiers police navy guard guards units unit "
    "contingent battalion battalions brigade brigades".split()
)


def commands_own_forces(verb: Token) -> bool:
    """ "ordered the army to withdraw", "orders Malawian troops to pull out": a command to
    the speaker's own forces, whose complement is the act (not a demand made of them)."""
    if verb.lemma_ not in COMMAND_LEMMAS or not any(c.dep_ == "xcomp" for c in verb.children):
        return False
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    return bool(objs) and all(
        o.lemma_.lower() in FORCE_NOUNS or o.lower_ in FORCE_NOUNS for o in objs
    )


def _participle_modifier(verb: Token) -> bool:
    """ "citizens abducted by ...": a past participle modifying a noun, not the perfect of a
    headline verb's complement ("The Houthis claim to have shot down ...")."""
    return (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and not any(c.dep_ == "aux" for c in verb.children)
    )


def _kills(trigger: Token) -> bool:
    """ "killed in Israeli airstrikes", "airstrikes kill 26": the attack is told by its dead."""
    if any(
        c.lemma_ in KILL_LEMMAS and c.dep_ in {"acl", "relcl", "advcl", "xcomp"}
        for c in trigger.children
    ):
        return True
    head = trigger.head
    if trigger.dep_ == "pobj":
        head = head.head
    if trigger.dep_ == "nsubj" and head.dep_ == "advcl" and head.head.lemma_ in KILL_LEMMAS:
        return True  # "six people are killed after an attack hits a hospital"
    return head.lemma_ in KILL_LEMMAS and trigger.dep_ in {"nsubj", "pobj", "agent"}


def _as_state(actor: Actor, sector: list[str] | None = None) -> Actor:
    """The state an actor belongs to, as a target of a domestic act or a place's people."""
    return replace(
        actor,
        sector=list(sector if sector is not None else actor.sector),
        kind="state",
        name=None,
        code=(actor.country or actor.igo or "") + "".join(sector or actor.sector),
    )


def _span_actor(actor: Actor, token: Token) -> Actor:
    """The same identity, as the mention `token` heads in this sentence."""
    tokens = [t for t in token.subtree if t.i <= token.i] or [token]
    start = tokens[0].idx
    end = token.idx + len(token.text)
    text = token.doc[tokens[0].i : token.i + 1].text  # not doc.text: it is rebuilt per call
    return replace(actor, text=text, start=start, end=end)


def _pobjs(token: Token, preps: set[str], deps: set[str] | None = None) -> list[Token]:
    deps = deps or {"prep"}
    return [
        pobj
        for c in token.children
        if c.dep_ in deps and (c.lower_ in preps or c.dep_ in preps)
        for pobj in c.children
        if pobj.dep_ == "pobj"
    ]


# Where words are published, not whom they address: "threatens Iran on Truth Social".
MEDIA_NAMES = frozenset(
    "truth social|x|twitter|telegram|facebook|instagram|youtube|tiktok|weibo|bluesky|wechat|"
    "social media|television|tv|radio|state media|state television|state tv|podcast|interview|"
    "broadcast|livestream|website|blog".split("|")
)


def _is_medium(token: Token) -> bool:
    """ "on Truth Social", "on state television": a medium the words went out on."""
    mods = [c.lower_ for c in token.lefts if c.dep_ in {"compound", "amod"}]
    return token.lower_ in MEDIA_NAMES or " ".join([*mods, token.lower_]) in MEDIA_NAMES


def _head_text(token: Token) -> str:
    """The words up to and including the head: "each other" in "each other of provocations"."""
    return " ".join(t.lower_ for t in [*token.lefts, token])


def _expand(token: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("Egypt, Jordan and Qatar")."""
    out = [token]
    for c in token.conjuncts:
        if c.i not in {t.i for t in out}:
            out.append(c)
    return sorted(out, key=lambda t: t.i)


def _stance_marked(token: Token) -> bool:
    """ "anti-French", "pro-Russian": what the noun is against or for, not its agent."""
    doc, i = token.doc, token.i
    prefix = doc[i - 2].lower_ if i >= 2 and doc[i - 1].text in {"-", "–"} else ""
    return prefix in {"anti", "pro", "non"} or token.lower_.startswith(("anti-", "pro-"))


def _stance_targets(noun: Token) -> list[Token]:
    return [
        c
        for c in noun.children
        if c.dep_ in NOUN_SOURCE_DEPS
        and _stance_marked(c)
        and (c.doc[c.i - 2].lower_ == "anti" or c.lower_.startswith("anti-"))
    ]


# Investigate, demand, disapprove, reject: roots of a state's internal politics as much as of its
# foreign relations.
DOMESTIC_DISPUTE_ROOTS = frozenset({"09", "10", "11", "12"})


def _same_actor(source: Actor, target: Actor, p: Pattern) -> bool:
    if source.start == target.start and source.end == target.end and source.kind != "state":
        # "Marcos orders the arrest of two contractors": an act on a state's unnamed people
        # falls on the person's state; a resignation falls on no one
        return not (
            source.kind == "person" and target.kind == "state" and p.code[:2] in DOMESTIC_ROOTS
        )
    if source.key is None or source.key != target.key:
        return False
    # Domestic events are real ("police arrest protesters"), but only for patterns that allow
    # them, and never a person acting on themself.
    if source.name is not None and source.name == target.name:
        return True
    if "reflexive" in p.flags:
        return False
    # Disputes inside one state are events between its organs ("the court rejected the
    # former president's appeal", "the opposition accused the government"): two different
    # sectors, neither the bare state
    return not (
        p.code[:2] in DOMESTIC_DISPUTE_ROOTS
        and source.sector
        and target.sector
        and set(source.sector) != set(target.sector)
    )


def _stated_intent(trigger: Token) -> bool:
    token = trigger
    for _ in range(3):
        if token.dep_ not in {"xcomp", "ccomp", "dobj", "conj"} or token.head is token:
            return False
        token = token.head
        if token.lemma_ in STATED_INTENT_LEMMAS:
            return True
    return False


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
    token = verb
    for _ in range(6):
        subj = _past_dateline([c for c in token.children if c.dep_ in {"nsubj", "csubj"}])
        subj = [w for s in subj for w in _wielders(s)]
        if subj:
            return _reporter(token, subj) or subj
        if _verb_tagged_as_noun(token):
            return headline_subjects(token)  # "Trump issues an ultimatum"
        head = token.head
        if head is token:
            return []
        if token.dep_ == "xcomp" and commands_own_forces(head):
            token = head  # "Putin ordered the army to withdraw": Putin's act, done by his army
            continue
        if token.dep_ == "xcomp" and head.lemma_ in OBJECT_CONTROL:
            # "urged Israel to withdraw": the one urged would act
            objs = [c for c in head.children if c.dep_ in {"dobj", "dative"}]
            return objs or []
        if token.dep_ == "pcomp" and head.head.lemma_ in OBJECT_CONTROL:
            # "accused Israel of attacking villages", "blamed Kyiv for shelling"
            objs = [c for c in head.head.children if c.dep_ == "dobj"]
            return objs or []
        if token.dep_ in {"conj", "xcomp"}:
            # "visited Mali and held talks", "agreed to withdraw"
            token = head
        elif token.dep_ == "acomp" and token.pos_ == "ADJ":
            token = head  # "is willing to withdraw", "stands ready to help": the copula's subject
        elif token.dep_ == "advcl":
            # "visited Mali to discuss", "expels diplomats, accusing the embassy": a clause
            # without a subject of its own shares the main clause's
            token = head
        elif token.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:
            token = head.head  # "after accusing the embassy"
        elif token.dep_ in {"acl", "relcl"}:
            # "troops who attacked": the noun; "issues an order raising tariffs": the noun's
            # own governor's subject when the noun is a thing, not an actor
            if head.lemma_ in INSTRUMENT_NOUNS:
                issuer = [c for c in head.children if c.dep_ == "poss"]
                if issuer:
                    return issuer  # "Trump's executive order to suspend ..."
                if head.dep_ in {"dobj", "pobj"}:
                    token = head.head if head.dep_ == "dobj" else head.head.head
                    continue
            if _passive(token):
                return []  # "miners who were kidnapped": the noun suffered the act
            to_infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            if to_infinitive and head.dep_ == "ROOT" and head.pos_ == "NOUN":
                # "The Houthis claim to have shot down a drone": a headline verb the tagger
                # took for a noun, its subject for the noun's compound
                return headline_subjects(head)
            return [head]
        else:
            return []
    return []


def _the_country(token: Token) -> bool:
    return token.lower_ == "country" and any(
        c.dep_ == "det" and c.lower_ == "the" for c in token.children
    )


def _reporter(clause: Token, subj: list[Token]) -> list[Token]:
    """ "The army says it has seized the oil fields", "the rebels said they will release him":
    "it" and "they" in a reported clause are the reporter, named in the same sentence; so is
    "the country" ("the foreign minister announces the country will reopen its embassy"), and
    so are "he" and "she" when the reporter is a named person ("Gilani said he had rejected")."""
    personal = all(s.lower_ in PERSONAL_PRONOUNS for s in subj)
    if not personal and not all(s.lower_ in REPORTED_PRONOUNS or _the_country(s) for s in subj):
        return []
    head = clause.head
    if clause.dep_ != "ccomp" or head.lemma_ not in REPORTING_LEMMAS:
        return []
    return [
        c
        for c in head.children
        if c.dep_ == "nsubj"
        and c.lower_ not in REPORTED_PRONOUNS | PERSONAL_PRONOUNS
        and (not personal or c.ent_type_ == "PERSON")
    ]


def _wielders(subj: Token) -> list[Token]:
    """ "Missiles fired by the Israeli military struck ...", "a Venezuelan police helicopter
    attacked ...": a weapon that acts stands for whoever fired it (the participle's agent) or
    the nationality it bears; the weapon itself is kept in case it is a known actor."""
    if subj.lemma_.lower() not in WEAPON_NOUNS:
        return [subj]
    agents = acl_agents(subj)
    if agents:
        return agents
    bearers = [c for c in subj.children if c.dep_ in {"amod", "compound"} and c.text[:1].isupper()]
    return [subj, *bearers]


def _past_dateline(subj: list[Token]) -> list[Token]:
    """ "BERLIN -- A court in Bavaria has convicted ...", "THE HAGUE, Netherlands -- A UN
    prosecutor has charged ...": the parser takes the dateline for a subject. The subject is
    the other one, or the phrase after the dash that the parser hung on the dateline."""
    out: list[Token] = []
    for s in subj:
        dash = next((t for t in s.subtree if t.text in DATELINE_DASHES and t.i > s.i), None)
        if (
            dash is None
            or s.i - s.sent.start > 2
            or dash.i - s.i > 4
            or not (s.text.isupper() or s.ent_type_ == "GPE")
        ):
            out.append(s)
        elif len(subj) == 1:
            out += [t for t in s.subtree if t.dep_ == "appos" and t.i > dash.i][:1]
    return out


# Where the party at the other end of a relation hangs inside the object that names it:
# "withdraws from its cooperation agreement with Germany", "sanctions targeting Russia's
# energy sector", "lifts sanctions imposed on Syria".
COUNTERPART_PREPS = frozenset(
    {"with", "against", "on", "to", "for", "toward", "towards", "targeting"}
)
COUNTERPART_ACLS = frozenset({"target", "impose", "aim", "direct", "place", "levy"})


def _objects(verb: Token) -> list[Token]:
    """A verb's objects, also those the parser hangs on a particle ("breaks off relations")."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    return objs + [
        o for c in verb.children if c.dep_ == "prt" for o in c.children if o.dep_ == "pobj"
    ]


def _counterparts(holders: list[Token], depth: int = 4) -> list[Token]:
    """Tokens inside the object phrases that may name the other party, nearest first."""
    found: list[Token] = []
    owners: list[Token] = []
    level = list(holders)
    for _ in range(depth):
        below: list[Token] = []
        for t in level:
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in COUNTERPART_PREPS:
                    found += [o for o in c.children if o.dep_ == "pobj"]
                elif c.dep_ == "prep" and c.lower_ == "of":
                    below += [o for o in c.children if o.dep_ == "pobj"]
                    owners += below[-1:]  # "the assets of two Russian banks"
                elif c.dep_ == "acl" and c.lemma_ in COUNTERPART_ACLS:
                    below.append(c)
                    found += [o for o in c.children if o.dep_ == "dobj"]
                elif c.dep_ == "poss":
                    owners.append(c)
        if found:
            break
        level = below
    return found + owners


def _quote_at(char: int, speakers: list[QuoteInfo]) -> QuoteInfo | None:
    for q in speakers:
        if q[0] <= char < q[1]:
            return q
    return None


def _event_id(doc_id: str, start: int, source: Actor, target: Actor | None, code: str) -> str:
    target_key = f"{target.start}:{target.key}" if target else "-"
    key = f"{doc_id}|{start}|{source.start}:{source.key}|{target_key}|{code}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def acl_agents(noun: Token) -> list[Token]:
    """ "the resolution proposed by the Security Council": the agents of a noun's participle."""
    return [
        a
        for c in noun.children
        if c.dep_ == "acl" and c.tag_ == "VBN"
        for a in _pobjs(c, {"agent"}, deps={"agent"})
    ]


def acted_on(trigger: Token) -> Token | None:
    """The people or thing a domestic act falls on: the object of "police detained 18 people",
    the subject of "18 people were detained", the "of" phrase of "the arrest of 18 people"."""
    if trigger.pos_ in {"NOUN", "PROPN"}:
        # "the arrest and detention of X": coordinated acts share the "of" phrase of the last
        nouns = [trigger, *(c for c in trigger.children if c.dep_ == "conj")]
        return next((o for n in nouns for o in _pobjs(n, {"of"})), None)
    return next((c for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"}), None)


def act_place(verb: Token, particle: str | None = None) -> Token | None:
    """Where a declared or imposed measure holds: "imposed a curfew in Kashmir", "declared a
    state of siege in Pando", "a curfew on Basra"."""
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    places = _pobjs(holders[-1], {"in", "on"}) + _pobjs(verb, {"in", "on"})
    # "went on strike": the particle's object is the act itself
    return next(
        (t for t in places if t.ent_type_ not in {"DATE", "TIME"} and t.head.lower_ != particle),
        None,
    )


def domestic_target(source: Actor, trigger: Token, p: Pattern) -> Actor:
    """A state acting on its own unnamed people: the state, mentioned as whom the act hits
    ("18 people", "opposition parties"), not as the source's own words. An armed group or
    a placed organisation acting on its own state's people is no state act (see _same_actor):
    its target keeps the source's span, so the event is dropped as before."""
    state = _as_state(source)
    # "imposed a curfew in Kashmir": an object that names the act is not whom it falls on;
    # the place it covers is
    obj = acted_on(trigger) if "obj-event" not in p.flags else act_place(trigger, p.particle)
    if obj is None or (source.kind not in {"state", "person"} and source.key is not None):
        return state
    return _span_actor(state, obj)


# Nouns for what one party sends another: "a request from X" names its sender, where "a
# withdrawal from the EU" names no owner.
MESSAGE_NOUNS = frozenset(
    "request letter demand call offer proposal invitation appeal plea complaint message "
    "order ultimatum note petition".split()
)


def message_senders(noun: Token) -> set[str]:
    """The prepositions that name who sent `noun`, if it is a message ("a letter from X")."""
    return {"from", "by"} if noun.lemma_.lower() in MESSAGE_NOUNS else set()


# Nouns that frame an act named by their compound modifier: "a mediation effort between X and
# Y", "an aid package for Z", "a bombing campaign against W". The act's arguments hang on them.
FRAME_NOUNS = frozenset(
    "effort efforts mission package programme program campaign initiative bid drive".split()
)


def frame_head(trigger: Token) -> Token:
    """The noun that carries a compound trigger's arguments ("mediation effort"), else itself."""
    head = trigger.head
    if trigger.dep_ == "compound" and trigger.pos_ == "NOUN" and head.lemma_ in FRAME_NOUNS:
        return head
    return trigger


# Verbs that stop or call off the act their object names: "suspended its mediation efforts",
# "halted the offensive", "cancelled a planned visit" are not that act (the verb is coded).
ENDING_VERBS = frozenset(
    "suspend end halt stop abandon cancel freeze terminate postpone scrap".split()
)


def ended_act(noun: Token) -> bool:
    """An event noun that is the object of a verb ending it."""
    return noun.dep_ in {"dobj", "nsubjpass"} and noun.head.lemma_ in ENDING_VERBS


def coded_triggers(sent: SpacySpan, index: PatternIndex) -> list[tuple[Token, Pattern]]:
    """The sentence's triggers with their patterns, each on the token that carries its
    arguments (frame_head), without the acts a verb calls off (ended_act)."""
    matched = [(frame_head(t), p) for t in sent if (p := index.match(t)) is not None]
    return [(t, p) for t, p in matched if not (p.pos == "N" and ended_act(t))]
