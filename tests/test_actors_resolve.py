"""Short actor strings resolved on their own (dyad.actors.resolve_text), as a coder's lookup.

Every string here is written for these tests, none copied from evaluation data.
"""

from __future__ import annotations

import pytest

from dyad.actors import resolve_text


@pytest.mark.parametrize(
    ("text", "date", "country", "sector"),
    [
        # a surname whose accented and plain spellings share one lookup key
        ("Erdogan", None, "TUR", ["GOV"]),
        ("Erdoğan", "2016-07-15", "TUR", ["GOV"]),
        ("Nauseda", "2024-05-01", "LTU", ["GOV"]),
        ("Gitanas Nauseda", None, "LTU", ["GOV"]),
    ],
)
def test_known_leaders_resolve_by_name_alone(
    text: str, date: str | None, country: str, sector: list[str]
) -> None:
    actor = resolve_text(text, date=date)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("a former Kenyan defence minister", "KEN", ["ELI"]),
        ("the ex-minister", None, ["ELI"]),
        ("a retired army general", None, ["ELI"]),
        ("an onetime Brazilian senator", "BRA", ["ELI"]),
        ("former Prime Minister Sanna Marin", "FIN", ["ELI"]),
        # "former" qualifies the republic, not the office
        ("the former Soviet republic's president", None, ["GOV"]),
    ],
)
def test_former_office_holders_are_eli(text: str, country: str | None, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize("text", ["Halvard Umbero", "Priscilla", "Dr. Anselm Korvath"])
def test_an_unknown_bare_name_is_no_actor(text: str) -> None:
    # dyad cannot place a stranger in a state or sector; coding them would only add noise
    assert resolve_text(text) is None


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        # parsed bare, "Kachin" is an adjective and its region goes unlooked-up
        ("Kachin rebels", "MMR", ["REB"]),
    ],
)
def test_a_fragment_is_read_as_a_noun_phrase(
    text: str, country: str | None, sector: list[str] | None
) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert actor.country == country
    if sector is not None:
        assert actor.sector == sector


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("Hamas gunmen", "PSE", ["REB"]),
        ("Sinaloa Cartel gunmen", "MEX", ["CRM"]),
        ("an Ansaru force", "NGA", ["REB"]),
        # an office of the group is not its armed men
        ("Hamas officials", "PSE", ["GOV"]),
    ],
)
def test_a_named_group_codes_its_armed_men(text: str, country: str, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # persons.json lists one spelling; news writes others
        ("Sergei Lavrov", "RUS"),
        ("Muhammad bin Salman", "SAU"),
        ("Abdul Fattah al-Sisi", "EGY"),
    ],
)
def test_a_leader_is_found_under_another_transliteration(text: str, country: str) -> None:
    actor = resolve_text(text, date="2024-06-01")
    assert actor is not None
    assert actor.country == country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Transnistria", "MDA"),
        ("Tskhinvali", "GEO"),
        ("the Turkish Republic of Northern Cyprus", "CYP"),
        ("a self-declared republic", None),
    ],
)
def test_breakaway_states_are_pseudo_states_of_their_parent(text: str, country: str | None) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, ["PRE"])


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("the Black Sea Fleet", "RUS", ["MIL"]),
        ("Sixth Fleet destroyers", "USA", ["MIL"]),
        ("AFRICOM", "USA", ["MIL"]),
        ("the Bundeswehr", "DEU", ["MIL"]),
        # an acronym opening the string before a comma is no wire-story dateline
        ("SBU, Ukraine's security service", "UKR", ["SPY"]),
    ],
)
def test_named_state_forces(text: str, country: str, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("the Black Sea Fleet's submarine group", "RUS", ["MIL"]),
        ("a Chinese business group", "CHN", ["BUS"]),
        ("two Ukrainian battalions", "UKR", []),
    ],
)
def test_a_unit_or_group_of_a_state(text: str, country: str, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("the president of the Verkhovna Rada", "UKR", ["LEG"]),
        ("the Duma's president", "RUS", ["LEG"]),
        ("the president of Ukraine", "UKR", ["GOV"]),
    ],
)
def test_a_body_s_presiding_officer_takes_its_sector(
    text: str, country: str, sector: list[str]
) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("a presidential hopeful", ["PTY"]),
        ("two fugitives", ["CRM"]),
        ("a paramedic", ["HLH"]),
        ("the Director of National Intelligence", ["SPY"]),
        ("local community leaders", ["CVL"]),
    ],
)
def test_role_nouns(text: str, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert actor.sector == sector


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("the Palestinian Authority", "PSE", ["GOV"]),
        # a college or institute takes its town's or region's state when one is clear
        ("Kyiv University", "UKR", ["EDU"]),
        ("the Lagos Institute of Technology", "NGA", ["EDU"]),
        ("a community college", None, ["EDU"]),
    ],
)
def test_institutions(text: str, country: str | None, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("Malians", "MLI", []),  # a people is its state, as CAMEO's country dictionary has it
        ("the Peruvians", "PER", []),
        ("Malian civilians", "MLI", ["CVL"]),
    ],
)
def test_a_people_is_its_state(text: str, country: str, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)
