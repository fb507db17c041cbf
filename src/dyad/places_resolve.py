"""Choosing among the places a toponym may be: scores from the article's own evidence.

Each candidate toponym (places.py) has every reading the gazetteer knows. A reading scores by
its size (population, or the weight of a country, region or state), then by what the rest of
the article says: a qualifier after a comma ("Paris, Texas"), the countries the article names,
the first-level regions it names and the places near its other places. A name repeated in one
article is one place.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dyad.places_gazetteer import GazPlace, NameMatch, haversine_km

# What may enclose what: a qualifier must rank above the place it qualifies.
ENCLOSING_RANK = {
    "city": 0,
    "county": 1,
    "admin1": 2,
    "region": 2,
    "sea": 2,
    "country": 3,
    "continent": 4,
}
# Prior weight of a kind of place, as the log10 of the population of a town that would weigh
# as much: a country outweighs any city of the same name, a state most towns.
FEATURE_PRIOR = {
    "country": 9.0,
    "continent": 7.2,
    "region": 6.6,
    "sea": 6.0,
    "admin1": 6.5,
    "county": 4.4,
}
# Score units: POPULATION_WEIGHT per tenfold population; the bonuses below in the same units.
POPULATION_WEIGHT = 1.5
CAPITAL_BONUS = 1.5
# An alternate name (a translation, an old name) weighs less, and much less when another
# place bears the name as its own ("Victoria" is an old name of Hong Kong).
ALTERNATE_NAME_PENALTY = 1.5
SHADOWED_ALTERNATE_PENALTY = 3.5
# A country the article names elsewhere: more the more often (up to four mentions).
CONTEXT_COUNTRY_BONUS = 2.0
CONTEXT_COUNT_BONUS = 0.6
INSIDE_NAMED_REGION_BONUS = 2.5
NEARBY_BONUS = 1.5
NEARBY_KM = 250.0
NEARBY_LAT_DEGREES = NEARBY_KM / 111  # a cheap first test: no place that far north is near
QUALIFIER_BONUS = 10.0
# A region and its namesake seat ("Gao", "Idlib") are one toponym: the city, unless a word
# after it names the region ("Idlib province").
NAMESAKE_KM = 150.0
REGION_WORDS = {
    "province", "region", "state", "governorate", "oblast", "district", "county", "prefecture",
    "department", "territory", "emirate", "canton", "municipality", "division", "provinces",
    "regions", "states",
}  # fmt: skip
# Below this, a town in a country the article does not otherwise name is doubted.
WEAK_POPULATION = 10_000


@dataclass(slots=True)
class Candidate:
    """A toponym span found in the text, with every place its name may be."""

    start: int  # token indices, end exclusive
    end: int
    source: str  # "ner" | "lexicon" | "preposition" | "dateline" | "name" | "qualifier"
    matches: list[NameMatch]
    qualifier: Candidate | None = None
    qualifies: Candidate | None = None
    scores: dict[int, float] = field(default_factory=dict)
    best: NameMatch | None = None
    supported: bool = False  # the best place's country is named elsewhere in the article
    key: str = ""  # the gazetteer key of the text
    countries: Counter[str] = field(default_factory=Counter)  # what the rest of the article names


def doubtful(c: Candidate) -> bool:
    """A small place or an alternate name far from everything else the article names.

    The gazetteer lacks most suburbs, parks and villages; when such a name happens to be an
    old name of some town abroad ("Eastern Creek"), no answer beats a wrong one.
    """
    assert c.best is not None
    p = c.best.place
    weak = not c.best.primary or (
        p.feature == "city" and (p.population or 0) < WEAK_POPULATION and not p.capital
    )
    # A bare name the parser did not call a place ("Angus" beef) needs the article's support.
    weak = weak or (c.source == "name" and p.feature in {"city", "admin1", "county"})
    return weak and not c.supported and c.qualifier is None and c.qualifies is None


def merge_namesakes(doc: Doc, c: Candidate) -> None:
    """Let the word after a name choose between a region and a town ("Washington state").

    A region and its namesake seat ("Gao", "Idlib") are one toponym: the town, unless a word
    after the name says region ("Idlib province").
    """
    says_region = c.end < len(doc) and doc[c.end].lower_ in REGION_WORDS
    regions = [m for m in c.matches if m.place.feature in {"admin1", "county"}]
    if says_region and regions:
        c.matches = regions
        return
    cities = [m for m in c.matches if m.place.feature == "city" and m.primary]
    seats = {
        id(r)
        for r in regions
        for t in cities
        if r.place.country == t.place.country
        and haversine_km(r.place.lat, r.place.lon, t.place.lat, t.place.lon) < NAMESAKE_KM
    }
    if seats:
        c.matches = [m for m in c.matches if id(m) not in seats]


def compatible_pairs(head: Candidate, q: Candidate) -> list[tuple[NameMatch, NameMatch]]:
    pairs = [(h, m) for h in head.matches for m in q.matches if encloses(m.place, h.place)]
    # A country's name is read as a region of another only when it is one ("Georgia, United
    # States"), not when some town abroad bears it ("China, Japan" is a list).
    if any(h.place.feature == "country" for h in head.matches):
        pairs = [(h, m) for h, m in pairs if h.place.feature == "admin1"]
    return pairs


def in_list(doc: Doc, head: Candidate, q: Candidate, cands: list[Candidate]) -> bool:
    """'Mali, Niger and Chad': places in a row of the same kind are a list, not qualified."""
    ends = {c.end: c for c in cands}
    starts = {c.start: c for c in cands}
    before = ends.get(head.start - 1) if head.start > 0 else None
    if before is not None and doc[head.start - 1].text in {",", "and", "or"}:
        return True
    if q.end < len(doc) and doc[q.end].text in {",", "and", "or"}:
        nxt = starts.get(q.end + 1)
        if nxt is not None and _top_rank(nxt) == _top_rank(q):
            return True
    return False


def _top_rank(c: Candidate) -> int:
    return max(ENCLOSING_RANK[m.place.feature] for m in c.matches)


def encloses(outer: GazPlace, inner: GazPlace) -> bool:
    if ENCLOSING_RANK[outer.feature] <= ENCLOSING_RANK[inner.feature]:
        return False
    if outer.feature == "continent":
        return False  # continents carry no country to check against; never a qualifier
    if outer.country is None or outer.country != inner.country:
        return False
    if outer.feature == "country":
        return True
    if outer.admin1 and inner.admin1 and not inner.admin1.split("-", 1)[1].startswith("g"):
        return outer.admin1 == inner.admin1
    # A town whose region code could not be matched, or a curated region: go by distance.
    return haversine_km(outer.lat, outer.lon, inner.lat, inner.lon) < 400


# ---- resolution ------------------------------------------------------------------------------


def resolve(cands: list[Candidate], nationalities: Counter[str], *, first: bool) -> None:
    """Score every reading of every candidate against what the rest of the article says.

    The first pass knows only the places that have one reading; the second, where the first
    put every other place. A name is never evidence for itself, even when repeated, nor is a
    candidate's own qualifier.
    """
    article = _ArticleEvidence(
        [_reading_evidence(c) if first else _chosen_evidence(c) for c in cands],
        [c.key for c in cands],
    )
    index = {id(c): k for k, c in enumerate(cands)}
    views: dict[tuple[str, int | None, int], _View] = {}  # a name repeated sees the same
    for k, c in enumerate(cands):
        qualifier = index.get(id(c.qualifier)) if c.qualifier is not None else None
        view_key = (c.key, qualifier, article.version)
        if view_key not in views:
            views[view_key] = article.view(nationalities, c.key, qualifier)
        countries, named_admin1, nearby = views[view_key]
        c.scores = {m.place.id: _score(m, c, countries, named_admin1, nearby) for m in c.matches}
        c.best = max(c.matches, key=lambda m: (c.scores[m.place.id], -m.place.id))
        c.countries = countries
        country = c.best.place.country
        c.supported = country is not None and countries[country] > 0
        if not first:  # later candidates see this one's new reading
            article.replace(k, _chosen_evidence(c))
    # A qualifier takes the reading that encloses its head's chosen place.
    for c in cands:
        if c.qualifies is not None and c.qualifies.best is not None:
            fits = [m for m in c.matches if encloses(m.place, c.qualifies.best.place)]
            if fits:
                c.best = max(fits, key=lambda m: c.scores[m.place.id])


Evidence = tuple[str | None, GazPlace | None]  # a country the candidate names; a place it is
# What a candidate sees of the others: countries, named regions, and a nearness test.
_View = tuple[Counter[str], set[str], Callable[[GazPlace], bool]]


def _reading_evidence(c: Candidate) -> Evidence:
    """The country all of c's readings share, if one; its place, if it has one reading."""
    own = {m.place.country for m in c.matches}
    only_country = next(iter(own)) if len(own) == 1 else None
    return only_country, (c.matches[0].place if len(c.matches) == 1 else None)


