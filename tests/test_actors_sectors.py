"""Sector nouns, role heads and context: actor strings resolved on their own.

Every string here is written for these tests, none copied from evaluation data.
"""

from __future__ import annotations

import pytest

from dyad.actor_lookup import respell_nationalities
from dyad.actors import resolve_text
from dyad.lexicon import KnownPerson, Role


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        # occupations and groups the CAMEO sector codes name, singular as well as plural
        ("a Ghanaian nurse", "GHA", ["HLH"]),
        ("Peruvian surgeons", "PER", ["HLH"]),
        ("a Bolivian photojournalist", "BOL", ["MED"]),
        ("Kenyan entrepreneurs", "KEN", ["BUS"]),
        ("a Zambian miner", "ZMB", ["LAB"]),
        ("Nepalese dockworkers", "NPL", ["LAB"]),
        ("a Malian herder", "MLI", ["AGR"]),
        ("Afghan asylum seekers", "AFG", ["REF"]),
        ("Moroccan pastors", "MAR", ["REL"]),
        ("a Tunisian lecturer", "TUN", ["EDU"]),
        ("Colombian drug lords", "COL", ["CRM"]),
        ("a Sudanese villager", "SDN", ["CVL"]),
        ("Thai servicemen", "THA", ["MIL"]),
        ("Jordanian law enforcement officers", "JOR", ["COP"]),
        ("a Chilean police station", "CHL", ["COP"]),
        ("Ecuadorian rights activists", "ECU", ["NGO"]),
        ("a Czech intelligence official", "CZE", ["SPY"]),
        ("Polish shopkeepers", "POL", ["BUS"]),
    ],
)
def test_sector_nouns_with_a_nationality(text: str, country: str, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("the fishermen's spokesman", ["GOV"]),  # spokesman is the head, a GOV title
        ("detectives", ["COP"]),
        ("an indigenous leader from the highlands", ["CVL"]),
        ("three wanted persons", ["CRM"]),
        ("local Muslim leaders", ["REL"]),
        ("Catholic bishops", ["REL"]),
        ("the board of directors", ["BUS"]),
        ("a few dozen men and women", ["CVL"]),
    ],
)
def test_sector_nouns_without_a_state(text: str, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert actor.country is None and actor.sector == sector


@pytest.mark.parametrize(
    "text",
    [
        # adjective-like words are no sector of their own: "local" must not add CVL to police
        "local police",
        "criminal court",
    ],
)
def test_adjectives_add_no_sector(text: str) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert len(actor.sector) == 1


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        # a noun naming someone only by affiliation takes its modifiers' sector
        ("a counterintelligence officer", None, ["SPY"]),
        ("the vice chairman of the airline's board", None, ["BUS"]),
        ("the head of the Peruvian navy", "PER", ["MIL"]),
        ("a university director", None, ["EDU"]),
        ("the party's headquarters", None, ["PTY"]),
    ],
)
def test_affiliation_heads_take_their_modifiers_sector(
    text: str, country: str | None, sector: list[str]
) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


def test_an_affiliation_head_without_a_sector_is_no_actor() -> None:
    assert resolve_text("the director of the film") is None


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        # right-headed noun compounds the parser reads as a clause
        ("riot control police", ["COP"]),
        ("crowd dispersal troops", ["MIL"]),
    ],
)
def test_a_noun_compound_is_named_by_its_last_noun(text: str, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert actor.sector == sector


@pytest.mark.parametrize(
    ("text", "context", "country", "sector"),
    [
        ("Interior Minister", "Ghanaian", "GHA", ["GOV"]),
        ("navy commander", "Peru", "PER", ["MIL"]),
        ("Minister Halvard Umbero", "Norwegian", "NOR", ["GOV"]),
        # a state named by the string itself wins over its context
        ("Chilean police", "Argentina", "CHL", ["COP"]),
    ],
)
def test_a_stateless_role_takes_the_one_state_of_its_context(
    text: str, context: str, country: str, sector: list[str]
) -> None:
    actor = resolve_text(text, context=context)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Defence Minister", None),  # no context: no state
        ("Defence Minister", "French and German"),  # two states: do not guess
        ("al-Qaeda fighters", "Yemeni"),  # transnational armed groups stay stateless
    ],
)
def test_context_gives_no_state_unless_it_names_exactly_one(text: str, context: str | None) -> None:
    actor = resolve_text(text, context=context)
    assert actor is not None
    assert actor.country is None


