"""The places stage: find the toponyms of a parsed article and resolve each to a place.

Candidates come from the parse: GPE, LOC and FAC entities, the country names and capitals of
dyad's lexicon, capitalised words after "in/near/at/outside/..." that the gazetteer knows (the
small English model often calls "Gao" a person), an all-capitals dateline, and the word after
"<place>, " that names a state or country ("Pandi, Bulacan").

Each candidate has every place its name may be (places_gazetteer). The resolver
(places_resolve) weighs: a place that fits an explicit qualifier ("Paris, Texas", "Sidon,
Lebanon"); a place in a country the article names, inside a first-level region it names or
near its other places; then the bigger place (population, and countries over regions over
towns). So Paris is Paris, France in an article about France, and Paris, Texas when the text
says so.

`location_for_event` (places_location) picks, among these places, where an event happened.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span

from dyad.lexicon_match import LexMatch, find_lexicon_matches
from dyad.places_gazetteer import NameMatch, gazetteer, place_key
from dyad.places_location import location_for_event
from dyad.places_resolve import (
    ENCLOSING_RANK,
    Candidate,
    compatible_pairs,
    doubtful,
    in_list,
    merge_namesakes,
    one_sense,
    resolve,
)

__all__ = ["PlaceMention", "find_places", "location_for_event"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Labels the small model gives place names by mistake ("Gao" PERSON, "Bulacan" ORG,
# "Winnipeg" DATE); "" is no entity at all.
MISLABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "DATE", ""}
# Prepositions after which a capitalised name is read as a place when the gazetteer knows it.
PLACE_PREPOSITIONS = {
    "in", "near", "at", "outside", "across", "around", "throughout", "into", "inside", "from",
    "to", "towards", "toward", "via", "through", "between", "within", "of", "on", "over",
    "against", "along", "off",
}  # fmt: skip
# Small words inside a place name ("Ras al-Ain", "Port of Spain", "Saint-Denis").
NAME_PARTICLES = {
    "al", "el", "ad", "as", "ash", "an", "ar", "de", "del", "la", "le", "les", "du", "des", "da",
    "do", "dos", "di", "van", "von", "der", "bin", "ibn", "ben", "of", "upon", "sur", "am", "-",
    "'s", "on", "en", "y", "i",
}  # fmt: skip
# How many tokens a place name may run, looking for the longest known one.
MAX_NAME_TOKENS = 6
# A place named only by a preposition fallback must be at least this big (a country or
# region, or a town of this many people): "at Hope" is rarely Hope, British Columbia.
FALLBACK_MIN_POPULATION = 5000


@dataclass(slots=True)
class PlaceMention:
    """A toponym in the text, resolved to a place. Offsets index doc.text."""

    text: str
    start: int
    end: int
    name: str
    country: str | None
    lat: float
    lon: float
    feature: str
    population: int | None


def find_places(doc: Doc) -> list[PlaceMention]:
    """Every toponym of the article, resolved to a country and coordinates."""
    if not doc.text.strip():
        return []
    lexicon = list({id(m): m for m in find_lexicon_matches(doc).values()}.values())
    nationalities = _nationalities(lexicon)
    candidates = _select(_candidates(doc, lexicon))
    _link_qualifiers(doc, candidates)
    for cand in candidates:
        merge_namesakes(doc, cand)
        cand.key = place_key(doc[cand.start : cand.end].text)
    resolve(candidates, nationalities, first=True)
    resolve(candidates, nationalities, first=False)
    one_sense(candidates)
    out: list[PlaceMention] = []
    for cand in candidates:
        if cand.best is None or doubtful(cand):
            continue
        span = doc[cand.start : cand.end]
        p = cand.best.place
        out.append(
            PlaceMention(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                name=p.name,
                country=p.country,
                lat=round(p.lat, 5),
                lon=round(p.lon, 5),
                feature=p.feature,
                population=p.population,
            )
        )
    out.sort(key=lambda m: (m.start, m.end))
    return out


# ---- candidate spans -------------------------------------------------------------------------


def _nationalities(matches: list[LexMatch]) -> Counter[str]:
    """Countries the article names other than by toponyms: "Malian troops", "the French"."""
    return Counter(
        m.entry.country
        for m in matches
        if m.entry.country and m.entry.form_type in {"adjective", "demonym"}
    )


def _candidates(doc: Doc, lexicon: list[LexMatch]) -> list[Candidate]:
    out: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            for part in _comma_parts(ent):
                out.extend(_known_parts(part, ent.label_))
    for m in lexicon:
        if m.entry.form_type in {"name", "capital"}:
            span = _trim(doc[m.start : m.end])
            matches = _lookup_in_text(span.text) if len(span) and _plain_name(span) else []
            if matches:
                out.append(Candidate(span.start, span.end, "lexicon", matches))
    out.extend(_after_prepositions(doc))
    out.extend(_dateline(doc))
    out.extend(_well_known_names(doc))
    return [_extend(doc, c) for c in out]


def _well_known_names(doc: Doc) -> list[Candidate]:
    """Names of well-known places the parser tagged as something else or missed.

    The small model calls "Edmonton" an organisation and "Aleppo" a nationality, and tags
    "Kentucky State Police" as one organisation; a country, a first-level region, a capital or
    a city of 100,000 is a place wherever it is written, unless the parser says it is (part of)
    a person's name.
    """
    out: list[Candidate] = []
    next_start = 0
    for tok in doc:
        i = tok.i
        if i < next_start or not (
            tok.text[:1].isupper() and tok.pos_ == "PROPN" and tok.ent_type_ != "PERSON"
        ):
            continue
        found = None
        run_end = _name_run(doc, i)
        # A name may not take in an entity the parser is sure of, nor a person's name.
        longest = next(
            (
                k
                for k in range(i, run_end)
                if doc[k].ent_type_ not in MISLABELS or doc[k].ent_type_ == "PERSON"
            ),
            run_end,
        )
        # The name must open the run: "Danube Delta" is not the Delta State of Nigeria.
        for j in range(longest, i, -1):
            span = doc[i:j]
            if not _looks_like_name(span):
                continue
            matches = _own_names_if_tagged(span, _lookup_in_text(span.text))
            if any(m.primary and _well_known(m) for m in matches):
                found = Candidate(i, j, "name", matches)
                break
        if found is not None:
            out.append(found)
        next_start = max(run_end, i + 1)
    return out


def _extend(doc: Doc, c: Candidate) -> Candidate:
    """'South America' where only 'America' was found: the longest known name around it."""
    best = c
    for lo in range(max(0, c.start - 2), c.start + 1):
        for hi in range(min(len(doc), c.end + 2), c.end - 1, -1):
            if (lo, hi) == (c.start, c.end) or hi - lo <= best.end - best.start:
                continue
            span = doc[lo:hi]
            if not _looks_like_name(span) or any(t.is_punct and t.text != "." for t in span):
                continue
            matches = [m for m in _lookup(span.text) if m.primary and not m.qualifier_only]
            if matches:
                best = Candidate(lo, hi, c.source, matches)
    return best


def _comma_parts(span: Span) -> list[Span]:
    """'Paris, Texas' tagged as one entity is two toponyms."""
    parts: list[Span] = []
    start = span.start
    for tok in span:
        if tok.text == ",":
            if tok.i > start:
                parts.append(span.doc[start : tok.i])
            start = tok.i + 1
    if start < span.end:
        parts.append(span.doc[start : span.end])
    return parts


def _trim(span: Span) -> Span:
    doc, lo, hi = span.doc, span.start, span.end
    while lo < hi and (doc[lo].lower_ == "the" or doc[lo].is_punct):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct and doc[hi - 1].text not in {".", ")"}):
        hi -= 1
    # "Washington, D.C." keeps its final period; a sentence's full stop is not part of a name.
    if hi > lo and doc[hi - 1].text == "." and not _abbreviation_before(doc, hi - 1):
        hi -= 1
    return doc[lo:hi]


def _abbreviation_before(doc: Doc, i: int) -> bool:
    return i > 0 and len(doc[i - 1].text) <= 3 and doc[i - 1].text.rstrip(".").isalpha()


def _known_parts(span: Span, label: str) -> list[Candidate]:
    """The toponyms an entity holds: itself if the gazetteer knows it, or its known parts."""
    span = _trim(span)
    if len(span) == 0:
        return []
    if label != "FAC":
        matches = _lookup_in_text(span.text) if _plain_name(span) else []
        if matches:
            return [Candidate(span.start, span.end, "ner", matches)]
        # "Russia-Ukraine", "Israel/Gaza": names joined into one entity.
        joins = [t.i for t in span if t.text in {"-", "–", "/"}]
        if not joins:
            return []
        out: list[Candidate] = []
        for lo, hi in zip([span.start, *(j + 1 for j in joins)], [*joins, span.end], strict=True):
            part = _trim(span.doc[lo:hi])
            found = _lookup_in_text(part.text) if len(part) else []
            if found and _looks_like_name(part):
                out.append(Candidate(part.start, part.end, "ner", found))
        return out
    # A facility is where a well-known place inside its name is ("Stade de France").
    out = []
    i = span.start
    while i < span.end:
        found_cand = None
        for j in range(min(span.end, i + MAX_NAME_TOKENS), i, -1):
            sub = span.doc[i:j]
            if not _looks_like_name(sub):
                continue
            matches = [m for m in _lookup(sub.text) if m.primary and _well_known(m)]
            if matches:
                found_cand = Candidate(i, j, "ner", matches)
                break
        if found_cand is not None:
            out.append(found_cand)
            i = found_cand.end
        else:
            i += 1
    return out


def _well_known(m: NameMatch) -> bool:
    p = m.place
    return p.feature in {"country", "admin1"} or p.capital or (p.population or 0) >= 100_000


def _looks_like_name(span: Span) -> bool:
    first, last = span[0], span[-1]
    return (
        first.text[:1].isupper()
        and last.text[:1].isupper()
        and not first.is_stop
        and _plain_name(span)
    )


def _plain_name(span: Span) -> bool:
    # "US$" is money, "North" a direction: neither is a place on its own.
    return not any(t.is_currency or t.like_num for t in span) and (
        place_key(span.text) not in _generic_words()
    )


def _after_prepositions(doc: Doc) -> list[Candidate]:
    out: list[Candidate] = []
    for tok in doc:
        if tok.lower_ not in PLACE_PREPOSITIONS:
            continue
        i = tok.i + 1
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        run_end = _name_run(doc, i)
        for j in range(run_end, i, -1):
            span = doc[i:j]
            if not _looks_like_name(span) or not _fallback_tokens_ok(span):
                continue
            matches = _own_names_if_tagged(span, _lookup_in_text(span.text))
            if any(_big_enough(m, FALLBACK_MIN_POPULATION) for m in matches):
                out.append(Candidate(i, j, "preposition", matches))
                break
    return out


def _name_run(doc: Doc, i: int) -> int:
    """End of the run of capitalised words (with name particles) starting at token i."""
    j = i
    while j < len(doc) and j - i < MAX_NAME_TOKENS:
        tok = doc[j]
        if tok.text[:1].isupper() and not tok.is_punct:
            j += 1
        elif tok.lower_ in NAME_PARTICLES and j > i and j + 1 < len(doc):
            nxt = doc[j + 1]
            if not (nxt.text[:1].isupper() or nxt.lower_ in NAME_PARTICLES):
                break
            j += 1
        else:
            break
    while j > i and doc[j - 1].lower_ in NAME_PARTICLES:
        j -= 1
    return j


def _own_names_if_tagged(span: Span, matches: list[NameMatch]) -> list[NameMatch]:
    """A name the parser calls an organisation or a person is a place only by its own name.

    GeoNames lists "Google" among Topeka's alternate names; the parser knows it is a company.
    """
    if any(t.ent_type_ for t in span):
        return [m for m in matches if m.primary]
    return matches


def _fallback_tokens_ok(span: Span) -> bool:
    # Dates, numbers and other entities the parser is sure of are not places.
    return all(t.ent_type_ in MISLABELS for t in span) and not (
        len(span) == 1 and span[0].ent_type_ in {"PERSON", "ORG"} and span[0].is_sent_start
    )


def _dateline(doc: Doc) -> list[Candidate]:
    """'AUSTIN, Texas (AP) —' and 'KABUL —': an all-capitals place opening the article."""
    j = 0
    while j < min(len(doc), 5) and doc[j].text.isupper() and doc[j].is_alpha:
        j += 1
    if j == 0 or j >= len(doc) or doc[j].text not in {",", "-", "—", "–", "("}:
        return []
    matches = _usable(_lookup(doc[0:j].text), qualifier=False)
    return [Candidate(0, j, "dateline", matches)] if matches else []


def _select(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: the longest first, the parser's own entities on ties."""
    order = {"ner": 0, "lexicon": 1, "dateline": 2, "preposition": 3, "name": 4, "qualifier": 5}
    cands.sort(key=lambda c: (-(c.end - c.start), order[c.source], c.start))
    taken: set[int] = set()
    out: list[Candidate] = []
    for c in cands:
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        out.append(c)
    out.sort(key=lambda c: c.start)
    return out