def _chosen_evidence(c: Candidate) -> Evidence:
    """The country and place of c's chosen reading."""
    if c.best is None:
        return None, None
    p = c.best.place
    return p.country or None, p


class _ArticleEvidence:
    """What all candidates say, summed, so each candidate's view (everything but its own
    name's candidates and its qualifier) is the whole less its part rather than a rescan."""

    def __init__(self, parts: list[Evidence], keys: list[str]) -> None:
        self.parts, self.keys = parts, keys
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[str] = Counter()
        self.key_countries: dict[str, Counter[str]] = {}
        self.key_admin1: dict[str, Counter[str]] = {}
        # nearby places by band of latitude, each with the candidate it came from
        self.bands: dict[int, dict[int, GazPlace]] = {}
        self.version = 0  # changes with every change of a part: views of older versions are stale
        for k in range(len(parts)):
            self._count(k, 1)

    def replace(self, k: int, part: Evidence) -> None:
        old = self.parts[k]
        if part[0] == old[0] and part[1] is old[1]:
            return
        self._count(k, -1)
        self.parts[k] = part
        self._count(k, 1)
        self.version += 1

    def _count(self, k: int, sign: int) -> None:
        country, place = self.parts[k]
        key = self.keys[k]
        if country is not None:
            self.countries[country] += sign
            self.key_countries.setdefault(key, Counter())[country] += sign
        if place is None:
            return
        region = _named_region(place)
        if region is not None:
            self.admin1[region] += sign
            self.key_admin1.setdefault(key, Counter())[region] += sign
        if place.feature in {"city", "county", "admin1"}:
            band = self.bands.setdefault(_band(place.lat), {})
            if sign > 0:
                band[k] = place
            else:
                del band[k]

    def view(self, nationalities: Counter[str], key: str, qualifier: int | None) -> _View:
        """Countries, named regions and a nearness test from every candidate but those of
        `key` and the candidate at index `qualifier`."""
        countries = Counter(nationalities)
        countries.update(self.countries)
        countries.subtract(self.key_countries.get(key, {}))
        admin1 = Counter(self.admin1)
        admin1.subtract(self.key_admin1.get(key, {}))
        if qualifier is not None and self.keys[qualifier] != key:
            q_country, q_place = self.parts[qualifier]
            if q_country is not None:
                countries[q_country] -= 1
            q_region = _named_region(q_place) if q_place is not None else None
            if q_region is not None:
                admin1[q_region] -= 1
        keys, bands = self.keys, self.bands
        known: dict[int, bool] = {}

        def nearby(p: GazPlace) -> bool:
            if p.id in known:
                return known[p.id]
            band = _band(p.lat)
            known[p.id] = found = any(
                abs(o.lat - p.lat) < NEARBY_LAT_DEGREES
                and o.id != p.id
                and keys[k] != key
                and k != qualifier
                and haversine_km(o.lat, o.lon, p.lat, p.lon) < NEARBY_KM
                for b in (band - 1, band, band + 1)
                for k, o in bands.get(b, {}).items()
            )
            return found

        return +countries, {a for a, n in admin1.items() if n > 0}, nearby


