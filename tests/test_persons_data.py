"""The shipped lexicon of political figures (persons.json): well-formed, unambiguous, accurate."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from functools import cache
from importlib import resources
from typing import Any

import pytest

IGO_ACRONYMS = {
    "UN", "EU", "NATO", "AU", "ECOWAS", "AES", "ASEAN", "ARAB_LEAGUE", "GCC", "OPEC", "ICC", "ICJ",
    "IAEA", "IMF", "WORLD_BANK", "WHO", "WTO", "OSCE", "COE", "BRICS", "G7", "G20", "SCO", "OAS",
    "CARICOM", "SADC", "EAC", "IGAD",
}  # fmt: skip
# CAMEO's sector codes plus NGEC's PRM and PRE, as the header of sectors.tsv lists them.
CAMEO_SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "IMG", "BUS", "MED", "NGO", "CVL",
    "REL", "EDU", "HLH", "LAB", "AGR", "ELI", "SPY", "REF", "CRM", "UAF", "PRM", "PRE",
}  # fmt: skip
UN_MEMBERS = set(
    """AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
    BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE DNK
    DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
    GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA
    LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ
    MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT ROU RUS
    RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE
    CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM
    ZMB ZWE""".split()
)
DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")
PERSON_KEYS = {"name", "aliases", "country", "igo", "roles", "died", "note"}
ROLE_KEYS = {"sector", "title", "start", "end", "country", "igo"}


def _data(name: str) -> str:
    return resources.files("dyad").joinpath("data", name).read_text(encoding="utf-8")


@cache
def lexicon() -> dict[str, Any]:
    return json.loads(_data("persons.json"))


def persons() -> list[dict[str, Any]]:
    return lexicon()["persons"]


@cache
def iso3_codes() -> set[str]:
    return {c["iso3"] for c in json.loads(_data("countries.json"))["countries"]}


@cache
def sector_vocabulary() -> set[str]:
    lines = [ln for ln in _data("sectors.tsv").splitlines() if not ln.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return {code for row in rows for code in row["sectors"].split(",")} | CAMEO_SECTORS


@cache
def by_name() -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in persons()}


def month(date: str, end: bool = False) -> str:
    """A year-only date spans the year: it starts in January and ends in December."""
    return date if len(date) == 7 else date + ("-12" if end else "-01")


def actors_at(name: str, date: str) -> set[tuple[str | None, str | None, tuple[str, ...]]]:
    """(country, igo, sector) of every role the person holds in month `date` (end exclusive)."""
    person = by_name()[name]
    out = set()
    for role in person["roles"]:
        if month(role["start"]) <= date and (role["end"] is None or date < month(role["end"])):
            if "igo" in role:
                country, igo = None, role["igo"]
            elif "country" in role:
                country, igo = role["country"], None
            else:
                country, igo = person["country"], person.get("igo")
            out.add((country, igo, tuple(role["sector"])))
    return out


def strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


# --- schema -----------------------------------------------------------------------------------


def test_about_block() -> None:
    about = lexicon()["about"]
    assert {"what", "fields", "sources", "ambiguous_surnames"} <= set(about)
    assert "general knowledge" in about["sources"]
    assert {"name", "aliases", "country", "igo", "roles"} <= set(about["fields"])
    ambiguous = about["ambiguous_surnames"]
    assert ambiguous == sorted(set(ambiguous))
    common = {"Kim", "Lee", "Khan", "Ali", "Singh", "Wang", "Li", "Johnson", "Smith"}
    assert common <= set(ambiguous)


def test_count() -> None:
    assert len(persons()) >= 500


def test_person_entries_are_well_formed() -> None:
    for p in persons():
        assert set(p) <= PERSON_KEYS and {"name", "aliases", "country", "roles"} <= set(p), p
        name = p["name"]
        assert isinstance(name, str) and name == name.strip() and name, p
        assert all(isinstance(a, str) and a == a.strip() and a for a in p["aliases"]), name
        assert len(p["aliases"]) == len(set(p["aliases"])) and name not in p["aliases"], name
        if p["country"] is not None:
            assert p["country"] in iso3_codes(), name
            assert "igo" not in p, name
        else:
            # records.md: no country means an IGO official or a transnational armed group (IMG).
            is_img = any("IMG" in r["sector"] for r in p["roles"])
            assert p.get("igo") in IGO_ACRONYMS or is_img, name
        assert p["roles"], name


def test_roles_are_well_formed() -> None:
    vocabulary = sector_vocabulary()
    for p in persons():
        for r in p["roles"]:
            assert set(r) <= ROLE_KEYS and {"sector", "title", "start", "end"} <= set(r), p["name"]
            assert r["sector"] and set(r["sector"]) <= vocabulary, (p["name"], r)
            assert isinstance(r["title"], str) and r["title"].strip() == r["title"] != ""
            assert DATE.fullmatch(r["start"]), (p["name"], r)
            if r["end"] is not None:
                assert DATE.fullmatch(r["end"]), (p["name"], r)
                assert month(r["start"]) <= month(r["end"], end=True), (p["name"], r)
            assert r.get("country") is None or r["country"] in iso3_codes(), (p["name"], r)
            assert r.get("igo") is None or r["igo"] in IGO_ACRONYMS, (p["name"], r)
            assert not ("country" in r and "igo" in r), (p["name"], r)


def test_no_role_outlives_its_holder() -> None:
    for p in persons():
        if "died" not in p:
            continue
        assert DATE.fullmatch(p["died"]), p["name"]
        for r in p["roles"]:
            assert r["end"] is not None, (p["name"], r)
            assert month(r["end"]) <= month(p["died"], end=True), (p["name"], r)


def test_former_officials_are_eli() -> None:
    """NGEC codes ex-officials ELI: an official whose roles have all ended has an open ELI role."""
    official = {"GOV", "MIL", "JUD", "LEG", "SPY"}
    for p in persons():
        roles = p["roles"]
        if "died" in p or not any(official & set(r["sector"]) for r in roles):
            continue
        if all(r["end"] is not None for r in roles if r["sector"] != ["ELI"]):
            assert any(r["sector"] == ["ELI"] and r["end"] is None for r in roles), p["name"]


def test_sorted_by_country_then_name() -> None:
    keys = [
        (p["country"] is None, p["country"] or p.get("igo") or "~", strip_marks(p["name"]).lower())
        for p in persons()
    ]
    assert keys == sorted(keys)


# --- names and aliases ------------------------------------------------------------------------


def test_no_form_names_two_persons_unless_ambiguous() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for p in persons():
        for form in [p["name"], *p["aliases"]]:
            owners[form].add(p["name"])
    ambiguous = set(lexicon()["about"]["ambiguous_surnames"])
    clashes = {f: o for f, o in owners.items() if len(o) > 1 and f not in ambiguous}
    assert clashes == {}


def test_ambiguous_surnames_are_never_aliases() -> None:
    ambiguous = set(lexicon()["about"]["ambiguous_surnames"])
    for p in persons():
        assert not ambiguous & set(p["aliases"]), p["name"]


def test_names_with_diacritics_have_a_plain_spelling() -> None:
    for p in persons():
        if not p["name"].isascii():
            assert any(a.isascii() for a in p["aliases"]), p["name"]
            plain = strip_marks(p["name"])
            if plain.isascii():
                assert plain in p["aliases"], p["name"]


@pytest.mark.parametrize(
    ("name", "alias"),
    [
        ("Vladimir Putin", "Putin"),
        ("Volodymyr Zelenskyy", "Zelensky"),
        ("Volodymyr Zelenskyy", "Zelenskyy"),
        ("Recep Tayyip Erdoğan", "Erdogan"),
        ("Recep Tayyip Erdoğan", "Erdoğan"),
        ("Abdel Fattah al-Sisi", "el-Sisi"),
        ("Abdel Fattah al-Sisi", "al-Sisi"),
        ("Assimi Goïta", "Goita"),
        ("Emmanuel Macron", "Macron"),
        ("Mohammed bin Salman", "MBS"),
        ("Andrés Manuel López Obrador", "AMLO"),
    ],
)
def test_alias_spot_checks(name: str, alias: str) -> None:
    assert alias in by_name()[name]["aliases"]


def test_a_form_shared_by_name_and_alias_indexes_one_person() -> None:
    # "Erdoğan" loses its accent to the key "erdogan", which is also an alias: still one person
    from dyad.lexicon import known_persons, normalise_key

    index = known_persons()
    for p in persons():
        for form in [p["name"], *p["aliases"]]:
            found = [k for k in index[normalise_key(form)] if k.name == p["name"]]
            assert len(found) == 1, form


@pytest.mark.parametrize(
    ("name", "surname"),
    [
        ("Kim Jong-un", "Kim"),
        ("Lee Jae-myung", "Lee"),
        ("Imran Khan", "Khan"),
        ("Boris Johnson", "Johnson"),
        ("Wang Yi", "Wang"),
        ("Li Qiang", "Li"),
        ("Mahinda Rajapaksa", "Rajapaksa"),
    ],
)
def test_ambiguous_surnames_are_left_out(name: str, surname: str) -> None:
    assert surname not in by_name()[name]["aliases"]
    assert surname in lexicon()["about"]["ambiguous_surnames"]


# --- coverage ---------------------------------------------------------------------------------


def test_every_un_member_taiwan_kosovo_and_palestine_has_a_leader_2010_2025() -> None:
    covered = set()
    for p in persons():
        for r in p["roles"]:
            country = r.get("country") or (None if "igo" in r else p["country"])
            in_period = month(r["start"]) <= "2025-12" and (r["end"] is None or r["end"] >= "2010")
            if "GOV" in r["sector"] and in_period:
                covered.add(country)
    assert UN_MEMBERS | {"TWN", "XKX", "PSE"} <= covered


@pytest.mark.parametrize(
    ("igo", "name"),
    [
        ("UN", "António Guterres"),
        ("EU", "Ursula von der Leyen"),
        ("EU", "António Costa"),
        ("NATO", "Mark Rutte"),
        ("AU", "Mahmoud Ali Youssouf"),
        ("IAEA", "Rafael Grossi"),
        ("WHO", "Tedros Adhanom Ghebreyesus"),
        ("IMF", "Kristalina Georgieva"),
        ("ICC", "Karim Khan"),
    ],
)
def test_igo_leaders_in_2025(igo: str, name: str) -> None:
    assert any(a[0] is None and a[1] == igo for a in actors_at(name, "2025-06")), name


# --- facts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "date", "country", "sector"),
    [
        ("Vladimir Putin", "2022-03", "RUS", "GOV"),
        ("Vladimir Putin", "2009-01", "RUS", "GOV"),
        ("Vladimir Putin", "1999-01", "RUS", "SPY"),
        ("Emmanuel Macron", "2017-05", "FRA", "GOV"),
        ("Emmanuel Macron", "2022-03", "FRA", "GOV"),
        ("Volodymyr Zelenskyy", "2019-05", "UKR", "GOV"),
        ("Volodymyr Zelenskyy", "2025-06", "UKR", "GOV"),
        ("Assimi Goïta", "2022-03", "MLI", "GOV"),
        ("Abdoulaye Diop", "2022-03", "MLI", "GOV"),
        ("Jean-Yves Le Drian", "2015-05", "FRA", "GOV"),
        ("Jean-Yves Le Drian", "2022-03", "FRA", "GOV"),
        ("Angela Merkel", "2017-04", "DEU", "GOV"),
        ("Angela Merkel", "2022-01", "DEU", "ELI"),
        ("Tony Blair", "2003-01", "GBR", "GOV"),
        ("Tony Blair", "2024-01", "GBR", "ELI"),
        ("Donald Trump", "2019-04", "USA", "GOV"),
        ("Donald Trump", "2022-04", "USA", "ELI"),
        ("Donald Trump", "2025-06", "USA", "GOV"),
        ("Hashim Thaçi", "2011-12", "XKX", "GOV"),
        ("Hashim Thaçi", "2024-01", "XKX", "ELI"),
        ("Albin Kurti", "2021-01", "XKX", "OPP"),
        ("Albin Kurti", "2021-10", "XKX", "GOV"),
        ("Scott Morrison", "2022-01", "AUS", "GOV"),
        ("Scott Morrison", "2022-10", "AUS", "LEG"),
        ("Jüri Ratas", "2018-01", "EST", "GOV"),
        ("Jüri Ratas", "2021-07", "EST", "LEG"),
        ("Heiko Maas", "2019-01", "DEU", "GOV"),
        ("Mahinda Rajapaksa", "2022-04", "LKA", "GOV"),
        ("Gotabaya Rajapaksa", "2022-05", "LKA", "GOV"),
        ("Ibrahim Mohamed Solih", "2022-05", "MDV", "GOV"),
        ("Mohamed Hussein Roble", "2022-03", "SOM", "GOV"),
        ("Nikol Pashinyan", "2022-03", "ARM", "GOV"),
        ("Kassym-Jomart Tokayev", "2022-03", "KAZ", "GOV"),
        ("Ukhnaagiin Khürelsükh", "2022-03", "MNG", "GOV"),
        ("Gitanas Nausėda", "2022-03", "LTU", "GOV"),
        ("Alexander Lukashenko", "2022-01", "BLR", "GOV"),
        ("Nawaf Al-Ahmad Al-Jaber Al-Sabah", "2022-03", "KWT", "GOV"),
        ("Laurent Gbagbo", "2022-03", "CIV", "ELI"),
        ("Uhuru Kenyatta", "2023-03", "KEN", "ELI"),
        ("Yoweri Museveni", "2022-05", "UGA", "GOV"),
        ("Muhoozi Kainerugaba", "2022-05", "UGA", "MIL"),
        ("Bobi Wine", "2021-01", "UGA", "LEG"),
        ("Kathleen Hicks", "2022-04", "USA", "MIL"),
        ("William Burns", "2022-10", "USA", "SPY"),
        ("Diego Molano", "2022-06", "COL", "MIL"),
        ("Andrei Kartapolov", "2021-01", "RUS", "MIL"),
        ("Ayman Safadi", "2022-03", "JOR", "GOV"),
        ("Park Jin", "2022-06", "KOR", "GOV"),
        ("Ben Wallace", "2022-03", "GBR", "MIL"),
        ("Kwasi Kwarteng", "2021-01", "GBR", "LEG"),
        ("Marco Rubio", "2022-03", "USA", "LEG"),
        ("Marco Rubio", "2025-06", "USA", "GOV"),
        ("Bashar al-Assad", "2020-01", "SYR", "GOV"),
        ("Bashar al-Assad", "2025-06", "SYR", "ELI"),
        ("Ahmed al-Sharaa", "2023-01", "SYR", "REB"),
        ("Ahmed al-Sharaa", "2025-06", "SYR", "GOV"),
        ("Yahya Sinwar", "2023-10", "PSE", "REB"),
        ("Abdourahamane Tiani", "2024-01", "NER", "GOV"),
        ("Mohamed Bazoum", "2024-01", "NER", "ELI"),
        ("Ibrahim Traoré", "2024-01", "BFA", "GOV"),
        ("Mohamed Hamdan Dagalo", "2024-01", "SDN", "REB"),
        ("Abdel Fattah al-Burhan", "2024-01", "SDN", "GOV"),
        ("Masoud Pezeshkian", "2025-01", "IRN", "GOV"),
        ("Keir Starmer", "2022-01", "GBR", "OPP"),
        ("Keir Starmer", "2025-01", "GBR", "GOV"),
        ("Benjamin Netanyahu", "2022-01", "ISR", "OPP"),
        ("Benjamin Netanyahu", "2024-01", "ISR", "GOV"),
    ],
)
def test_role_spot_checks(name: str, date: str, country: str, sector: str) -> None:
    held = actors_at(name, date)
    assert any(c == country and sector in s for c, _, s in held), (name, date, held)


def test_putin_was_prime_minister_2008_2012() -> None:
    roles = [r for r in by_name()["Vladimir Putin"]["roles"] if r["title"].startswith("Prime")]
    assert {(r["start"], r["end"]) for r in roles} >= {("2008-05", "2012-05")}
    assert actors_at("Vladimir Putin", "2010-06") == {("RUS", None, ("GOV",))}


def test_macron_is_president_from_may_2017() -> None:
    assert not any("GOV" in s for _, _, s in actors_at("Emmanuel Macron", "2017-04"))
    roles = by_name()["Emmanuel Macron"]["roles"]
    presidency = next(r for r in roles if r["title"].startswith("President"))
    assert (presidency["start"], presidency["end"]) == ("2017-05", None)


def test_guterres_is_un() -> None:
    guterres = by_name()["António Guterres"]
    assert (guterres["country"], guterres["igo"]) == (None, "UN")
    assert actors_at("António Guterres", "2020-01") == {(None, "UN", ("GOV",))}


def test_mali_transition() -> None:
    diop = by_name()["Abdoulaye Diop"]
    assert diop["country"] == "MLI"
    assert any("Foreign Minister" in r["title"] and r["end"] is None for r in diop["roles"])
    assert ("MLI", None, ("GOV",)) in actors_at("Assimi Goïta", "2024-06")
    assert ("MLI", None, ("GOV",)) in actors_at("Choguel Kokalla Maïga", "2022-01")


def test_defence_ministers_are_gov_and_mil() -> None:
    for p in persons():
        for r in p["roles"]:
            if re.match(r"(Defence Minister|United States Secretary of Defense)", r["title"]):
                assert set(r["sector"]) == {"GOV", "MIL"}, (p["name"], r)


def test_leaders_of_transnational_groups_are_img() -> None:
    for name in ("Abu Bakr al-Baghdadi", "Ayman al-Zawahiri", "Iyad Ag Ghaly"):
        person = by_name()[name]
        assert person["country"] is None and "igo" not in person
        assert any("IMG" in r["sector"] for r in person["roles"])
