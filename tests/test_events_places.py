"""Towns as targets (issue #4): an assault on, or the capture of, a town the actor lexicon does
not know is one on the state the town lies in. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from coding_helpers import Triple, run, triples
from dyad.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian missiles hit Odesa overnight, Ukrainian officials said.", ("RUS", "UKR", "19")),
        # through the common noun that stands for the place
        (
            "Israeli tanks shelled the outskirts of Khan Yunis, Palestinian medics said.",
            ("ISR", "PSE", "19"),
        ),
        ("Sudanese troops recaptured the town of Wad Madani.", ("SDN", "SDN", "19")),
        # the parser hangs "against" on the main verb, not on the strike
        (
            "Two people are killed in a Turkish drone strike against a car near Qamishli, Syria.",
            ("TUR", "SYR", "18"),
        ),
    ],
)
def test_a_town_stands_for_its_state(pipeline: Pipeline, text: str, expected: Triple) -> None:
    assert expected in triples(run(pipeline, text))


def test_a_namesake_abroad_is_not_taken(pipeline: Pipeline) -> None:
    # there is a Balad in Iraq too; the article names no Iraq, so the town stays unplaced
    result = run(pipeline, "Somali troops captured Balad on Tuesday.")
    assert all(t[1] != "IRQ" for t in triples(result))
