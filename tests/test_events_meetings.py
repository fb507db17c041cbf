"""Meetings and visits (issue #4): the ways news reports that actors consulted each other.

A meeting binds both sides (the guide codes it in both directions); a visit is also hosted by
whom it visits. The sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from coding_helpers import run, triples
from dyad.pipeline import Pipeline
from dyad.records import Event


def both_ways(a: str, b: str, root: str = "04") -> set[tuple[str | None, str | None, str]]:
    return {(a, b, root), (b, a, root)}


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("The Kenyan president visited Addis Ababa on Monday.", "KEN", "ETH"),
        ("Chile's foreign minister toured Peru and Bolivia last week.", "CHL", "PER"),
        ("Egypt hosted the Sudanese army chief for two days of talks.", "EGY", "SDN"),
        ("The Mexican president made a state visit to Canada.", "MEX", "CAN"),
    ],
)
def test_a_visit_is_coded_from_both_sides(pipeline: Pipeline, text: str, a: str, b: str) -> None:
    assert both_ways(a, b) <= triples(run(pipeline, text))


def test_the_host_side_of_a_visit_is_hosting(pipeline: Pipeline) -> None:
    result = run(pipeline, "The Kenyan president visited Addis Ababa on Monday.")
    codes = {(e.source.key, e.target.key if e.target else None): e.cameo for e in result.events}
    assert codes[("KEN", "ETH")] == "042"
    assert codes[("ETH", "KEN")] == "043"


def test_a_tour_meets_whom_its_purpose_names(pipeline: Pipeline) -> None:
    # the region toured is no actor; the states the trip seeks out are the counterparts
    text = "The Malaysian premier tours the Gulf to seek investment from Qatar and Kuwait."
    found = triples(run(pipeline, text))
    assert both_ways("MYS", "QAT") | both_ways("MYS", "KWT") <= found


def test_a_multilateral_meeting_includes_its_host(pipeline: Pipeline) -> None:
    found = triples(run(pipeline, "Ministers of France, Germany and Italy meet in Tunis, Tunisia."))
    assert both_ways("FRA", "DEU") | both_ways("FRA", "TUN") | both_ways("ITA", "TUN") <= found


def test_a_series_of_meetings_among_named_states(pipeline: Pipeline) -> None:
    text = "Officials of Kenya, Uganda and Rwanda hold a series of meetings focused on trade."
    found = triples(run(pipeline, text))
    assert both_ways("KEN", "UGA") | both_ways("UGA", "RWA") | both_ways("KEN", "RWA") <= found


def test_two_parties_meeting_abroad_are_guests_not_hosted(pipeline: Pipeline) -> None:
    found = triples(run(pipeline, "Serbia and Kosovo hold talks in Brussels, Belgium."))
    assert both_ways("SRB", "XKX") <= found
    assert not any("BEL" in t for t in found)


def test_telephone_talks(pipeline: Pipeline) -> None:
    text = "The Japanese and Indian prime ministers spoke by telephone about trade."
    assert both_ways("JPN", "IND") <= triples(run(pipeline, text))
    text = "The Polish president held a phone call with his Lithuanian counterpart."
    assert both_ways("POL", "LTU") <= triples(run(pipeline, text))


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("Azerbaijan frees four soldiers following negotiations with Armenia.", "AZE", "ARM"),
        (
            "During a meeting with NATO officials, Finland announced new border measures.",
            "FIN",
            "NATO",
        ),
    ],
)
def test_talks_that_frame_an_act_are_the_actors(
    pipeline: Pipeline, text: str, a: str, b: str
) -> None:
    assert both_ways(a, b) <= triples(run(pipeline, text))


def test_receiving_goods_is_no_visit(pipeline: Pipeline) -> None:
    result = run(pipeline, "The Ukrainian army received a shipment of howitzers from Norway.")
    meetings: list[Event] = [e for e in result.events if e.root == "04"]
    assert meetings == []


def test_gathering_evidence_is_no_meeting(pipeline: Pipeline) -> None:
    result = run(pipeline, "Polish investigators gathered evidence against two Russian agents.")
    assert not any(e.root == "04" for e in result.events)