def _link_qualifiers(doc: Doc, cands: list[Candidate]) -> None:
    """'Paris, Texas': the place after the comma says which Paris, when it can enclose it."""
    by_start = {c.start: c for c in cands}
    extra: list[Candidate] = []
    for c in cands:
        comma = c.end
        if comma + 1 >= len(doc) or doc[comma].text != ",":
            continue
        q = by_start.get(comma + 1)
        if q is None:
            q = _qualifier_after(doc, comma + 1)
            if q is None or any(o.start < q.end and q.start < o.end for o in cands):
                continue
            extra.append(q)
        else:
            q.matches = _merge(q.matches, _lookup(doc[q.start : q.end].text))
        if compatible_pairs(c, q) and not in_list(doc, c, q, cands):
            c.qualifier, q.qualifies = q, c
    cands.extend(extra)
    cands.sort(key=lambda c: c.start)
    # A name that only an abbreviation makes a place ("Mo.") needs its head place.
    cands[:] = [c for c in cands if c.qualifies is not None or _standalone(c)]


def _qualifier_after(doc: Doc, i: int) -> Candidate | None:
    end = _name_run(doc, i)
    if end == i:
        # "Lexington, Ky." and "Austin, TX": an abbreviation ends the name run early.
        end = i + 1 if i < len(doc) and doc[i].text[:1].isupper() else i
    for j in range(end, i, -1):
        span = _trim(doc[i:j]) if doc[j - 1].text != "." else doc[i:j]
        if len(span) == 0:
            continue
        matches = [
            m
            for m in _lookup(span.text)
            if ENCLOSING_RANK[m.place.feature] >= 1 and _case_ok(span.text, m)
        ]
        if matches:
            return Candidate(span.start, span.end, "qualifier", matches)
    return None


