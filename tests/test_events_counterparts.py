"""Relations and measures that carry their other party inside the object (issue #4):
"withdraws from its trade agreement with Chile", "sanctions targeting Iran's oil sector".
The sentences are written for these tests."""

from __future__ import annotations

import pytest

from coding_helpers import Triple, run, triples
from dyad.pipeline import Pipeline


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hezbollah fires rockets at northern Israel.", ("LBN", "ISR", "19")),
        # a reported "it" is the one who reports
        ("The Lithuanian army says it shot down two Belarusian drones.", ("LTU", "BLR", "19")),
        ("Yemen's navy says it launched missiles at a Greek tanker.", ("YEM", "GRC", "19")),
        # the target of a strike hangs on the strikes' participle
        (
            "Turkish jets carry out strikes targeting Syrian government forces.",
            ("TUR", "SYR", "19"),
        ),
    ],
)
def test_weapons_fired_and_strikes_carried_out(
    pipeline: Pipeline, text: str, expected: Triple
) -> None:
    assert expected in triples(run(pipeline, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # leaving an international body reduces relations with it; it is no military retreat
        ("Nicaragua announces its withdrawal from the World Trade Organization.", "160"),
        ("Venezuela withdraws from the Organization of American States.", "160"),
        # troops leaving a place, or a body's own forces leaving, stay a retreat
        ("Belgium completes the withdrawal of its soldiers from Niger.", "0874"),
        ("NATO troops withdraw from the Afghan capital.", "0874"),
    ],
)
def test_leaving_a_body_is_not_a_retreat(pipeline: Pipeline, text: str, expected: str) -> None:
    codes = {e.cameo for e in run(pipeline, text).events}
    assert expected in codes
    assert codes <= {expected}
