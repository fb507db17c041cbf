"""Who acts on whom when the target is no named state (issue #4, PLOVER pairs).

News names many sources and targets by role or by a thing they own ("federal police", "the
appeal of two journalists", "a ban on imports of British beef"). Each test is one such class of
phrasing; the sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from coding_helpers import run, triples
from dyad.pipeline import Pipeline


def pairs(pipeline: Pipeline, text: str) -> set[tuple[str, str | None, str]]:
    """(source mention, target mention, root) of every event."""
    return {
        (e.source.text, e.target.text if e.target else None, e.root)
        for e in run(pipeline, text).events
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an event noun after a light verb keeps an unplaced doer, as a verb does
        (
            "Federal police opened an investigation into Marta Velasquez on Monday.",
            ("Federal police", "Marta Velasquez", "09"),
        ),
        (
            "The ACLU filed a lawsuit against Governor Tom Brandt.",
            ("ACLU", "Governor Tom Brandt", "11"),
        ),
        # the act the verb asks for names the target: "called for sanctions against X"
        (
            "A group of lawmakers called for sanctions against Chinese officials.",
            ("lawmakers", "Chinese officials", "02"),
        ),
        # a rejected object's owner by "of": "rejected the appeal of two journalists"
        (
            "The Kenyan court rejected the appeal of three Reuters journalists.",
            ("Kenyan court", "Reuters journalists", "12"),
        ),
        # the thing acted on belongs to an actor further in: "imports of British beef"
        (
            "Japan agreed to lift its ban on imports of British beef.",
            ("Japan", "British", "03"),
        ),
    ],
)
def test_targets_named_by_role_or_by_what_they_own(
    pipeline: Pipeline, text: str, expected: tuple[str, str | None, str]
) -> None:
    assert expected in pairs(pipeline, text)


def test_a_dispute_between_two_organs_of_one_state_is_an_event(pipeline: Pipeline) -> None:
    text = "Peru's constitutional court rejected an appeal by the opposition party."
    result = run(pipeline, text)
    assert ("PER", "PER", "12") in triples(result)


def test_one_state_named_twice_is_no_domestic_dispute(pipeline: Pipeline) -> None:
    # a bare state is not a second actor; praise inside a government is no dispute
    for text in (
        "The Kenyan government rejected reports that Kenya had closed the border.",
        "The Kenyan government praised the Kenyan army for its restraint.",
    ):
        assert not any(s == t for s, t, _ in triples(run(pipeline, text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Colombian army said it had arrested three FARC commanders.",
            ("Colombian army", "FARC"),
        ),
        (
            "Houthi rebels announced on Sunday that they would free the Saudi pilots.",
            ("Houthi rebels", "Saudi"),
        ),
    ],
)
def test_it_and_they_in_a_reported_clause_are_the_reporter(
    pipeline: Pipeline, text: str, expected: tuple[str, str]
) -> None:
    assert expected in {(s, t) for s, t, _ in pairs(pipeline, text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The junta outlawed the Zambian opposition party.", "17"),
        ("Iran has waged cyber warfare against Albania for years.", "19"),
        ("Eritrea violated the ceasefire with Ethiopia overnight.", "19"),
        ("Egypt imposed a blockade on the Sudanese border town.", "19"),
        ("Prosecutors in Lima filed charges against Peruvian congressman Luis Vera.", "11"),
    ],
)
def test_phrasings_of_coercion_force_and_legal_accusation(
    pipeline: Pipeline, text: str, expected: str
) -> None:
    assert expected in {root for s, t, root in pairs(pipeline, text) if t is not None}


def test_members_and_leaders_of_a_group_act_for_it(pipeline: Pipeline) -> None:
    result = run(pipeline, "Hamas leaders met the Qatari foreign minister in Doha.")
    assert ("PSE", "QAT", "04") in triples(result)


def test_one_side_agreeing_to_an_act_to_come_is_intent(pipeline: Pipeline) -> None:
    # the guide's "agree to meet later" is 03; an agreement of two parties stays 05
    one = run(pipeline, "The Japanese government agreed to supply Vietnam with patrol boats.")
    assert ("JPN", "VNM", "03") in triples(one)
    assert ("VNM", "JPN", "03") not in triples(one)
    both = run(pipeline, "Chile and Peru agree to reopen their border crossings.")
    assert ("CHL", "PER", "05") in triples(both)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kenya's foreign minister held talks in Addis Ababa with Sudan's army chief.",
            ("KEN", "SDN", "04"),
        ),
        (
            "Ghana's central bank filed a lawsuit in a London court against a Nigerian lender.",
            ("GHA", "NGA", "11"),
        ),
    ],
)
def test_whom_an_act_is_with_comes_before_where_it_happens(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(run(pipeline, text))


def test_found_guilty_and_coordinated_objects_name_the_accused(pipeline: Pipeline) -> None:
    found = pairs(pipeline, "A Bolivian judge found the Chilean regime guilty of the massacre.")
    assert ("Bolivian judge", "Chilean regime", "11") in found
    text = "Greek ministers condemned the aggression and the threats made by the Turkish army."
    assert ("GRC", "TUR", "11") in triples(run(pipeline, text))


@pytest.mark.parametrize(
    "text",
    [
        "Sweden has provided its annual donations to Somali refugees.",
        "Canada provided $25 million to Haiti after the storm.",
        "Qatar provided food and medicine to Gaza's hospitals.",
    ],
)
def test_providing_money_or_relief_goods_is_aid(pipeline: Pipeline, text: str) -> None:
    assert any(root == "07" and t is not None for _, t, root in pairs(pipeline, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state's organ acting on unnamed people: the target mention is whom it acts on,
        # not the source's own words again
        (
            "Police in Lahore have arrested 40 shopkeepers over the price protests.",
            ("Police", "40 shopkeepers", "17"),
        ),
        (
            "The Kazakh authorities banned two opposition newspapers last week.",
            ("Kazakh authorities", "two opposition newspapers", "17"),
        ),
        # a passive subject is acted on too
        (
            "Dozens of students were detained by Egyptian police on Sunday.",
            ("Egyptian police", "Dozens", "17"),
        ),
    ],
)
def test_a_domestic_act_targets_the_people_it_falls_on(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in pairs(pipeline, text)


def test_a_domestic_act_keeps_its_state_as_target(pipeline: Pipeline) -> None:
    # the mention changes, the identity (the source's own state) does not
    result = run(pipeline, "Pakistani police have arrested 40 shopkeepers over the price protests.")
    arrests = [e for e in result.events if e.root == "17"]
    assert arrests and all(e.target and e.target.country == "PAK" for e in arrests)


@pytest.mark.parametrize(
    ("text", "target", "country"),
    [
        (
            "The Swiss government provided 12 million francs for emergency aid in western Sudan.",
            "western Sudan",
            "SDN",
        ),
        (
            "Norway gave 30 million kroner to support small farmers in Malawi.",
            "Malawi",
            "MWI",
        ),
        (
            "The World Bank announced assistance of $50 million to help families in Chad.",
            "Chad",
            "TCD",
        ),
    ],
)
def test_aid_names_its_recipient_by_where_its_beneficiaries_are(
    pipeline: Pipeline, text: str, target: str, country: str
) -> None:
    aid = [e for e in run(pipeline, text).events if e.root == "07" and e.target is not None]
    assert any(e.target.text == target and e.target.country == country for e in aid)


def test_aid_to_places_reaches_every_coordinated_state(pipeline: Pipeline) -> None:
    text = "The European Commission announced food assistance to help families in Niger and Mali."
    got = {t for _, t, root in triples(run(pipeline, text)) if root == "07"}
    assert {"NER", "MLI"} <= got


def test_aid_at_home_names_no_recipient_by_place(pipeline: Pipeline) -> None:
    # a donor's own country is no recipient of its aid
    text = "The Canadian government provided 5 million dollars for flood relief in Canada."
    assert not any(t == "CAN" and root == "07" for _, t, root in triples(run(pipeline, text)))


def test_a_message_names_its_sender_as_target(pipeline: Pipeline) -> None:
    text = "The Latvian ministry refused to respond to a request from the Russian embassy."
    assert ("Latvian ministry", "Russian embassy", "12") in pairs(pipeline, text)
    # "a withdrawal from the EU" names no owner: the rejected plan is Mr Vance's
    text = (
        "Parliament rejected Prime Minister Vance's plan for a withdrawal from the European Union."
    )
    found = pairs(pipeline, text)
    assert ("Parliament", "Prime Minister Vance", "12") in found
    assert not any(t == "European Union" for _, t, _ in found)


def test_an_armed_group_seizing_a_town_of_its_own_state_is_no_domestic_act(
    pipeline: Pipeline,
) -> None:
    text = "Al-Shabaab attacked an army base and briefly seized the town."
    assert not any(root == "17" for _, _, root in pairs(pipeline, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the act is the compound modifier; its parties hang on the framing noun
        (
            "The Norwegian foreign minister launched a mediation effort between Ethiopia and "
            "Eritrea.",
            ("NOR", "ERI", "04"),
        ),
        (
            "Russia began a bombing campaign against rebels in Syria.",
            ("RUS", "SYR", "18"),
        ),
    ],
)
def test_an_act_framed_by_effort_or_campaign_keeps_its_parties(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(run(pipeline, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a declared or imposed measure falls on the place it covers, not on its own name
        (
            "Ecuador's president declared a state of emergency in Guayas province.",
            ("Ecuador's president", "Guayas province", "17"),
        ),
        (
            "Indian authorities imposed a curfew in parts of Kashmir on Monday.",
            ("Indian authorities", "parts", "17"),
        ),
        # a date is no place
        (
            "Indian authorities imposed a curfew on Monday.",
            ("Indian authorities", "Indian authorities", "17"),
        ),
    ],
)
def test_a_measure_falls_on_the_place_it_covers(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in pairs(pipeline, text)


def test_seeking_refuge_is_an_appeal_for_aid_to_the_host(pipeline: Pipeline) -> None:
    text = "About 50,000 Sudanese have sought refuge in Chad since April."
    assert ("SDN", "TCD", "02") in triples(run(pipeline, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the dateline is where the story was filed, not who acted
        (
            "ROME -- A court in Sicily has convicted two Tunisian smugglers on Monday.",
            ("court", "Tunisian smugglers", "11"),
        ),
        (
            "THE HAGUE, Netherlands -- A United Nations prosecutor has charged a former "
            "Liberian minister with bribery.",
            ("United Nations prosecutor", "former Liberian minister", "17"),
        ),
    ],
)
def test_a_dateline_is_no_subject(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in pairs(pipeline, text)


def test_he_in_a_reported_clause_is_the_named_reporter(pipeline: Pipeline) -> None:
    text = "Chilean President Gabriel Boric said that he had rejected a request from Peru."
    assert ("Chilean President Gabriel Boric", "Peru", "12") in pairs(pipeline, text)
    # an organisation's report about "he" is about someone else
    text = "The Georgian Foreign Ministry said he had been expelled by Russia."
    assert not any(s == "Georgian Foreign Ministry" for s, _, _ in pairs(pipeline, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a weapon that acts stands for whoever fired it
        (
            "Shells fired by the Armenian army hit a village of Azerbaijan.",
            ("ARM", "AZE", "19"),
        ),
        # or for the nationality it bears
        (
            "A Turkish military helicopter attacked Kurdish fighters in Iraq.",
            ("TUR", "IRQ", "19"),
        ),
    ],
)
def test_a_weapon_stands_for_whoever_wields_it(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(run(pipeline, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what another party "must" do, said by a state, is CAMEO's demand (10)
        ("Turkey says Greece must withdraw its troops from the islands.", ("TUR", "GRC", "10")),
        # what it "should" do is an appeal (02)
        ("Brazil said Argentina should reopen the border crossing.", ("BRA", "ARG", "02")),
    ],
)
def test_saying_another_party_must_act_is_a_demand(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(run(pipeline, text))


@pytest.mark.parametrize(
    "text",
    [
        "The Turkish ministry said it must act quickly.",  # the speaker's own intent
        "Turkey said the talks must continue.",  # no party asked to act
        "Turkey said Greece withdrew its troops.",  # a report, not a demand
    ],
)
def test_saying_is_no_demand_without_a_named_party_under_must(
    pipeline: Pipeline, text: str
) -> None:
    assert not any(root in {"02", "10"} for _, _, root in pairs(pipeline, text))


def test_going_on_strike_is_a_strike(pipeline: Pipeline) -> None:
    found = pairs(pipeline, "Teachers in Chile went on strike for better pay.")
    assert ("Teachers", "Teachers", "14") in found
    # the strike itself is no place it falls on
    assert not any(t == "strike" for _, t, _ in found)
    # and an air strike stays an attack
    assert not any(r == "14" for _, _, r in pairs(pipeline, "Israeli jets struck targets in Gaza."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Indian troops stayed on high alert along the border with Pakistan.",
            ("IND", "PAK", "15"),
        ),
        ("The Pentagon placed an Army brigade in Italy on alert.", ("USA", "ITA", "15")),
    ],
)
def test_troops_on_alert_are_a_military_posture(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(run(pipeline, text))


@pytest.mark.parametrize(
    ("text", "called_off"),
    [
        ("Norway suspended its mediation efforts between Sri Lanka and the Tamil Tigers.", "04"),
        ("The Dutch prime minister cancelled a planned visit to Washington.", "04"),
        ("Israel halted its offensive against Hamas.", "19"),
    ],
)
def test_an_act_a_verb_calls_off_is_not_that_act(
    pipeline: Pipeline, text: str, called_off: str
) -> None:
    assert not any(root == called_off for _, _, root in pairs(pipeline, text))
