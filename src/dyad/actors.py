"""The actors stage: find actor mentions in a parsed article and resolve them.

A mention resolves to a state (name, demonym, capital or seat of government used as metonym),
an international organisation, an armed group, or a person whose country and sector come from
their title the first time the article names them ("Russian Foreign Minister Sergey Lavrov") and
carry over to later short mentions ("Lavrov", "the foreign minister", "he").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from dyad.gender import Gender, compatible, person_gender
from dyad.lexicon import (
    Lexicon,
    Role,
    default_lexicon,
    find_known_persons,
    former_modifiers,
    french_lexicon,
    may_start_known_person,
    normalise_key,
)
from dyad.lexicon_match import (
    LexMatch,
    find_lexicon_matches,
    phrase_tokens,
)
from dyad.modality import REPORTING_LEMMAS
from dyad.records import Actor
from dyad.towns import phrase_town_country

if TYPE_CHECKING:
    pass

GENERIC_ENTITY_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "NORP": "group",
    "GPE": "state",
    "FAC": "organisation",
}
# Nouns that, with a nationality, name that state's agents or assets ("Chinese ships").
CONCRETE_HEADS = frozenset(
    "man men woman women people person national nationals citizen citizens tourist tourists "
    "ship ships vessel vessels warship warships destroyer destroyers frigate frigates "
    "force submarine submarines jet jets aircraft plane planes drone drones fighter fighters "
    "missile missiles tank tanks convoy convoys unit units team teams delegation delegations "
    "embassy consulate mission envoy envoys diplomat diplomats agent agents operative "
    "operatives crew crews coast guard guards patrol patrols boat boats assailant assailants "
    "attacker attackers gunman gunmen bomber bombers hacker hackers sniper snipers settler "
    "settlers member members leader leaders representative representatives group groups "
    "brigade brigades battalion battalions regiment regiments division divisions corps "
    "squadron squadrons flotilla flotillas target targets position positions site sites "
    "facility facilities installation installations base bases monitor monitors observer "
    "observers inspector inspectors".split()
)
# Heads of an institution's proper name: "the Georgian State Security Service", "American
# lobbying firm DCI Group" belong to the state their nationality word names.
INSTITUTION_HEADS = frozenset(
    "service agency bureau committee council directorate command authority commission office "
    "organisation organization corps institute company corporation group".split()
)
# Heads that only count or gather the actor their "of" phrase names: "dozens of Russian
# peacekeepers", "a group of British lawmakers", "members of the Nigerian army".
PARTITIVE_HEADS = frozenset(
    "group groups team teams number dozen dozens hundred hundreds thousand thousands score "
    "scores member members some several many most all majority band contingent handful "
    "leader leaders representative representatives".split()
)
# Nouns that name a person or body only by what it belongs to: "an intelligence agency officer"
# is SPY, "the company's board" BUS, "the head of the navy" MIL, from their modifiers.
AFFILIATION_HEADS = frozenset(
    "officer officers chairman chairmen chairwoman chairperson chair head heads director "
    "directors board boards staff headquarters station stations chief chiefs".split()
)
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "appos", "flat"}
STATE_FORM_TYPES = {"name", "capital", "metonym"}
NATIONALITY_FORM_TYPES = {"adjective", "demonym"}
THIRD_PERSON = {"he", "she", "him", "her", "his", "hers"}
FIRST_PERSON_PLURAL = {"we", "us", "our", "ours"}
COUNTERPART_WORDS = {"counterpart", "counterparts", "host", "hosts"}
VISIT_LEMMAS = {"visit", "tour", "travel", "arrive", "land", "fly"}
# Sectors of armed men: a named group's own sector replaces a generic noun's ("gunmen": UAF).
ARMED_SECTORS = frozenset({"UAF", "REB", "IMG", "MIL", "PRM", "CRM", "SPY", "COP"})
# Titles that head whatever body follows them: "president of the Senate" is LEG.
PRESIDING_TITLES = frozenset({"president", "vice president", "vice-president", "deputy", "chief"})
MAX_NAME_TOKENS = 10  # "Nawaf Al-Ahmad Al-Jaber Al-Sabah" is ten tokens


@dataclass(slots=True)
class Person:
    name: str
    surname: str
    country: str | None = None
    sector: list[str] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    # How sure the country is: 1.0 stated, lower when inferred from the article's context.
    country_confidence: float = 1.0
    gender: Gender | None = None  # from a title or first name; None when unsaid


class DocumentActors:
    """Actor resolution for one parsed article: lexicon matches plus a person registry."""

    def __init__(
        self, doc: Doc, lexicon: Lexicon | None = None, *, date: str | None = None
    ) -> None:
        self.doc = doc
        self.date = date  # the article's publication date: which office a known person held
        self.lexicon = lexicon or default_lexicon()
        if doc.lang_ == "fr":
            self.lexicon = french_lexicon(self.lexicon)
        self.matches = find_lexicon_matches(doc, self.lexicon)
        self.country_counts = Counter(
            m.entry.country
            for m in {id(m): m for m in self.matches.values()}.values()
            if m.entry.country and m.entry.form_type not in {"title", "collective"}
        )
        self.persons: list[Person] = []
        self.person_at: dict[int, Person] = {}
        self._build_person_registry()

    # ---- document-level facts -------------------------------------------------------------

    @property
    def default_country(self) -> str | None:
        """The article's main country, when one clearly dominates its mentions."""
        if not self.country_counts:
            return None
        ranked = self.country_counts.most_common(2)
        top, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        total = sum(self.country_counts.values())
        if top and n >= 2 and n >= 0.3 * total and n > second:
            return top
        if top and len(self.country_counts) == 1:
            return top  # the only state the article names
        return None

    def generic(self, token: Token) -> Actor | None:
        """An actor dyad cannot place in a state: a named person or organisation, or a group
        named by its role ("the government", "protesters"). Kept so the event is not lost."""
        phrase = phrase_tokens(token)
        if token.ent_type_ in GENERIC_ENTITY_KINDS and token.pos_ in {"PROPN", "NOUN"}:
            kind = GENERIC_ENTITY_KINDS[token.ent_type_]
            sectors = [
                s
                for t in phrase
                if (m := self.matches.get(t.i)) is not None
                and m.entry.form_type in {"title", "collective"}
                for s in m.entry.sector
            ]
            return self._actor(phrase, country=None, igo=None, sector=sectors, name=None, kind=kind)
        match = self.matches.get(token.i)
        if match is not None and match.entry.form_type in {"title", "collective"}:
            return self._actor(
                phrase,
                country=None,
                igo=None,
                sector=list(match.entry.sector),
                name=None,
                kind="organisation",
            )
        if match is None and token.lemma_.lower() in PARTITIVE_HEADS:
            # "a group of thieves": the group is what it gathers
            for pobj in (o for c in token.children if c.lower_ == "of" for o in c.children):
                actor = self.generic(pobj)
                if actor is not None:
                    return actor
        return None

    # ---- persons --------------------------------------------------------------------------

    def _person_spans(self) -> list[Span]:
        """Person names: the tagger's PERSON entities and proper names that follow a title."""
        spans = [
            s
            for s in (
                self._trim_name(ent)
                for ent in self.doc.ents
                # the tagger calls some leaders organisations or places ("Maiga", "Erdogan")
                if ent.label_ == "PERSON" or find_known_persons(ent.text)
            )
            if s is not None
        ]
        for span in self._known_names():
            # the tagger missed a listed figure or cut the name ("Gitanas" as a place)
            if not any(s.start < span.end and span.start < s.end for s in spans):
                spans.append(span)
            elif any(span.start <= s.start and s.end <= span.end for s in spans):
                spans = [s for s in spans if not (s.start < span.end and span.start < s.end)]
                spans.append(span)
        taken = {t.i for s in spans for t in s}
        for span in self._titled_names():
            if not any(t.i in taken for t in span):
                spans.append(span)
            elif not any(s.start <= span.start and span.end <= s.end for s in spans):
                # the tagger cut the name short or ran it into a title: the titled span wins
                spans = [s for s in spans if not (s.start < span.end and span.start < s.end)]
                spans.append(span)
            taken.update(t.i for t in span)
        return sorted(spans, key=lambda s: s.start)

    def _known_names(self) -> list[Span]:
        """Longest runs of capitalised words that spell a figure of data/persons.json."""
        doc, matches = self.doc, self.matches
        out: list[Span] = []
        n, taken_to = len(doc), 0
        for token in doc:
            i, text = token.i, token.text
            if i < taken_to or not text[:1].isupper() or not may_start_known_person(text):
                continue
            for j in range(min(n, i + MAX_NAME_TOKENS), i, -1):
                if (
                    doc[j - 1].text[:1].isupper()
                    and not any(k in matches for k in range(i, j))
                    and find_known_persons(doc[i:j].text)
                ):
                    out.append(doc[i:j])
                    taken_to = j
                    break
        return out

    def _trim_name(self, ent: Span) -> Span | None:
        tokens = [t for t in ent if not self._is_title_or_known(t)]
        while tokens and not tokens[0].text[:1].isupper():
            tokens.pop(0)
        while tokens and (tokens[-1].is_punct or tokens[-1].text in {"’s", "'s"}):
            tokens.pop()
        if not tokens:
            return None
        return self.doc[tokens[0].i : tokens[-1].i + 1]

    def _titled_names(self) -> list[Span]:
        """ "Prime Minister of Transition Choguel Kokalla Maiga": a proper name with a title."""
        out = []
        for token in self.doc:
            if token.pos_ != "PROPN" or not token.text[:1].isupper() or token.i in self.matches:
                continue
            if token.dep_ in {"compound", "flat"} and token.head.pos_ == "PROPN":
                continue
            start = token.i
            while start > 0:
                prev = self.doc[start - 1]
                if (
                    prev.pos_ == "PROPN"
                    and prev.dep_ in {"compound", "flat"}
                    and prev.head.i == token.i
                    and prev.i not in self.matches
                    and prev.text[:1].isupper()
                ):
                    start -= 1
                else:
                    break
            if any(
                (m := self.matches.get(t.i)) is not None and m.entry.form_type == "title"
                for t in phrase_tokens(token)
                if t.i < start
            ):
                out.append(self.doc[start : token.i + 1])
        return out

    def _is_title_or_known(self, token: Token) -> bool:
        m = self.matches.get(token.i)
        return m is not None

    def _build_person_registry(self) -> None:
        by_surname: dict[str, Person] = {}
        for span in self._person_spans():
            name = span.text
            surname = span[-1].text
            country, sectors, titles, confidence = self._person_context(span)
            known = self._known_person(span)
            if known is not None and confidence < 1.0:
                # The article says too little; dyad's lexicon knows the office held that day.
                role = known[1]
                country = role.country or (f"IGO:{role.igo}" if role.igo else None)
                confidence = 0.9
                sectors = sectors or list(role.sector)
                name = known[0] if len(known[0]) > len(name) else name
            person = by_surname.get(surname.lower())
            if person is not None and country and person.country and country != person.country:
                person = None  # same surname, different state: another person
            if person is None:
                person = Person(
                    name=name,
                    surname=surname,
                    country=country,
                    sector=sectors,
                    titles=titles,
                    country_confidence=confidence,
                    gender=person_gender(span),
                )
                self.persons.append(person)
                by_surname[surname.lower()] = person
            else:
                if len(name) > len(person.name) and surname == person.surname:
                    person.name = name
                if country and (person.country is None or confidence > person.country_confidence):
                    person.country, person.country_confidence = country, confidence
                for s in sectors:
                    if s not in person.sector:
                        person.sector.append(s)
                person.titles |= titles
                person.gender = person.gender or person_gender(span)
            for t in span:
                self.person_at[t.i] = person
        # Later bare surnames the tagger missed ("Maiga" tagged as an organisation).
        for token in self.doc:
            if token.i in self.person_at or token.i in self.matches:
                continue
            person = by_surname.get(token.text.lower())
            if person and token.text[:1].isupper() and token.pos_ in {"PROPN", "NOUN"}:
                self.person_at[token.i] = person

    def _known_person(self, span: Span) -> tuple[str, Role] | None:
        """A figure of data/persons.json this name denotes, with the role held on the date."""
        candidates = find_known_persons(span.text)
        if len(candidates) != 1:
            return None  # unknown, or two figures share the name: say nothing
        role = candidates[0].role_at(self.date)
        return (candidates[0].name, role) if role is not None else None

    def _person_context(self, span: Span) -> tuple[str | None, list[str], set[str], float]:
        """Country, sectors and titles a person's first mention carries."""
        root = span.root
        context = [t for t in phrase_tokens(root) if t.i < span.start or t.i >= span.end]
        # "his Malaysian counterpart Abdoulaye Diop" / "Sergey Lavrov, Russia's foreign minister"
        if root.dep_ == "appos":
            context += phrase_tokens(root.head)
        head = root
        while head.dep_ == "conj" and head.head.dep_ == "appos":
            head = head.head
        context += [c2 for c in root.children if c.dep_ == "appos" for c2 in phrase_tokens(c)]
        sectors: list[str] = []
        titles: set[str] = set()
        countries: list[tuple[str, str]] = []
        seen: set[int] = set()
        for t in context:
            m = self.matches.get(t.i)
            if m is None or id(m) in seen:
                continue
            seen.add(id(m))
            if m.entry.form_type in {"title", "collective"}:
                for s in m.entry.sector:
                    if s not in sectors:
                        sectors.append(s)
                titles.add(normalise_key(self.doc[m.start : m.end].text))
            elif m.entry.country:
                countries.append((m.entry.country, m.entry.form_type))
                for s in m.entry.sector:
                    if s not in sectors:
                        sectors.append(s)
            elif m.entry.igo:
                countries.append(("IGO:" + m.entry.igo, m.entry.form_type))
        if self._out_of_office([*context, *span]):
            sectors = ["ELI"]  # "former President Nursultan Nazarbayev"
        country = countries[0][0] if countries else None
        confidence = 1.0 if country else 0.0
        is_counterpart = any(t.lower_ in COUNTERPART_WORDS for t in context)
        host = self._visit_host(span) if (is_counterpart or (titles and not country)) else None
        if host and (country is None or self.country_counts.get(country, 0) <= 1):
            # A counterpart met on a visit belongs to the host state; a lone conflicting
            # nationality (mentioned nowhere else in the article) is taken as a source error.
            country, confidence = host, 0.8
        if country is None and titles:
            default = self.default_country
            if default:
                country, confidence = default, 0.6
        return country, sectors, titles, confidence

    def _visit_host(self, span: Span) -> str | None:
        """The state visited in the sentence that mentions `span` or the one before it."""
        sent = span.sent
        previous = self.doc[sent.start - 1].sent if sent.start > 0 else None
        for token in [*(previous or []), *sent]:
            if token.lemma_ not in VISIT_LEMMAS:
                continue
            for child in token.children:
                objs = [child] if child.dep_ == "dobj" else []
                if child.dep_ == "prep" and child.lower_ in {"to", "in"}:
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                for obj in objs:
                    m = self.matches.get(obj.i)
                    if m and m.entry.country and m.entry.form_type in STATE_FORM_TYPES:
                        return m.entry.country
        return None

    # ---- resolution -----------------------------------------------------------------------

    def person_actor(self, person: Person, tokens: list[Token]) -> Actor:
        country = (
            person.country if person.country and not person.country.startswith("IGO:") else None
        )
        igo = person.country[4:] if person.country and person.country.startswith("IGO:") else None
        return self._actor(
            tokens, country=country, igo=igo, sector=person.sector, name=person.name, kind="person"
        )

    def _actor(
        self,
        tokens: list[Token],
        *,
        country: str | None,
        igo: str | None,
        sector: list[str] | tuple[str, ...],
        name: str | None,
        kind: str,
    ) -> Actor:
        start = tokens[0].idx
        end = tokens[-1].idx + len(tokens[-1].text)
        sector_list = list(dict.fromkeys(sector))
        if sector_list and self._out_of_office(tokens):
            sector_list = ["ELI"]  # "a former CIA official", "the ex-minister"
        code = (country or igo or ("IMG" if "IMG" in sector_list else "")) + "".join(
            s for s in sector_list if s != "IMG"
        )
        return Actor(
            text=self.doc[tokens[0].i : tokens[-1].i + 1].text,  # doc.text is rebuilt per call
            start=start,
            end=end,
            code=code,
            country=country,
            igo=igo,
            sector=sector_list,
            name=name,
            kind=kind,  # type: ignore[arg-type]
        )

    def _out_of_office(self, tokens: list[Token]) -> bool:
        """True when "former", "ex-" or "retired" qualifies a title or role noun in `tokens`,
        not some other word of the phrase ("the former Soviet republic's president")."""
        doc = self.doc
        inside = {t.i for t in tokens}
        for t in tokens:
            if t.lower_ not in former_modifiers():
                continue
            if t.lower_ == "ex" and t.i + 2 < len(doc) and doc[t.i + 1].text == "-":
                role = doc[t.i + 2]  # "ex-minister" splits into three tokens
            else:
                role = t.head
            if role.i not in inside or role.i < t.i:
                continue
            m = self.matches.get(role.i)
            if (m is not None and m.entry.form_type in {"title", "collective"}) or (
                role.i in self.person_at
            ):
                return True
        return False

    def resolve(self, token: Token, *, speaker: Actor | None = None) -> Actor | None:
        """The actor a noun-phrase head names, or None when it names none dyad can resolve."""
        if token.pos_ == "PRON" or token.lower_ in THIRD_PERSON | FIRST_PERSON_PLURAL:
            return self._resolve_pronoun(token, speaker)
        phrase = phrase_tokens(token)
        person = self.person_at.get(token.i)
        if person is not None:
            return self.person_actor(person, phrase)
        for child in token.children:
            # "his counterpart Abdoulaye Diop": the appositive names who the title is
            if child.dep_ == "appos" and child.i in self.person_at:
                return self.person_actor(self.person_at[child.i], phrase + phrase_tokens(child))
        match = self.matches.get(token.i)
        if match is not None and match.entry.form_type not in {"title", "collective"}:
            return self._resolve_named(token, match, phrase)
        if match is None and token.lemma_.lower() in PARTITIVE_HEADS:
            # "members of the Kenyan parliament" are the parliament's, before "Taliban members"
            # are the Taliban's by their modifier
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (o for o in prep.children if o.dep_ == "pobj"):
                    actor = self.resolve(pobj, speaker=speaker)
                    if actor is not None:
                        return actor
        return self._resolve_by_modifiers(token, phrase, head_match=match)

    def _resolve_named(self, token: Token, match: LexMatch, phrase: list[Token]) -> Actor:
        entry = match.entry
        sectors = list(entry.sector)
        for t in phrase:
            m = self.matches.get(t.i)
            if m is not None and m is not match and m.entry.form_type in {"title", "collective"}:
                sectors += [s for s in m.entry.sector if s not in sectors]
        # "Malians", "the Russians": the state itself, with no sector, as CAMEO's and NGEC's
        # country dictionaries code a people; "Malian civilians" says CVL
        kind = {"igo": "organisation", "group": "group"}.get(entry.form_type, "state")
        return self._actor(
            phrase, country=entry.country, igo=entry.igo, sector=sectors, name=None, kind=kind
        )

    def _resolve_by_modifiers(
        self, token: Token, phrase: list[Token], head_match: LexMatch | None
    ) -> Actor | None:
        """ "Malian authorities", "the government of Mali", "Russia's army", "the premier"."""
        sectors = list(head_match.entry.sector) if head_match else []
        country: str | None = None
        igo: str | None = None
        group_sector: list[str] = []
        named_group = False
        for t in phrase:
            m = self.matches.get(t.i)
            if m is None or m is head_match:
                continue
            if m.entry.form_type in {"title", "collective"}:
                sectors += [s for s in m.entry.sector if s not in sectors]
            elif country is None and igo is None:
                country, igo = m.entry.country, m.entry.igo
                group_sector = list(m.entry.sector)
                named_group = m.entry.form_type == "group"
        if named_group and set(group_sector) & ARMED_SECTORS and set(sectors) <= ARMED_SECTORS:
            # "Hamas gunmen", "Sinaloa cartel fighters": the named group says what its armed
            # men are better than the generic noun does
            sectors = group_sector
        if head_match is None:
            # "Chinese ships", "four Saudi men", "an American destroyer": a thing or people of a
            # state named by its nationality. An abstract noun ("the French dictate", "Russian
            # interests") names no actor.
            institution = token.pos_ == "PROPN" and token.lemma_.lower() in INSTITUTION_HEADS
            concrete = token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() in CONCRETE_HEADS
            if concrete and country is None and igo is None:
                # "military sites in Iran", "civilians of Gaza": the state they are in
                country = self._place_country(token)
            affiliation = token.pos_ == "NOUN" and token.lemma_.lower() in AFFILIATION_HEADS
            if affiliation:
                # "the IAEA's chief", "the head of the Nigerian navy"; but the "chiefs of NATO
                # countries" are the countries', not NATO's
                country, igo = self._affiliation_owner(token)
            if (affiliation and (sectors or igo)) or (
                (country or igo) and (concrete or institution)
            ):
                return self._actor(
                    phrase,
                    country=country,
                    igo=igo,
                    # "a Chinese business group": BUS; else what a named group says it is
                    sector=sectors or group_sector,
                    name=None,
                    kind="state" if country else "organisation",
                )
            return None
        if country is None and igo is None and "IMG" in group_sector:
            # "Islamic State militants": a stateless armed group
            return self._actor(
                phrase, country=None, igo=None, sector=group_sector, name=None, kind="group"
            )
        if country is None and igo is None:
            # "a court in Zaporizhzhia, Ukraine", "police in Lagos": the place's state
            country = self._place_country(token) or phrase_town_country(phrase, self.matches)
        if country is None and igo is None:
            # "the Trump administration", "Putin's government": the office of a known leader
            owner = next(
                (
                    self.person_at[c.i]
                    for c in token.children
                    if c.dep_ in {"compound", "poss"}
                    and c.i in self.person_at
                    and self.person_at[c.i].country
                ),
                None,
            )
            if owner is not None and owner.country:
                own = owner.country
                country, igo = (None, own[4:]) if own.startswith("IGO:") else (own, None)
        if country is None and igo is None:
            person = self._titled_person(head_match, token)
            if person is not None:
                return self.person_actor(person, phrase)
            if any(t.lower_ == "the" for t in token.lefts) and self.default_country:
                country = self.default_country
            else:
                return None
        if (
            head_match.entry.form_type != "collective"
            and normalise_key(self.doc[head_match.start : head_match.end].text) in PRESIDING_TITLES
            and group_sector
            and "GOV" not in group_sector
        ):
            # "the president of the Riigikogu", "the Knesset's speaker": the body's presiding
            # officer belongs to its sector, not the head of state's
            sectors = group_sector
        sectors = sectors or group_sector
        return self._actor(
            phrase,
            country=country,
            igo=igo,
            sector=sectors,
            name=None,
            kind="organisation" if igo else "state",
        )

    def _affiliation_owner(self, token: Token) -> tuple[str | None, str | None]:
        """The (country, igo) an affiliation head belongs to: a state or IGO among its own
        modifiers, else the actor its "of" object names."""
        for child in token.children:
            if child.dep_ not in {"compound", "poss", "amod", "nmod"}:
                continue
            for t in child.subtree:
                m = self.matches.get(t.i)
                if (
                    m is not None
                    and m.entry.form_type not in {"title", "collective"}
                    and (m.entry.country or m.entry.igo)
                ):
                    return m.entry.country, m.entry.igo
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (o for o in prep.children if o.dep_ == "pobj"):
                actor = self.resolve(pobj)
                if actor is not None:
                    return actor.country, actor.igo
        return None, None

    def coordinated_states(self, token: Token, actor: Actor) -> list[Actor]:
        """The other states of "Hungarian and Romanian officials" and "ministers of Egypt and
        Jordan", as actors like `actor`."""
        out: list[Actor] = []
        modifiers = [c for c in token.children if c.dep_ in {"amod", "compound", "nmod"}]
        modifiers += [
            o
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for o in c.children
            if o.dep_ == "pobj"
        ]
        for child in modifiers:
            group = [child, *child.conjuncts]
            countries = [m.entry.country for t in group if (m := self.matches.get(t.i)) is not None]
            if actor.country is None or actor.country not in countries:
                continue
            for country in countries:
                if country and country != actor.country and all(a.country != country for a in out):
                    out.append(
                        replace(
                            actor, country=country, code=country + "".join(actor.sector), name=None
                        )
                    )
        return out

    def _place_country(self, token: Token) -> str | None:
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "of"}:
                continue
            for pobj in prep.children:
                for t in [pobj, *(c for c in pobj.children if c.dep_ in {"appos", "conj"})]:
                    m = self.matches.get(t.i)
                    if m and m.entry.country and m.entry.form_type in STATE_FORM_TYPES:
                        return m.entry.country
        return None

    def _titled_person(self, head_match: LexMatch, token: Token) -> Person | None:
        """ "the prime minister" after "Prime Minister Choguel Kokalla Maiga" is Maiga."""
        if head_match.entry.form_type != "title":
            return None
        title = normalise_key(self.doc[head_match.start : head_match.end].text)
        for person in reversed(self.persons):
            if title in person.titles and self._first_mention_before(person, token.i):
                return person
        return None

    def _first_mention_before(self, person: Person, i: int) -> bool:
        return any(p is person and j < i for j, p in self.person_at.items())

    def _resolve_pronoun(self, token: Token, speaker: Actor | None) -> Actor | None:
        lower = token.lower_
        if lower in FIRST_PERSON_PLURAL:
            if speaker is None or not (speaker.country or speaker.igo):
                return None
            return self._actor(
                [token],
                country=speaker.country,
                igo=speaker.igo,
                sector=speaker.sector,
                name=None,
                kind="organisation" if speaker.igo else "state",
            )
        if lower in THIRD_PERSON:
            person = self._recent_person(token.i, lower)
            if person is not None:
                return self.person_actor(person, [token])
        if lower == "it" and token.dep_ in {"nsubj", "nsubjpass"} and token.head.dep_ == "ccomp":
            # "the IRGC says it has launched missiles": a reported "it" is the reporter
            reporting = token.head.head
            if reporting.lemma_ in REPORTING_LEMMAS:
                for subj in (c for c in reporting.children if c.dep_ == "nsubj"):
                    if subj.pos_ != "PRON":
                        return self.resolve(subj, speaker=speaker)
        return None

    def _recent_person(self, i: int, pronoun: str = "") -> Person | None:
        """The last person named before token i, within the current and previous sentences,
        whom the pronoun can denote ("she" skips a man named in between)."""
        sent_start = self.doc[i].sent.start
        window_start = max(0, sent_start - 80)
        for j in range(i - 1, window_start - 1, -1):
            person = self.person_at.get(j)
            if person is not None and compatible(pronoun, person.gender):
                return person
        return None

    def mentions(self) -> list[Actor]:
        """Every resolvable actor mention in the article, for mentions.jsonl."""
        seen: set[tuple[int, int]] = set()
        out: list[Actor] = []
        heads: list[Token] = []
        for token in self.doc:
            if token.i in self.person_at:
                if (
                    token.i + 1 < len(self.doc)
                    and self.person_at.get(token.i + 1) is self.person_at[token.i]
                ):
                    continue
                heads.append(token)
            elif token.i in self.matches:
                m = self.matches[token.i]
                if token.i == m.end - 1:
                    heads.append(token)
        for token in heads:
            if (
                token.dep_ in MODIFIER_DEPS
                and token.head.i != token.i
                and (token.head.i in self.person_at or token.head.i in self.matches)
            ):
                # "Russian" in "Russian Foreign Minister Sergey Lavrov": part of the head's mention
                continue
            actor = self.resolve(token)
            if actor is None or (actor.start, actor.end) in seen:
                continue
            if actor.country is None and actor.igo is None and "IMG" not in actor.sector:
                continue
            seen.add((actor.start, actor.end))
            out.append(actor)
        return out


def resolve_text(text: str, *, context: str | None = None, date: str | None = None) -> Actor | None:
    """Resolve a short actor string ("Vladimir Putin", "the EU legislature") on its own; see
    dyad.actor_lookup."""
    from dyad.actor_lookup import resolve_text as lookup

    return lookup(text, context=context, date=date)