def _case_ok(text: str, m: NameMatch) -> bool:
    # Postal codes must be written in capitals ("TX"), abbreviations capitalised ("Ky.").
    if m.qualifier_only and "." not in text:
        return text.isupper()
    return text[:1].isupper()


def _standalone(c: Candidate) -> bool:
    c.matches = [m for m in c.matches if not m.qualifier_only]
    return bool(c.matches)


def _merge(a: list[NameMatch], b: tuple[NameMatch, ...]) -> list[NameMatch]:
    seen = {m.place.id for m in a}
    return a + [m for m in b if m.place.id not in seen]


# ---- helpers ---------------------------------------------------------------------------------


def _lookup(text: str) -> tuple[NameMatch, ...]:
    return gazetteer().lookup(text)


def _lookup_in_text(text: str) -> list[NameMatch]:
    """Readings of a name as running text writes it (not a capitalised dateline)."""
    return _acronym_fits(text, _usable(_lookup(text), qualifier=False))


def _usable(matches: tuple[NameMatch, ...], *, qualifier: bool) -> list[NameMatch]:
    return [m for m in matches if qualifier or not m.qualifier_only]


def _acronym_fits(text: str, matches: list[NameMatch]) -> list[NameMatch]:
    """'UGA' is an acronym, not the town of Uga, and 'GAO' an office, not the region of Gao.

    Short capitals name a place only as an abbreviation the data lists: a country's ("US",
    "DRC") or a region's ("NSW").
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) <= 3 and text.upper() == text:
        return [
            m
            for m in matches
            if m.place.feature == "country" or (m.place.feature == "admin1" and not m.primary)
        ]
    return matches


def _big_enough(m: NameMatch, population: int) -> bool:
    p = m.place
    return p.feature != "city" or (p.population or 0) >= population or p.capital


@cache
def _generic_words() -> frozenset[str]:
    data = json.loads(resources.files("dyad").joinpath("data", "places.json").read_text("utf-8"))
    return frozenset(place_key(w) for w in data["generic_words"])
