"""Protests, detentions and joint exercises (issue #4): where an act takes place is its venue,
and says who acted only when no one else is named. The sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from coding_helpers import Triple, run, triples
from dyad.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a passive detention with no agent: the state where it happens detains the detained
        ("Three Chinese citizens were arrested in Kenya for illegal mining.", ("KEN", "CHN", "17")),
        ("Dozens of Afghan migrants are detained for illegal entry in Iran.", ("IRN", "AFG", "17")),
        # a protest by a state's people with no one it addresses is domestic
        ("Kenyan students protest in Nairobi against the new tax law.", ("KEN", "KEN", "14")),
        # an embassy stands in its host state
        (
            "Hundreds of people protest outside the Russian embassy in Vilnius, Lithuania.",
            ("LTU", "LTU", "14"),
        ),
    ],
)
def test_where_an_act_happens(pipeline: Pipeline, text: str, expected: Triple) -> None:
    assert expected in triples(run(pipeline, text))


def test_a_protest_addresses_whom_its_purpose_names_not_its_city(pipeline: Pipeline) -> None:
    text = "Hundreds of Ukrainians hold a rally in Warsaw to call on Hungary to lift its veto."
    found = triples(run(pipeline, text))
    assert ("UKR", "HUN", "14") in found
    assert ("UKR", "POL", "14") not in found


def test_a_joint_exercise_is_military_cooperation_between_its_parties(pipeline: Pipeline) -> None:
    text = "Russia and Belarus begin joint military exercises near the Polish border."
    found = triples(run(pipeline, text))
    assert {("RUS", "BLR", "06"), ("BLR", "RUS", "06")} <= found
    assert not any("POL" in t for t in found)


def test_a_national_exercise_stays_a_show_of_force(pipeline: Pipeline) -> None:
    result = run(pipeline, "China holds military drills with live fire off Fujian province.")
    assert not any(e.root == "06" for e in result.events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An Iranian court ordered the arrest of a French citizen.", ("IRN", "FRA", "17")),
        ("A Kenyan judge ordered the release of two British journalists.", ("KEN", "GBR", "08")),
    ],
)
def test_ordering_an_act_is_the_act_not_a_demand(
    pipeline: Pipeline, text: str, expected: Triple
) -> None:
    found = triples(run(pipeline, text))
    assert expected in found
    assert not any(root == "10" for _, _, root in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a crowd named only by its role belongs to the state where it acts
        (
            "Thousands of demonstrators march in Tbilisi, Georgia, demanding that the Georgian "
            "government hold new elections.",
            ("GEO", "GEO", "10"),
        ),
        (
            "Hundreds of students gather in Dhaka, Bangladesh, accusing the Bangladeshi police "
            "of brutality.",
            ("BGD", "BGD", "11"),
        ),
        # the purpose of a strike held with the rallies names whom the protest is against
        (
            "Thousands of people across Spain hold rallies and a general strike to protest "
            "against the Russian invasion of Ukraine.",
            ("ESP", "RUS", "14"),
        ),
    ],
)
def test_a_crowd_acts_for_the_state_it_is_in(
    pipeline: Pipeline, text: str, expected: Triple
) -> None:
    assert expected in triples(run(pipeline, text))


def test_coordinated_acts_share_whom_they_fall_on(pipeline: Pipeline) -> None:
    # "of X" hangs on the last of "the arrest and detention": both acts fall on X, not on the
    # judge who ordered them
    text = (
        "A Chilean appeals court judge orders the arrest and pretrial detention of former "
        "interior minister Rodrigo Fuentes."
    )
    events = [e for e in run(pipeline, text).events if e.root == "17"]
    assert events
    assert all(e.target is not None and "Fuentes" in e.target.text for e in events)
