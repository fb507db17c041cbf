"""Relations and measures that carry their other party inside the object (issue #4):
"withdraws from its trade agreement with Chile", "sanctions targeting Iran's oil sector".
The sentences are written for these tests."""

from __future__ import annotations

import pytest

from coding_helpers import Triple, run, triples
from dyad.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(lang="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peru withdraws from its fisheries agreement with Ecuador.", ("PER", "ECU", "16")),
        (
            "Canada imposes a package of sanctions targeting Iran's oil sector.",
            ("CAN", "IRN", "16"),
        ),
        ("Norway suspends the implementation of its visa deal with Belarus.", ("NOR", "BLR", "16")),
        ("Ghana breaks off diplomatic relations with Taiwan.", ("GHA", "TWN", "16")),
        ("Japan froze the assets of three North Korean banks.", ("JPN", "PRK", "16")),
        ("Spain stops funding to Venezuela over the election.", ("ESP", "VEN", "16")),
        ("The EU extends its sanctions on Belarus for a year.", ("EU", "BLR", "16")),
        ("Australia lifts the sanctions imposed on Fiji in 2006.", ("AUS", "FJI", "08")),
    ],
)
def test_the_other_party_inside_the_object(pipeline: Pipeline, text: str, expected: Triple) -> None:
    assert expected in triples(run(pipeline, text))


def test_the_actor_s_own_possession_is_not_the_other_party(pipeline: Pipeline) -> None:
    # "its" is Peru's own: with no other party there is no dyadic event to code
    found = triples(run(pipeline, "Peru suspends its fisheries programme for a month."))
    assert not any(t[2] == "16" for t in found)
