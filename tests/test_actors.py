"""Actor resolution: what each mention in a news sentence resolves to.

Every sentence here is written for these tests (none is copied from the evaluation data). Each test
runs the whole pipeline, because resolution depends on the article around a mention: titles
carry over to surnames, pronouns and "the foreign minister", quotes give "we" a speaker, and a
visit makes a counterpart the host's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coding_helpers import Triple, run, triples
from dyad.pipeline import Pipeline
from dyad.records import Actor, DocumentResult, Event


def actor_mentions(result: DocumentResult) -> list[Actor]:
    return [m.actor for m in result.mentions if m.kind == "actor" and m.actor is not None]


def mention(result: DocumentResult, text: str) -> Actor:
    found = [a for a in actor_mentions(result) if a.text == text]
    assert found, f"no actor mention {text!r}; got {[a.text for a in actor_mentions(result)]}"
    return found[0]


def events_from(result: DocumentResult, source_text: str) -> list[Event]:
    return [e for e in result.events if e.source.text == source_text]


# ---- states: names, demonyms, capitals, seats of government --------------------------------


@pytest.mark.parametrize(
    ("text", "span", "code", "country", "sector"),
    [
        ("Morocco criticized Algeria over the border closure.", "Algeria", "DZA", "DZA", []),
        (
            "Kenyan troops arrested three smugglers near the Somali border.",
            "Kenyan troops",
            "KENMIL",
            "KEN",
            ["MIL"],
        ),
        (
            "Chilean police detained dozens of protesters in Santiago.",
            "Chilean police",
            "CHLCOP",
            "CHL",
            ["COP"],
        ),
        (
            "The Greek coast guard detained Turkish fishermen off Lesbos.",
            "Turkish fishermen",
            "TURAGR",
            "TUR",
            ["AGR"],
        ),
    ],
)
def test_country_names_and_demonyms_resolve_with_sector(
    pipeline: Pipeline, text: str, span: str, code: str, country: str, sector: list[str]
) -> None:
    actor = mention(run(pipeline, text), span)
    assert (actor.code, actor.country, actor.igo, actor.sector, actor.kind) == (
        code,
        country,
        None,
        sector,
        "state",
    )


def test_capitals_as_metonyms_code_the_states(pipeline: Pipeline) -> None:
    result = run(pipeline, "Ankara accused Athens of violating Turkish airspace over the Aegean.")
    assert ("TUR", "GRC", "11") in triples(result)
    assert mention(result, "Ankara").code == "TURGOV"
    assert mention(result, "Athens").code == "GRCGOV"


def test_coordinated_capitals_each_resolve(pipeline: Pipeline) -> None:
    result = run(pipeline, "Tehran and Beijing criticized the G7 statement on Taiwan.")
    assert {("IRN", "G7", "11"), ("CHN", "G7", "11")} <= triples(result)


@pytest.mark.parametrize(
    ("text", "span", "code"),
    [
        (
            "The Kremlin condemned the decision, while the White House praised it.",
            "Kremlin",
            "RUSGOV",
        ),
        (
            "The Kremlin condemned the decision, while the White House praised it.",
            "White House",
            "USAGOV",
        ),
        ("Downing Street rejected the proposal on Wednesday.", "Downing Street", "GBRGOV"),
    ],
)
def test_seats_of_government_are_governments(
    pipeline: Pipeline, text: str, span: str, code: str
) -> None:
    result = run(pipeline, text)
    actor = mention(result, span)
    assert (actor.code, actor.kind) == (code, "state")
    # and they act as sources
    assert events_from(result, span), f"no event with {span!r} as source"


# ---- organisations and armed groups ---------------------------------------------------------


def test_igos(pipeline: Pipeline) -> None:
    result = run(
        pipeline,
        "The African Union suspended Gabon after the coup, and the UN Security Council "
        "demanded an immediate return to civilian rule.",
    )
    au = mention(result, "African Union")
    assert (au.igo, au.country, au.kind, au.code) == ("AU", None, "organisation", "AU")
    unsc = mention(result, "UN Security Council")
    assert (unsc.igo, unsc.country, unsc.kind) == ("UN", None, "organisation")
    assert ("AU", "GAB", "16") in triples(result)


def test_armed_group_with_home_state(pipeline: Pipeline) -> None:
    result = run(pipeline, "Hezbollah accused Israel of violating the truce in the south.")
    group = mention(result, "Hezbollah")
    assert (group.country, group.sector, group.kind, group.code) == (
        "LBN",
        ["REB"],
        "group",
        "LBNREB",
    )
    assert ("LBN", "ISR", "11") in triples(result)


def test_stateless_armed_group_is_img(pipeline: Pipeline) -> None:
    result = run(pipeline, "Nigerian troops attacked Islamic State positions in Borno on Sunday.")
    group = mention(result, "Islamic State")
    assert (group.country, group.igo, group.sector, group.code) == (None, None, ["IMG"], "IMG")
    assert group.key == "IMG"
    assert ("NGA", "IMG", "19") in triples(result)


def test_stateless_armed_group_before_collective_noun_is_img(pipeline: Pipeline) -> None:
    result = run(pipeline, "Islamic State militants attacked Nigerian soldiers in Borno state.")
    assert ("IMG", "NGA", "19") in triples(result)


# ---- persons ----------------------------------------------------------------------------------

MINISTER = (
    "Brazilian Foreign Minister Ana Souza arrived in Montevideo on Monday for talks on trade. "
    "Souza criticized Chile's new tariffs. The foreign minister also praised Uruguay's "
    "government for its support."
)


def test_titled_person_takes_country_sector_and_name(pipeline: Pipeline) -> None:
    actor = mention(run(pipeline, MINISTER), "Brazilian Foreign Minister Ana Souza")
    assert (actor.kind, actor.country, actor.sector, actor.name, actor.code) == (
        "person",
        "BRA",
        ["GOV"],
        "Ana Souza",
        "BRAGOV",
    )


def test_later_surname_and_title_resolve_to_the_same_person(pipeline: Pipeline) -> None:
    result = run(pipeline, MINISTER)
    surname = events_from(result, "Souza")
    title = events_from(result, "foreign minister")
    assert surname and title
    for event in surname + title:
        assert (event.source.name, event.source.key, event.source.kind) == (
            "Ana Souza",
            "BRA",
            "person",
        )
    assert ("BRA", "CHL", "11") in triples(result)
    assert ("BRA", "URY", "05") in triples(result)


@pytest.mark.parametrize(
    ("text", "pronoun", "name", "expected"),
    [
        (
            "Turkish Foreign Minister Hakan Fidan criticized Sweden on Monday. "
            "He accused Stockholm of harbouring militants.",
            "He",
            "Hakan Fidan",
            ("TUR", "SWE", "11"),
        ),
        (
            "Peruvian President Dina Boluarte visited Ecuador on Friday. "
            "She praised Ecuador's security reforms.",
            "She",
            "Dina Boluarte",
            ("PER", "ECU", "05"),
        ),
    ],
)
def test_pronouns_resolve_to_the_person_named_before(
    pipeline: Pipeline, text: str, pronoun: str, name: str, expected: Triple
) -> None:
    result = run(pipeline, text)
    events = events_from(result, pronoun)
    assert events, f"no event with {pronoun!r} as source"
    assert events[0].source.name == name
    assert (events[0].source.key, events[0].target and events[0].target.key, events[0].root) == (
        expected
    )


def test_she_skips_a_man_named_in_between(pipeline: Pipeline) -> None:
    result = run(
        pipeline,
        "Brazilian Foreign Minister Ana Souza met Argentine President Javier Milei in Buenos "
        "Aires on Monday. She later criticized Chile's new tariffs.",
    )
    events = events_from(result, "She")
    assert events
    assert (events[0].source.name, events[0].source.key) == ("Ana Souza", "BRA")


def test_he_skips_a_woman_titled_in_between(pipeline: Pipeline) -> None:
    # no first name to go by: the title "Queen" says who "he" cannot be
    result = run(
        pipeline,
        "Kenyan President William Ruto received Queen Mathilde of Belgium in Nairobi on "
        "Tuesday. He later condemned Sudan's paramilitary forces.",
    )
    events = events_from(result, "He")
    assert events
    assert events[0].source.key == "KEN"


def test_a_pronoun_with_no_gender_cue_takes_the_last_person(pipeline: Pipeline) -> None:
    result = run(
        pipeline,
        "Peruvian Foreign Minister Elmer Schialer met Bolivian envoy Tunde Quispe in Lima. "
        "She later criticized Chile's new tariffs.",
    )
    events = events_from(result, "She")
    assert events
    assert events[0].source.key == "BOL"  # neither name is known: the nearest person


def test_we_in_a_quote_is_the_speakers_state(pipeline: Pipeline) -> None:
    result = run(
        pipeline,
        '"We reject the demands of China," said Vietnamese Prime Minister Pham Minh Chinh '
        "on Friday.",
    )
    events = events_from(result, "We")
    assert events
    event = events[0]
    assert (event.source.key, event.target and event.target.key, event.root) == (
        "VNM",
        "CHN",
        "12",
    )
    assert event.modality == "reported"
    assert event.quote_id is not None


# ---- things that are not actors --------------------------------------------------------------

WIRE = (
    "HANOI (Reuters) - Vietnam condemned China on Tuesday over the detention of its "
    "fishermen, Reuters reported. AFP said Beijing rejected the criticism."
)


def test_news_agencies_are_never_actors(pipeline: Pipeline) -> None:
    result = run(pipeline, WIRE)
    texts = {a.text for a in actor_mentions(result)}
    assert not texts & {"Reuters", "AFP"}
    for event in result.events:
        assert event.source.text not in {"Reuters", "AFP"}
        assert event.target is None or event.target.text not in {"Reuters", "AFP"}
    assert ("VNM", "CHN", "11") in triples(result)
    assert any(e.source.key == "CHN" and e.root == "12" for e in result.events)


def test_dateline_city_is_not_an_event_source(pipeline: Pipeline) -> None:
    result = run(
        pipeline,
        "NAIROBI, May 2 (Reuters) - Kenya accused Uganda of blocking fuel shipments, "
        "officials said.",
    )
    assert ("KEN", "UGA", "11") in triples(result)
    assert [e.source.text for e in result.events] == ["Kenya"]


def test_name_containing_a_capital_is_not_the_state(pipeline: Pipeline) -> None:
    result = run(pipeline, "Paris Hilton criticized the French government on Instagram.")
    assert all(a.text != "Paris" for a in actor_mentions(result))
    assert all(e.source.key != "FRA" for e in result.events)
    assert mention(result, "French government").code == "FRAGOV"


def test_us_state_named_after_a_country_is_not_that_country(pipeline: Pipeline) -> None:
    result = run(pipeline, "New Mexico sued Texas over water rights on Monday.")
    assert all(a.country != "MEX" for a in actor_mentions(result))
    assert all("MEX" not in (e.source.key, e.target and e.target.key) for e in result.events)


@pytest.mark.parametrize(
    "text",
    [
        "A factory in Savannah, Georgia, United States, was closed on Monday.",
        pytest.param(
            "Protesters gathered in Atlanta, Georgia, United States, on Sunday.",
        ),
    ],
)
def test_georgia_in_the_united_states_is_not_the_country(pipeline: Pipeline, text: str) -> None:
    result = run(pipeline, text)
    assert all(a.country != "GEO" for a in actor_mentions(result))


def test_georgia_the_country_still_resolves(pipeline: Pipeline) -> None:
    result = run(pipeline, "Georgia criticized Russia over the detention of its citizens.")
    assert mention(result, "Georgia").country == "GEO"
    assert ("GEO", "RUS", "11") in triples(result)


# ---- counterparts on a visit ------------------------------------------------------------------


def test_counterpart_met_on_a_visit_belongs_to_the_host(pipeline: Pipeline) -> None:
    result = run(
        pipeline,
        "Indian Prime Minister Narendra Modi visited Japan on Saturday and held talks with his "
        "counterpart Shigeru Ishiba.",
    )
    counterpart = mention(result, "his counterpart Shigeru Ishiba")
    assert (counterpart.country, counterpart.name, counterpart.kind) == (
        "JPN",
        "Shigeru Ishiba",
        "person",
    )
    assert {("IND", "JPN", "04"), ("JPN", "IND", "04")} <= triples(result)


def test_counterpart_met_in_the_sentence_after_the_arrival(pipeline: Pipeline) -> None:
    result = run(
        pipeline,
        "Indian Prime Minister Narendra Modi arrived in Tokyo on Saturday for a two-day visit. "
        "He met his counterpart Shigeru Ishiba on Sunday.",
    )
    assert {("IND", "JPN", "04"), ("JPN", "IND", "04")} <= triples(result)


# ---- users' own actors ------------------------------------------------------------------------


def test_user_actor_file_adds_a_group(tmp_path: Path) -> None:
    actors = tmp_path / "my_actors.json"
    actors.write_text(
        json.dumps({"groups": [{"names": ["Blue Falcons"], "country": "NOR", "sector": ["REB"]}]}),
        encoding="utf-8",
    )
    text = "The Blue Falcons attacked a Swedish patrol near the border on Friday."
    plain = run(Pipeline(lang="en"), text)
    assert all(a.text != "Blue Falcons" for a in actor_mentions(plain))

    result = run(Pipeline(lang="en", actor_files=[actors]), text)
    group = mention(result, "Blue Falcons")
    assert (group.country, group.sector, group.kind, group.code) == (
        "NOR",
        ["REB"],
        "group",
        "NORREB",
    )
    assert ("NOR", "SWE", "19") in triples(result)


def test_compound_actor_is_one_actor_per_state(pipeline: Pipeline) -> None:
    result = run(pipeline, "Hungarian and Romanian officials condemned Serbia on Monday.")
    assert triples(result) == {("HUN", "SRB", "11"), ("ROU", "SRB", "11")}
    result = run(pipeline, "Serbia criticized Hungarian and Romanian officials on Monday.")
    assert triples(result) == {("SRB", "HUN", "11"), ("SRB", "ROU", "11")}


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("a group of Bolivian farmers", "BOL", None),
        ("members of the Kenyan parliament", "KEN", "LEG"),
        ("a band of thieves", None, "CRM"),
        ("taxi drivers", None, "CVL"),
        ("a paramilitary organization", None, "PRM"),
    ],
)
def test_partitives_and_role_nouns(text: str, country: str | None, sector: str | None) -> None:
    from dyad.actors import resolve_text

    actor = resolve_text(text)
    assert actor is not None
    assert actor.country == country
    if sector is not None:
        assert sector in actor.sector


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Shanghai police", "CHN"),  # a big city's organ is its state's
        ("the Tigray regional government", "ETH"),  # a region's too
        ("Kurdistan authorities", None),  # a region of Iraq and a province of Iran: unplaced
    ],
)
def test_a_town_or_region_places_its_organs(text: str, country: str | None) -> None:
    from dyad.actors import resolve_text

    actor = resolve_text(text)
    assert actor is not None
    assert actor.country == country
