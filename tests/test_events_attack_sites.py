"""Attacks told by where they happened and whom they killed, as world-news summaries word them.
The sentences are written for these tests."""

from __future__ import annotations

import pytest

from coding_helpers import Triple, run, triples
from dyad.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an attack that names no one it hit falls on the state where it happened
        (
            "Four guards are injured in an al-Shabaab attack on a border post in Mandera, "
            "Wajir, Kenya.",
            ("SOM", "KEN", "18"),
        ),
        # the dead of the sentence make an armed group's attack an assault on people
        (
            "Nine people are killed after an attack carried out by the RSF hits a market in "
            "Omdurman, Sudan.",
            ("SDN", "SDN", "18"),
        ),
        # the subject of "are confirmed killed" is whom the killers hit
        (
            "At least five Burundian soldiers are reported killed by al-Shabaab in Somalia.",
            ("SOM", "BDI", "18"),
        ),
    ],
)
def test_where_and_whom_an_attack_hit(pipeline: Pipeline, text: str, expected: Triple) -> None:
    assert expected in triples(run(pipeline, text))


def test_two_forces_exchanging_fire_fight_each_other(pipeline: Pipeline) -> None:
    found = triples(run(pipeline, "Thai and Cambodian troops exchange fire near a temple."))
    assert {("THA", "KHM", "19"), ("KHM", "THA", "19")} <= found


def test_a_meetings_topic_is_not_a_party_to_it(pipeline: Pipeline) -> None:
    text = "During an OSCE meeting on the Russo-Ukrainian war, Norway announces new aid."
    found = triples(run(pipeline, text))
    assert not any(t[2] == "04" and "UKR" in t[:2] for t in found), found
