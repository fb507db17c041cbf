"""The shipped lexicons (countries, IGOs, groups, sector terms): complete and consistent."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import pytest

IGO_ACRONYMS = {
    "UN", "EU", "NATO", "AU", "ECOWAS", "AES", "ASEAN", "ARAB_LEAGUE", "GCC", "OPEC", "ICC", "ICJ",
    "IAEA", "IMF", "WORLD_BANK", "WHO", "WTO", "OSCE", "COE", "BRICS", "G7", "G20", "SCO", "OAS",
    "CARICOM", "SADC", "EAC", "IGAD",
}  # fmt: skip
SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "IMG", "BUS", "MED", "NGO", "CVL",
    "REL", "EDU", "HLH", "LAB", "AGR", "ELI", "SPY", "REF", "CRM", "UAF", "PRM", "PRE",
}  # fmt: skip
# Territories with no capital at all; each carries a "note" saying so.
NO_CAPITAL = {"ATA", "BVT", "HMD", "UMI"}
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _data(name: str) -> str:
    return resources.files("dyad").joinpath("data", name).read_text(encoding="utf-8")


@cache
def countries() -> list[dict[str, Any]]:
    return json.loads(_data("countries.json"))["countries"]


@cache
def igos() -> list[dict[str, Any]]:
    return json.loads(_data("igos.json"))["igos"]


@cache
def groups() -> list[dict[str, Any]]:
    return json.loads(_data("groups.json"))["groups"]


@cache
def sector_rows() -> list[dict[str, str]]:
    lines = [ln for ln in _data("sectors.tsv").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _text(form: str | dict[str, Any]) -> str:
    return form if isinstance(form, str) else form["text"]


def _key(form: str) -> str:
    """A leading lower-case 'the' is optional when matching (the Kremlin / Kremlin spokesman)."""
    return form[4:] if form.startswith("the ") else form


def country_forms(entry: dict[str, Any]) -> list[str]:
    fields = ("names", "adjectives", "demonyms", "capitals")
    return [f for k in fields for f in entry[k]] + [_text(m) for m in entry["metonyms"]]


@cache
def surface_index() -> dict[str, set[str]]:
    """Every surface form in the three lexicons -> the entities it names ("RUS", "igo:UN", ...)."""
    index: dict[str, set[str]] = defaultdict(set)
    for c in countries():
        for f in country_forms(c):
            index[_key(f)].add(c["iso3"])
    for i in igos():
        for a in i["aliases"]:
            index[_key(_text(a))].add("igo:" + i["acronym"])
    for g in groups():
        for n in g["names"]:
            index[_key(n)].add("group:" + g["name"])
    return index


@cache
def ambiguous_index() -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for c in countries():
        for f in c["ambiguous"]:
            index[_key(f)].add(c["iso3"])
    for i in igos():
        for f in i["ambiguous"]:
            index[_key(f)].add("igo:" + i["acronym"])
    for g in groups():
        for f in g["ambiguous"]:
            index[_key(f)].add("group:" + g["name"])
    return index


def resolve(form: str) -> set[str]:
    return surface_index().get(_key(form), set())


def group(name: str) -> dict[str, Any]:
    hits = [g for g in groups() if _key(name) in {_key(n) for n in g["names"]}]
    assert len(hits) == 1, name
    return hits[0]


# --- countries ------------------------------------------------------------------------------


def test_every_iso_country_and_the_extra_states_are_present() -> None:
    codes = [c["iso3"] for c in countries()]
    assert len(codes) == len(set(codes))
    expected = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    assert set(codes) == expected
    assert {"PSE", "TWN", "XKX"} <= set(codes)


@pytest.mark.parametrize("field", ["names", "adjectives"])
def test_every_country_has_names_and_an_adjective(field: str) -> None:
    missing = [c["iso3"] for c in countries() if not c[field]]
    assert missing == []


def test_every_country_has_a_capital_unless_it_has_none() -> None:
    missing = {c["iso3"] for c in countries() if not c["capitals"]}
    assert missing == NO_CAPITAL
    for c in countries():
        if c["iso3"] in NO_CAPITAL:
            assert "capital" in c["note"]


def test_country_entries_are_well_formed() -> None:
    for c in countries():
        assert re.fullmatch(r"[A-Z]{3}", c["iso3"])
        assert c["names"][0] == c["name"]  # the display name leads
        for field in ("names", "adjectives", "demonyms", "capitals", "ambiguous"):
            assert all(isinstance(f, str) and f == f.strip() and f for f in c[field]), c["iso3"]
        for m in c["metonyms"]:
            if isinstance(m, dict):
                assert set(m) == {"text", "sector"} and set(m["sector"]) <= SECTORS, m
        forms = {_key(f) for f in country_forms(c)}
        assert {_key(a) for a in c["ambiguous"]} <= forms, c["iso3"]


def test_pycountry_short_names_are_listed() -> None:
    # pycountry calls Congo-Brazzaville "Congo"; news uses bare "Congo" for the DRC (COD).
    deliberate = {("COG", "Congo")}
    for country in pycountry.countries:
        entry = next(c for c in countries() if c["iso3"] == country.alpha_3)
        for name in (country.name, getattr(country, "common_name", None)):
            if (country.alpha_3, name) in deliberate:
                continue
            if name and not re.search(r"[,(]", name):
                assert name in entry["names"] or "the " + name in entry["names"], name


def test_no_surface_form_names_two_things_unless_marked_ambiguous() -> None:
    clashes = {
        form: sorted(owners)
        for form, owners in surface_index().items()
        if len(owners) > 1 and not owners <= ambiguous_index().get(form, set())
    }
    assert clashes == {}


@pytest.mark.parametrize(
    ("form", "iso3"),
    [
        ("the Kremlin", "RUS"),
        ("Kremlin", "RUS"),
        ("Moscow", "RUS"),
        ("Russian Federation", "RUS"),
        ("Bamako", "MLI"),
        ("Malian", "MLI"),
        ("Malians", "MLI"),
        ("Paris", "FRA"),
        ("the Élysée", "FRA"),
        ("Elysee", "FRA"),
        ("Quai d'Orsay", "FRA"),
        ("the French", "FRA"),
        ("Washington", "USA"),
        ("U.S.", "USA"),
        ("USA", "USA"),
        ("America", "USA"),
        ("the United States of America", "USA"),
        ("Foggy Bottom", "USA"),
        ("the White House", "USA"),
        ("Americans", "USA"),
        ("UK", "GBR"),
        ("U.K.", "GBR"),
        ("Great Britain", "GBR"),
        ("Downing Street", "GBR"),
        ("Whitehall", "GBR"),
        ("Britons", "GBR"),
        ("Beijing", "CHN"),
        ("Zhongnanhai", "CHN"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("the Blue House", "KOR"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Tehran", "IRN"),
        ("Israelis", "ISR"),
        ("Palestinians", "PSE"),
        ("Gaza", "PSE"),
        ("West Bank", "PSE"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("DR Congo", "COD"),
        ("DRC", "COD"),
        ("Democratic Republic of the Congo", "COD"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Nigerian", "NGA"),
        ("Nigerien", "NER"),
        ("Taiwan", "TWN"),
        ("Taipei", "TWN"),
        ("Kosovo", "XKX"),
        ("Pristina", "XKX"),
        ("Republic of Korea", "KOR"),
        ("Laos", "LAO"),
        ("Vietnam", "VNM"),
        ("Tanzania", "TZA"),
        ("Moldova", "MDA"),
    ],
)
def test_country_spot_checks(form: str, iso3: str) -> None:
    assert resolve(form) == {iso3}


def test_the_pentagon_is_the_us_military() -> None:
    usa = next(c for c in countries() if c["iso3"] == "USA")
    assert {"text": "the Pentagon", "sector": ["MIL"]} in usa["metonyms"]


@pytest.mark.parametrize(
    ("form", "iso3"),
    [
        ("Georgia", "GEO"),
        ("Jordan", "JOR"),
        ("Chad", "TCD"),
        ("Niger", "NER"),
        ("Guinea", "GIN"),
        ("Congo", "COD"),
        ("Dominica", "DMA"),
        ("Turkey", "TUR"),
        ("China", "CHN"),
        ("US", "USA"),
        ("Washington", "USA"),
        ("Brussels", "BEL"),
    ],
)
def test_risky_forms_are_marked_ambiguous(form: str, iso3: str) -> None:
    assert iso3 in ambiguous_index()[form]


def test_shared_forms_are_ambiguous_in_every_owner() -> None:
    assert resolve("Congolese") == {"COD", "COG"}
    assert resolve("Dominican") == {"DMA", "DOM"}
    assert resolve("Brussels") == {"BEL", "igo:EU"}
    assert ambiguous_index()["Brussels"] == {"BEL", "igo:EU"}


def test_no_ordinary_cities() -> None:
    # Places that are not capitals or seats of government must not be actors.
    cities = ("Lagos", "Istanbul", "Karachi", "Shanghai", "Mumbai", "Goma", "Timbuktu", "Aleppo")
    for city in cities:
        assert resolve(city) == set(), city


# --- IGOs -----------------------------------------------------------------------------------


def test_every_igo_acronym_is_present() -> None:
    assert {i["acronym"] for i in igos()} == IGO_ACRONYMS
    assert len(igos()) == len(IGO_ACRONYMS)


def test_igo_acronyms_match_records_md() -> None:
    spec = SHARED / "spec" / "records.md"
    if not spec.exists():
        pytest.skip(f"{spec} not available")
    text = " ".join(spec.read_text(encoding="utf-8").split())
    listed = re.search(r"IGO acronyms: ([A-Z0-9_, ]+)\.", text)
    assert listed is not None
    assert {a.strip() for a in listed.group(1).split(",")} == IGO_ACRONYMS


def test_igo_entries_are_well_formed() -> None:
    for i in igos():
        assert i["name"] and i["aliases"]
        texts = [_text(a) for a in i["aliases"]]
        assert len(texts) == len(set(texts)), i["acronym"]
        for a in i["aliases"]:
            if isinstance(a, dict):
                assert set(a) == {"text", "sector"} and set(a["sector"]) <= SECTORS, a
        assert set(i["ambiguous"]) <= set(texts), i["acronym"]


@pytest.mark.parametrize(
    ("form", "acronym"),
    [
        ("United Nations", "UN"),
        ("U.N.", "UN"),
        ("Security Council", "UN"),
        ("UN Security Council", "UN"),
        ("UNSC", "UN"),
        ("General Assembly", "UN"),
        ("UNICEF", "UN"),
        ("UNHCR", "UN"),
        ("WFP", "UN"),
        ("OCHA", "UN"),
        ("UNRWA", "UN"),
        ("MINUSMA", "UN"),
        ("MONUSCO", "UN"),
        ("UNIFIL", "UN"),
        ("European Commission", "EU"),
        ("European Parliament", "EU"),
        ("European Council", "EU"),
        ("Alliance of Sahel States", "AES"),
        ("International Criminal Court", "ICC"),
        ("International Court of Justice", "ICJ"),
        ("World Court", "ICJ"),
        ("World Bank", "WORLD_BANK"),
        ("Council of Europe", "COE"),
        ("European Court of Human Rights", "COE"),
        ("League of Arab States", "ARAB_LEAGUE"),
        ("UN nuclear watchdog", "IAEA"),
        ("World Health Organization", "WHO"),
        ("Group of Seven", "G7"),
        ("Shanghai Cooperation Organisation", "SCO"),
        ("Intergovernmental Authority on Development", "IGAD"),
    ],
)
def test_igo_spot_checks(form: str, acronym: str) -> None:
    assert resolve(form) == {"igo:" + acronym}


def test_igo_sectors_where_implied() -> None:
    eu = next(i for i in igos() if i["acronym"] == "EU")
    assert {"text": "European Parliament", "sector": ["LEG"]} in eu["aliases"]
    icc = next(i for i in igos() if i["acronym"] == "ICC")
    assert {"text": "International Criminal Court", "sector": ["JUD"]} in icc["aliases"]


# --- groups ---------------------------------------------------------------------------------


def test_groups_are_well_formed() -> None:
    iso3 = {c["iso3"] for c in countries()}
    kinds = {"armed_group", "state_force", "agency", "party", "criminal", "government"}
    assert len(groups()) >= 80
    for g in groups():
        assert g["names"] and g["sector"] and set(g["sector"]) <= SECTORS, g["name"]
        assert g["kind"] in kinds
        assert g["country"] is None or g["country"] in iso3, g["name"]
        # records.md: a transnational armed group has no country and sector IMG, and only it.
        assert (g["country"] is None) == ("IMG" in g["sector"]), g["name"]
        assert set(g["ambiguous"]) <= set(g["names"]), g["name"]


def test_groups_cover_every_continent() -> None:
    continent = {
        "PSE": "Asia", "LBN": "Asia", "AFG": "Asia", "MMR": "Asia", "PHL": "Asia",
        "NGA": "Africa", "SOM": "Africa", "SDN": "Africa", "COD": "Africa", "MLI": "Africa",
        "COL": "Americas", "MEX": "Americas", "HTI": "Americas", "PER": "Americas",
        "GBR": "Europe", "UKR": "Europe", "DEU": "Europe", "TUR": "Europe",
    }  # fmt: skip
    seen = {continent.get(g["country"]) for g in groups()}
    assert {"Asia", "Africa", "Americas", "Europe"} <= seen


@pytest.mark.parametrize(
    ("form", "country", "sector"),
    [
        ("Hamas", "PSE", "REB"),
        ("Islamic Jihad", "PSE", "REB"),
        ("Hezbollah", "LBN", "REB"),
        ("Houthis", "YEM", "REB"),
        ("Ansar Allah", "YEM", "REB"),
        ("Taliban", "AFG", "GOV"),
        ("Islamic State", None, "IMG"),
        ("ISIS", None, "IMG"),
        ("ISIL", None, "IMG"),
        ("Daesh", None, "IMG"),
        ("al-Qaeda", None, "IMG"),
        ("Al-Qaeda", None, "IMG"),
        ("JNIM", None, "IMG"),
        ("AQIM", None, "IMG"),
        ("ISWAP", None, "IMG"),
        ("Wagner Group", "RUS", "MIL"),
        ("Africa Corps", "RUS", "MIL"),
        ("al-Shabaab", "SOM", "REB"),
        ("Boko Haram", "NGA", "REB"),
        ("M23", "COD", "REB"),
        ("Rapid Support Forces", "SDN", "REB"),
        ("RSF", "SDN", "REB"),
        ("Sudanese Armed Forces", "SDN", "MIL"),
        ("PKK", "TUR", "REB"),
        ("SDF", "SYR", "REB"),
        ("HTS", "SYR", "REB"),
        ("Tatmadaw", "MMR", "MIL"),
        ("Arakan Army", "MMR", "REB"),
        ("ADF", "COD", "REB"),
        ("FARC", "COL", "REB"),
        ("ELN", "COL", "REB"),
        ("TTP", "PAK", "REB"),
        ("BLA", "PAK", "REB"),
        ("FDLR", "RWA", "REB"),
        ("Quds Force", "IRN", "MIL"),
        ("CIA", "USA", "SPY"),
        ("FSB", "RUS", "SPY"),
        ("BJP", "IND", "PTY"),
    ],
)
def test_group_spot_checks(form: str, country: str | None, sector: str) -> None:
    g = group(form)
    assert g["country"] == country
    assert sector in g["sector"]


# --- sector terms ---------------------------------------------------------------------------


def test_sector_table_is_well_formed() -> None:
    rows = sector_rows()
    assert len(rows) >= 200
    assert list(rows[0]) == ["term", "sectors", "kind", "note"]
    keys = [r["term"] if r["term"] != r["term"].lower() else r["term"].casefold() for r in rows]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    for r in rows:
        assert r["term"] and r["term"] == r["term"].strip(), r
        assert r["kind"] in {"title", "collective", "both", "modifier"}, r
        assert set(r["sectors"].split(",")) <= SECTORS, r


@pytest.mark.parametrize(
    ("term", "sectors", "kind"),
    [
        ("president", "GOV", "both"),
        ("prime minister", "GOV", "both"),
        ("foreign minister", "GOV", "both"),
        ("defence minister", "GOV,MIL", "both"),
        ("spokesman", "GOV", "both"),
        ("ambassador", "GOV", "both"),
        ("authorities", "GOV", "collective"),
        ("junta", "GOV,MIL", "collective"),
        ("army", "MIL", "collective"),
        ("troops", "MIL", "collective"),
        ("general", "MIL", "both"),
        ("police", "COP", "collective"),
        ("security forces", "COP", "collective"),
        ("judge", "JUD", "both"),
        ("prosecutor", "JUD", "both"),
        ("lawmakers", "LEG", "collective"),
        ("senator", "LEG", "both"),
        ("MPs", "LEG", "collective"),
        ("opposition", "OPP", "collective"),
        ("party", "PTY", "collective"),
        ("rebels", "REB", "collective"),
        ("insurgents", "REB", "collective"),
        ("separatists", "REB", "collective"),
        ("militants", "REB", "collective"),
        ("civilians", "CVL", "collective"),
        ("journalists", "MED", "collective"),
        ("companies", "BUS", "collective"),
        ("NGO", "NGO", "collective"),
        ("activists", "NGO", "collective"),
        ("imam", "REL", "both"),
        ("pope", "REL", "both"),
        ("refugees", "REF", "collective"),
        ("former", "ELI", "modifier"),
    ],
)
def test_sector_spot_checks(term: str, sectors: str, kind: str) -> None:
    row = next(r for r in sector_rows() if r["term"] == term)
    assert (row["sectors"], row["kind"]) == (sectors, kind)


# --- agreement with the NGEC actor cases (development data, when present) -------------------


def test_lexicon_agrees_with_ngec_cases_it_covers() -> None:
    cases = SHARED / "data" / "actors" / "ngec_actor_tests.jsonl"
    if not cases.exists():
        pytest.skip(f"{cases} not available")
    checked = 0
    for line in cases.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if case["pytest"] != "run" or "country" not in case["asserts"] or case["country"] is None:
            continue
        text = case["text"].strip()
        owners = resolve(text)
        states = {o for o in owners if not o.startswith(("igo:", "group:"))}
        if states:
            assert states == {case["country"]}, text
            checked += 1
        elif any(o.startswith("group:") for o in owners):
            assert group(text)["country"] == case["country"], text
            checked += 1
    assert checked >= 20


def test_name_variants_are_lower_case_and_in_one_group() -> None:
    data = json.loads(resources.files("dyad").joinpath("data", "name_variants.json").read_text())
    seen: set[str] = set()
    for group in data["variants"]:
        assert len(group) >= 2, group
        for word in group:
            assert word == word.lower() and " " not in word, word
            assert word not in seen, word
            seen.add(word)
