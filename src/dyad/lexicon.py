"""Actor lexicon: countries, organisations, armed groups and sector terms, loaded from data files.

Every surface form maps to one `Entry`. The data lives in src/dyad/data (countries.json,
igos.json, groups.json, sectors.tsv); users add their own with `load_lexicon(extra=[path])`.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from dyad.errors import DataError

FormType = Literal[
    "name", "adjective", "demonym", "capital", "metonym", "igo", "group", "title", "collective"
]

# Words that name an organisation only with "the" before them ("the Fund" is the IMF).
GENERIC_HEADS = frozenset(
    "bank fund alliance court council commission union assembly parliament agency "
    "organization organisation body group committee tribunal".split()
)
# Forms that only count in these kinds of syntactic slot.
STATE_FORMS = ("name", "capital", "metonym")


@dataclass(frozen=True, slots=True)
class Entry:
    form: str
    form_type: FormType
    country: str | None = None
    igo: str | None = None
    sector: tuple[str, ...] = ()
    kind: str = "state"
    # Forms that are also ordinary words or other places need their written capitalisation.
    case_sensitive: bool = False


@dataclass(slots=True)
class Lexicon:
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    # ISO3 -> the country's short name, for display.
    country_names: dict[str, str] = field(default_factory=dict)
    # Every form as written: the tokenizer splits "U.S." and "u.s." differently.
    surfaces: set[str] = field(default_factory=set)

    def add(self, entry: Entry) -> None:
        for variant in surface_variants(entry.form):
            self.surfaces.add(variant)
            bucket = self.entries.setdefault(normalise_key(variant), [])
            if entry not in bucket:
                bucket.append(entry)

    def lookup(self, text: str) -> list[Entry]:
        return self.entries.get(normalise_key(text), [])

    def forms(self) -> Iterator[str]:
        """Every surface form as written, for building matchers."""
        yield from sorted(self.surfaces)


def strip_accents(text: str) -> str:
    if text.isascii():
        return text  # nothing to strip, and most news text is ASCII
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_key(text: str) -> str:
    """The lookup key of a surface form: lower case, straight apostrophes, single spaces."""
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    return " ".join(text.lower().split())


def surface_variants(form: str) -> set[str]:
    """A form as news may write it: with and without accents, with "the" dropped."""
    variants = {form, strip_accents(form)}
    for v in list(variants):
        rest = v[4:]
        # "the Kremlin" is also "Kremlin"; "the Bank" is not every "Bank"
        if v.lower().startswith("the ") and rest.lower() not in GENERIC_HEADS:
            variants.add(rest)
    return variants


def _data_path(name: str) -> Any:
    return resources.files("dyad").joinpath("data", name)


def _read_json(name: str) -> Any:
    try:
        return json.loads(_data_path(name).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(
            f"dyad's data file {name} is missing or not valid JSON ({exc}); reinstall dyad"
        ) from exc


def _items(obj: Any) -> Iterable[dict[str, Any]]:
    """Data files hold a list of objects, possibly under one key beside an "about" note."""
    if isinstance(obj, list):
        yield from obj
        return
    if not isinstance(obj, dict):
        raise DataError("a lexicon file must hold a list of objects")
    lists = [v for k, v in obj.items() if isinstance(v, list) and not k.startswith("_")]
    if len(lists) != 1:
        raise DataError("a lexicon file must hold one list of objects (beside an 'about' note)")
    yield from lists[0]


def _text_and_sector(item: Any) -> tuple[str, tuple[str, ...]]:
    if isinstance(item, str):
        return item, ()
    return str(item["text"]), tuple(item.get("sector") or ())


def add_countries(lex: Lexicon, data: Any) -> None:
    for country in _items(data):
        iso3 = country["iso3"]
        ambiguous = {normalise_key(a) for a in country.get("ambiguous", [])}
        names = country.get("names") or []
        if names:
            lex.country_names.setdefault(iso3, _text_and_sector(names[0])[0])
        for form_type, key in (
            ("name", "names"),
            ("adjective", "adjectives"),
            ("demonym", "demonyms"),
            ("capital", "capitals"),
            ("metonym", "metonyms"),
        ):
            for item in country.get(key, []) or []:
                text, sector = _text_and_sector(item)
                if form_type in {"metonym", "capital"} and not sector:
                    sector = ("GOV",)
                lex.add(
                    Entry(
                        form=text,
                        form_type=form_type,  # type: ignore[arg-type]
                        country=iso3,
                        sector=sector,
                        kind="state",
                        case_sensitive=normalise_key(text) in ambiguous or _needs_case(text),
                    )
                )


def add_igos(lex: Lexicon, data: Any) -> None:
    for igo in _items(data):
        acronym = igo.get("acronym") or igo.get("igo")
        sector = tuple(igo.get("sector") or ())
        ambiguous = {normalise_key(a) for a in igo.get("ambiguous", [])}
        for item in [acronym, *igo.get("names", []), *igo.get("aliases", [])]:
            if not item or (isinstance(item, str) and "_" in item):
                continue
            text, own_sector = _text_and_sector(item)
            lex.add(
                Entry(
                    form=text,
                    form_type="igo",
                    igo=acronym,
                    sector=own_sector or sector,
                    kind="organisation",
                    case_sensitive=normalise_key(text) in ambiguous or _needs_case(text),
                )
            )


def add_groups(lex: Lexicon, data: Any) -> None:
    for group in _items(data):
        sector = tuple(group.get("sector") or ())
        for name in group.get("names", []):
            lex.add(
                Entry(
                    form=name,
                    form_type="group",
                    country=group.get("country"),
                    sector=sector,
                    kind="group",
                    case_sensitive=_needs_case(name) or name[:1].isupper(),
                )
            )


def add_sector_terms(lex: Lexicon, rows: Iterable[dict[str, str]]) -> None:
    for row in rows:
        term = (row.get("term") or "").strip()
        if not term or term.startswith("#"):
            continue
        sectors = tuple(s for s in (row.get("sectors") or "").replace(",", " ").split() if s)
        kind = (row.get("kind") or "both").strip()
        if kind == "modifier":
            continue  # "former" changes another term's sector; not an actor on its own
        form_type: FormType = "title" if kind in {"title", "both"} else "collective"
        lex.add(Entry(form=term, form_type=form_type, sector=sectors, kind=kind))


def _needs_case(text: str) -> bool:
    # Acronyms ("US", "UN", "AU") collide with words ("us", "un", "au") unless written in capitals.
    letters = [c for c in text if c.isalpha()]
    return len(letters) <= 4 and text.upper() == text


def _read_sector_rows(text: str) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@cache
def default_lexicon() -> Lexicon:
    """dyad's own lexicon, loaded once per process."""
    lex = Lexicon()
    add_countries(lex, _read_json("countries.json"))
    add_igos(lex, _read_json("igos.json"))
    add_groups(lex, _read_json("groups.json"))
    add_sector_terms(lex, _read_sector_rows(_data_path("sectors.tsv").read_text(encoding="utf-8")))
    return lex