def _named_region(place: GazPlace) -> str | None:
    """The first-level region a place names as evidence: its own, if it is a region or county."""
    return place.admin1 if place.feature in {"admin1", "county"} and place.admin1 else None


def _band(lat: float) -> int:
    """Latitude bands NEARBY_LAT_DEGREES wide: a place near another is in its band or the next."""
    return math.floor(lat / NEARBY_LAT_DEGREES)


def one_sense(cands: list[Candidate]) -> None:
    """A name repeated in one article means one place: the reading all its uses favour most.

    A use with a qualifier ("Paris, Texas") keeps its own reading and does not vote.
    """
    groups: dict[str, list[Candidate]] = {}
    for c in cands:
        if c.qualifier is None and c.qualifies is None:
            groups.setdefault(c.key, []).append(c)
    for group in groups.values():
        if len(group) < 2:
            continue
        totals: dict[int, float] = {}
        for c in group:
            for pid, sc in c.scores.items():
                totals[pid] = totals.get(pid, 0.0) + sc
        for c in group:
            c.best = max(c.matches, key=lambda m: (totals.get(m.place.id, 0.0), -m.place.id))
            country = c.best.place.country
            c.supported = country is not None and c.countries[country] > 0


def _score(
    m: NameMatch,
    c: Candidate,
    countries: Counter[str],
    named_admin1: set[str],
    nearby: Callable[[GazPlace], bool],
) -> float:
    p = m.place
    shadowed = any(o.primary and o.place.feature == p.feature and o is not m for o in c.matches)
    score = _prior(m, shadowed=shadowed)
    if p.country and countries[p.country] > 0:
        score += CONTEXT_COUNTRY_BONUS + CONTEXT_COUNT_BONUS * min(countries[p.country], 4)
    # Being inside a region the article names, or near its other places, count once.
    if p.feature in {"city", "county"} and p.admin1 in named_admin1:
        score += INSIDE_NAMED_REGION_BONUS
    elif p.feature in {"city", "county", "admin1"} and nearby(p):
        score += NEARBY_BONUS
    if c.qualifier is not None:
        fits = any(encloses(q.place, p) for q in c.qualifier.matches)
        score += QUALIFIER_BONUS if fits else -QUALIFIER_BONUS
    if c.qualifies is not None:
        fits = any(encloses(p, h.place) for h in c.qualifies.matches)
        score += QUALIFIER_BONUS if fits else -QUALIFIER_BONUS
    return score


def _prior(m: NameMatch, shadowed: bool) -> float:
    p = m.place
    if p.feature == "city":
        prior = math.log10(max(p.population or 0, 100))
    else:
        prior = FEATURE_PRIOR[p.feature]
    prior *= POPULATION_WEIGHT
    if p.capital:
        prior += CAPITAL_BONUS
    if not m.primary:
        prior -= SHADOWED_ALTERNATE_PENALTY if shadowed else ALTERNATE_NAME_PENALTY
    return prior
