"""Sector nouns, role heads and context: actor strings resolved on their own.

Every string here is written for these tests, none copied from evaluation data.
"""

from __future__ import annotations

import pytest

from dyad.actors import resolve_text


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