@cache
def former_modifiers() -> frozenset[str]:
    """The words of sectors.tsv's modifier rows ("former", "ex-", "retired"): a title they
    qualify names someone out of office, coded ELI."""
    rows = _read_sector_rows(_data_path("sectors.tsv").read_text(encoding="utf-8"))
    return frozenset(
        normalise_key(row["term"]).rstrip("-")
        for row in rows
        if (row.get("kind") or "").strip() == "modifier" and "ELI" in (row.get("sectors") or "")
    )


_FRENCH: dict[int, tuple[Lexicon, Lexicon]] = {}


def french_lexicon(base: Lexicon) -> Lexicon:
    """`base` plus the French names of data/actors_fr.json ("la Chine", "le Kremlin",
    "ministre des Affaires étrangères"), kept apart so English articles never match them."""
    cached = _FRENCH.get(id(base))
    if cached is not None and cached[0] is base:
        return cached[1]
    lex = Lexicon(
        entries={k: list(v) for k, v in base.entries.items()},
        country_names=dict(base.country_names),
        surfaces=set(base.surfaces),
    )
    data = _read_json("actors_fr.json")
    add_countries(lex, data["countries"])
    add_igos(lex, data["igos"])
    add_sector_terms(lex, data["sectors"])
    _FRENCH[id(base)] = (base, lex)
    _FRENCH[id(lex)] = (lex, lex)  # already French
    return lex


def load_lexicon(extra: Iterable[str | Path] = ()) -> Lexicon:
    """dyad's lexicon plus the user's own actor files (JSON with countries/igos/groups keys)."""
    extra = list(extra)
    if not extra:
        return default_lexicon()
    base = default_lexicon()
    lex = Lexicon(
        entries={k: list(v) for k, v in base.entries.items()},
        country_names=dict(base.country_names),
        surfaces=set(base.surfaces),
    )
    for path in extra:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DataError(f"cannot read the actor file {path}: {exc}") from exc
        add_countries(lex, data.get("countries", []))
        add_igos(lex, data.get("igos", []))
        add_groups(lex, data.get("groups", []))
        add_sector_terms(lex, data.get("sectors", []))
    return lex


