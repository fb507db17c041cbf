"""Headline-style summaries (issue #4): the parser takes "Ruto issues" for a noun compound,
names an institution by its nationality, and a leader acts for the state on its people.
The sentences are written for these tests."""

from __future__ import annotations

import pytest

from coding_helpers import Triple, run, triples
from dyad.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a present-tense headline verb tagged as a plural noun, its subject as a compound
        ("Kenyan President William Ruto issues an ultimatum to Somalia.", ("KEN", "SOM", "13")),
        # an institution's proper name belongs to the state its nationality word names
        ("The Moldovan Security Service detains two Russian citizens.", ("MDA", "RUS", "17")),
        (
            "Peruvian lobbying firm Andes Group signs an agreement with Bolivia's energy ministry.",
            ("PER", "BOL", "05"),
        ),
        # a leader's order falls on the leader's state's unnamed people
        (
            "Tanzanian President Samia Suluhu Hassan orders the arrest of three opposition MPs.",
            ("TZA", "TZA", "17"),
        ),
    ],
)
def test_headline_constructions(pipeline: Pipeline, text: str, expected: Triple) -> None:
    assert expected in triples(run(pipeline, text))


def test_a_resignation_alone_is_no_event(pipeline: Pipeline) -> None:
    # the guide codes domestic politics only when one actor acts on another
    assert triples(run(pipeline, "Zambian President Hakainde Hichilema resigns.")) == set()
