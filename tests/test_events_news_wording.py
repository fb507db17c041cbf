"""Wordings of 2025 world news that dyad coded wrongly: the medium a threat went out on, a
conviction's charges, headline verbs with a perfect complement, domestic arrests, trade bans and
terrorist designations, attacks named by their place, and a leader's orders to its own forces.
The sentences are written for these tests."""

from __future__ import annotations

import pytest

from coding_helpers import Triple, run, triples
from dyad.pipeline import Pipeline


def _events(pipeline: Pipeline, text: str) -> list[tuple[str, str | None, str]]:
    """(source text, target text, root) of every event."""
    return [
        (e.source.text, e.target.text if e.target else None, e.root)
        for e in run(pipeline, text).events
    ]


@pytest.mark.parametrize(
    ("text", "expected", "medium"),
    [
        (
            "The Brazilian president threatens on X that Argentina will pay for the raid.",
            ("BRA", "ARG", "13"),
            "X",
        ),
        (
            "The Iranian president threatened on state television that Israel would regret it.",
            ("IRN", "ISR", "13"),
            "state television",
        ),
    ],
)
def test_a_threat_is_aimed_at_whom_it_names_not_at_its_medium(
    pipeline: Pipeline, text: str, expected: Triple, medium: str
) -> None:
    assert expected in triples(run(pipeline, text))
    assert not any(target == medium for _, target, _ in _events(pipeline, text))


def test_a_convicts_target_span_stops_before_the_charges(pipeline: Pipeline) -> None:
    text = (
        "A Paris court convicted the former Lebanese minister Ahmed Salem of corruption in Beirut."
    )
    found = [(s, t, r) for s, t, r in _events(pipeline, text) if r == "11"]
    assert found, _events(pipeline, text)
    assert all(t is not None and "corruption" not in t for _, t, _ in found)
    assert ("FRA", "LBN", "11") in triples(run(pipeline, text))


def test_a_headline_claim_to_have_shot_down_keeps_its_subject(pipeline: Pipeline) -> None:
    text = "The Houthis claim to have shot down an American drone over Marib."
    assert ("YEM", "USA", "19") in triples(run(pipeline, text))


def test_a_domestic_arrest_targets_the_arrested_not_the_police(pipeline: Pipeline) -> None:
    text = "Kazakh police detain three reporters and search their homes."
    events = _events(pipeline, text)
    assert ("Kazakh police", "three reporters", "17") in events
    assert not any(s == t for s, t, _ in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peru officializes an export ban of copper to Bolivia.", ("PER", "BOL", "16")),
        ("Malaysia enacts an arms embargo on Myanmar.", ("MYS", "MMR", "16")),
        (
            "Canada designates the Iranian Revolutionary Guard as a terrorist entity.",
            ("CAN", "IRN", "16"),
        ),
        ("Japan designates two Syrian militias as terrorist organizations.", ("JPN", "SYR", "16")),
        ("The United States designates Kenya as a major non-NATO ally.", ("USA", "KEN", "05")),
        (
            "The Mexican president signs an order raising the tariff on Brazilian steel to 40%.",
            None,
        ),
    ],
)
def test_trade_bans_and_designations(
    pipeline: Pipeline, text: str, expected: Triple | None
) -> None:
    if expected is None:  # the tariff's target is whose goods it hits, not the rate
        found = {t for t in triples(run(pipeline, text)) if t[2] == "16"}
        assert found and all(t[1] == "BRA" for t in found), found
        return
    assert expected in triples(run(pipeline, text))


def test_an_attack_named_by_its_place_has_no_attacker_there(pipeline: Pipeline) -> None:
    for text in (
        "The brother of the perpetrator of the Leeds Arena bombing attacked two guards.",
        "The Kabul airport bombing was remembered on Sunday.",
    ):
        assert not any(r == "18" for _, _, r in _events(pipeline, text)), _events(pipeline, text)
    # a state compounded with the attack noun is still its author
    assert ("ISR", "LBN", "19") in triples(run(pipeline, "Israel strikes on Beirut continue."))


def test_an_order_to_own_forces_is_the_leaders_act(pipeline: Pipeline) -> None:
    text = "The Kenyan president ordered the army to withdraw from Somalia."
    found = triples(run(pipeline, text))
    assert ("KEN", "SOM", "08") in found
    assert not any(t[2] == "10" for t in found), found
    # an order to another state is still a demand made of it
    assert ("UN", "ISR", "10") in triples(
        run(pipeline, "The UN Security Council ordered Israel to withdraw from Lebanon.")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a speech to a body is a statement to it
        (
            "The Kenyan president addresses the African Union summit in Addis Ababa.",
            ("KEN", "AU", "01"),
        ),
        # a designation announced as a noun
        (
            "The U.S. president announces the designation of Qatar as a major non-NATO ally.",
            ("USA", "QAT", "05"),
        ),
        # "the country" in a reported clause is the reporter's; reopening an embassy announced
        # for later is the act itself
        (
            "The Brazilian foreign minister says the country will reopen its embassy in Caracas, "
            "Venezuela.",
            ("BRA", "VEN", "05"),
        ),
    ],
)
def test_statements_designations_and_embassies(
    pipeline: Pipeline, text: str, expected: Triple
) -> None:
    assert expected in triples(run(pipeline, text))