@dataclass(frozen=True, slots=True)
class Role:
    sector: tuple[str, ...]
    start: str  # "YYYY" or "YYYY-MM"
    end: str | None  # exclusive; None while in office
    country: str | None
    igo: str | None


@dataclass(frozen=True, slots=True)
class KnownPerson:
    name: str
    roles: tuple[Role, ...]

    def role_at(self, date: str | None) -> Role | None:
        """The role held on `date` (ISO date or prefix); the latest one when undated."""
        if not self.roles:
            return None
        if not date:
            return self.roles[-1]
        month = date[:7]
        held = [
            r
            for r in self.roles
            if _month(r.start) <= month and (r.end is None or month < _month(r.end))
        ]
        if not held:
            ended = [r for r in self.roles if r.end is not None and _month(r.end) <= month]
            if len(ended) == len(self.roles):
                last = max(ended, key=lambda r: _month(str(r.end)))
                # Out of every office the data lists (retired, or died in office): still the
                # state's figure, as a former official (CAMEO ELI), as "former official" roles say.
                return replace(last, sector=("ELI",), start=str(last.end), end=None)
            return None
        # An office outranks the "former official" standing that overlaps it.
        return sorted(held, key=lambda r: r.sector == ("ELI",))[0]


def _month(value: str) -> str:
    return value if len(value) >= 7 else f"{value}-01"


@cache
def known_persons() -> dict[str, list[KnownPerson]]:
    """dyad's curated lexicon of political figures (data/persons.json), by name and alias."""
    data = _read_json("persons.json")
    index: dict[str, list[KnownPerson]] = {}
    for item in _items(data):
        roles = tuple(
            Role(
                sector=tuple(r.get("sector") or ()),
                start=str(r.get("start") or "0000"),
                end=r.get("end"),
                country=r.get("country", item.get("country")) if "igo" not in r else None,
                igo=r.get("igo") or (item.get("igo") if "country" not in r else None),
            )
            for r in item.get("roles", [])
        )
        person = KnownPerson(name=item["name"], roles=roles)
        for form in {item["name"], *item.get("aliases", [])}:
            for variant in surface_variants(form):
                # "Erdoğan" and its alias "Erdogan" share a key: one person, not two namesakes
                bucket = index.setdefault(normalise_key(variant), [])
                if not any(p is person for p in bucket):
                    bucket.append(person)
    # French spellings ("Vladimir Poutine") of listed persons, from actors_fr.json
    for alias, name in _read_json("actors_fr.json")["persons"].items():
        for person in list(index.get(normalise_key(name), [])):
            for variant in surface_variants(alias):
                bucket = index.setdefault(normalise_key(variant), [])
                if person not in bucket:
                    bucket.append(person)
    return index


@cache
def _name_variants() -> dict[str, str]:
    groups: list[list[str]] = _read_json("name_variants.json")["variants"]
    return {word: group[0] for group in groups for word in group}


def variant_key(text: str) -> str:
    """A name's key with each given name or particle in one spelling ("Mohamed Hussein" and
    "Muhammad Husain" agree), for names news transliterates more than one way."""
    variants = _name_variants()
    words = []
    for word in normalise_key(strip_accents(text)).split():
        parts = []
        for part in word.replace("-", "- ").split():
            parts.append(variants.get(part, part))
        words.append("".join(parts))
    return " ".join(words)


@cache
def _persons_by_variant() -> dict[str, list[KnownPerson]]:
    index: dict[str, list[KnownPerson]] = {}
    for key, persons in known_persons().items():
        bucket = index.setdefault(variant_key(key), [])
        bucket.extend(p for p in persons if not any(q is p for q in bucket))
    return index


def _first_run(key: str) -> str:
    match = re.match(r"[^\W\d_]+", key)
    return match.group(0) if match else key


@cache
def _person_first_words() -> frozenset[str]:
    keys = [*known_persons(), *_persons_by_variant()]
    return frozenset(_first_run(strip_accents(k)) for k in keys)


# Both run on every capitalised word of every article; the words repeat, the answers do not change.
@lru_cache(maxsize=1 << 16)
def may_start_known_person(word: str) -> bool:
    """A cheap test before find_known_persons: can a listed name begin with this word?"""
    plain = strip_accents(normalise_key(word))
    first = _first_run(plain)
    return (
        first in _person_first_words() or _name_variants().get(first, "") in _person_first_words()
    )


@lru_cache(maxsize=1 << 16)
def find_known_persons(text: str) -> list[KnownPerson]:
    """The listed figures a name denotes: as written, else in another common spelling.
    The list is shared: callers must not change it."""
    found = known_persons().get(normalise_key(text))
    if found:
        return found
    return _persons_by_variant().get(variant_key(text), [])