def test_a_known_figure_out_of_every_listed_office_is_a_former_official() -> None:
    roles = (
        Role(sector=("GOV",), start="2001-03", end="2009-06", country="ZZZ", igo=None),
        Role(sector=("LEG",), start="2010-01", end="2012-05", country="ZZZ", igo=None),
    )
    figure = KnownPerson(name="Ottilie Varga", roles=roles)
    assert figure.role_at("2005-01-01") == roles[0]
    assert figure.role_at("2009-09-01") is None  # between offices: the data says nothing
    after = figure.role_at("2020-02-02")
    assert after is not None and (after.country, after.sector) == ("ZZZ", ("ELI",))
    assert figure.role_at("1999-01-01") is None  # before any office: not yet a figure


def test_a_leader_who_died_in_office_keeps_the_state() -> None:
    # Burundi's president until June 2020 (he died that month); the data lists no later role
    actor = resolve_text("Pierre Nkurunziza", date="2023-04-01")
    assert actor is not None
    assert (actor.country, actor.sector) == ("BDI", ["ELI"])


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a state's assets and people, by nationality or by the state they are in
        ("Venezuelan oil facilities", "VEN"),
        ("positions in Lebanon", "LBN"),
        ("targets inside Yemen", None),  # only "in"/"of" place a thing in a state
        ("radar installations of Syria", "SYR"),
    ],
)
def test_concrete_things_belong_to_the_state_they_are_in(text: str, country: str | None) -> None:
    actor = resolve_text(text)
    assert (actor.country if actor else None) == country


def test_abstract_things_in_a_state_are_no_actor() -> None:
    assert resolve_text("investments in Panama") is None


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("Ukranian farmers", "UKR", ["AGR"]),  # a letter left out
        ("Venezualan troops", "VEN", ["MIL"]),  # a letter replaced
        ("Nigerain police", "NGA", ["COP"]),  # two letters swapped
    ],
)
def test_a_misspelt_nationality_still_names_its_state(
    text: str, country: str, sector: list[str]
) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Indiana", "Indiana"),  # the slip may not be at the end: a place, not "Indian"
        ("Austrians", "Austrians"),  # spelt right: left alone (not "Australians")
        ("Grmans", "Grmans"),  # the first two letters must agree
        ("Brazillian and Itallian", "Brazilian and Italian"),
    ],
)
def test_respelling_touches_only_near_misses(text: str, expected: str) -> None:
    assert respell_nationalities(text) == expected


@pytest.mark.parametrize(
    ("text", "igo", "sector"),
    [
        # the people and heads of the organisations records.md lists
        ("IAEA inspectors", "IAEA", []),
        ("EU observers", "EU", []),
        ("the WHO's chief", "WHO", []),
        ("the OSCE secretary-general", "OSCE", ["GOV"]),  # not a military "general"
        ("the Organisation of Petroleum Exporting Countries", "OPEC", []),
    ],
)
def test_contract_igos_and_their_people(text: str, igo: str, sector: list[str]) -> None:
    actor = resolve_text(text)
    assert actor is not None
    assert (actor.country, actor.igo, actor.sector) == (None, igo, sector)


def test_heads_of_member_states_are_not_the_organisation() -> None:
    # the navy chiefs of some AU states are those states' officers, not the African Union's
    actor = resolve_text("the navy chiefs of several AU member states")
    assert actor is None or actor.igo is None
