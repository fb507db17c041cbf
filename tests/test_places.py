"""Toponyms found in parsed text, resolved to a country and a point, and the place of an event.

Sentences are written for these tests; coordinates are checked loosely (a place is right when
it is the right town or region, not to the metre).
"""

from __future__ import annotations

import pytest

from dyad.nlp import parse
from dyad.places import PlaceMention, find_places, location_for_event
from dyad.places_gazetteer import gazetteer, haversine_km, place_key


def places_in(text: str) -> list[PlaceMention]:
    return find_places(parse(text))


def only(places: list[PlaceMention], text: str) -> PlaceMention:
    found = [p for p in places if p.text == text]
    assert len(found) == 1, (text, places)
    return found[0]


def near(p: PlaceMention, lat: float, lon: float, km: float = 60.0) -> bool:
    return haversine_km(p.lat, p.lon, lat, lon) < km


def test_a_capital_and_its_country() -> None:
    places = places_in("Officials in Bamako said that Mali would hold elections next year.")
    bamako, mali = only(places, "Bamako"), only(places, "Mali")
    assert (bamako.country, bamako.feature) == ("MLI", "city")
    assert near(bamako, 12.65, -8.0)
    assert (mali.country, mali.feature) == ("MLI", "country")
    assert near(mali, 17.0, -4.0, km=300)


def test_paris_texas_is_not_the_paris_of_an_article_about_france() -> None:
    texas = places_in("The rodeo in Paris, Texas drew three thousand visitors on Saturday.")
    paris = only(texas, "Paris")
    assert paris.country == "USA" and near(paris, 33.66, -95.56)
    assert only(texas, "Texas").feature == "admin1"

    france = places_in(
        "France hosted the climate summit this week. Leaders met in Paris on Monday, and "
        "the French president spoke to reporters."
    )
    paris = only(france, "Paris")
    assert paris.country == "FRA" and near(paris, 48.86, 2.35)


def test_population_breaks_a_tie_and_the_article_overrides_it() -> None:
    alone = only(places_in("Thousands marched through Birmingham on Saturday."), "Birmingham")
    assert alone.country == "GBR"  # 1.1 million people against Alabama's 200,000
    text = (
        "Alabama lawmakers met on Tuesday. Thousands later marched through Birmingham, where "
        "the governor spoke."
    )
    assert only(places_in(text), "Birmingham").country == "USA"


def test_a_qualifier_after_a_comma_says_which_place() -> None:
    places = places_in("An explosion hit a crowded market in Sidon, Lebanon, on Friday.")
    sidon, lebanon = only(places, "Sidon"), only(places, "Lebanon")
    assert sidon.country == "LBN" and near(sidon, 33.56, 35.37)
    assert lebanon.feature == "country"

    atlanta = places_in("The company moved its offices to Atlanta, Georgia, last spring.")
    assert only(atlanta, "Georgia").feature == "admin1"
    tbilisi = places_in("Protesters filled the streets of Tbilisi, Georgia, overnight.")
    assert only(tbilisi, "Georgia").feature == "country"


def test_abbreviations_name_a_state_only_as_a_qualifier() -> None:
    places = places_in("The plant in Lexington, Ky. closed last year.")
    assert only(places, "Ky.").name == "Kentucky"
    assert only(places, "Lexington").country == "USA"
    assert not [p for p in places_in("Mo. said nothing more.") if p.text.startswith("Mo")]


def test_places_the_parser_misses_after_a_preposition() -> None:
    # The small English model tags "Gao" and "Khan Yunis" as people.
    places = places_in("Clashes erupted in Gao on Sunday. Airstrikes on Khan Yunis killed 12.")
    gao = only(places, "Gao")
    assert gao.country == "MLI" and near(gao, 16.27, -0.04)
    assert only(places, "Khan Yunis").country == "PSE"
    # Words that only look like places after "in" are not taken.
    assert places_in("The vote took place in March in Parliament.") == []


def test_names_the_parser_knows_are_something_else_are_not_places() -> None:
    # GeoNames lists "Google" as an old name of Topeka; "GAO" is an office, "US$" money.
    places = places_in(
        "She spoke at Google headquarters in California. The GAO said the plan cost US$5 million."
    )
    assert [(p.text, p.feature) for p in places] == [("California", "admin1")]


def test_regions_and_seas_resolve_to_a_centre_without_a_country() -> None:
    places = places_in("Tensions rose across the Middle East and in the South China Sea.")
    assert only(places, "Middle East").country is None
    assert only(places, "South China Sea").feature == "sea"


def test_offsets_index_the_text() -> None:
    text = (
        "KABUL (Reuters) - Taliban fighters attacked a checkpoint near Kandahar, officials in "
        "Afghanistan said, while envoys met in Doha, Qatar. Turkey's president flew to Ankara."
    )
    places = find_places(parse(text))
    assert {p.text for p in places} >= {"KABUL", "Kandahar", "Afghanistan", "Doha", "Ankara"}
    for p in places:
        assert text[p.start : p.end] == p.text


def test_keys_fold_case_accents_and_punctuation() -> None:
    assert place_key("the Côte d’Ivoire") == place_key("Cote d'Ivoire") == "cote divoire"
    assert place_key("Washington, D.C.") == "washington dc"
    assert place_key("Aydın") == "aydin"
    assert any(m.place.country == "TUR" for m in gazetteer().lookup("Aydin"))


def event_place(text: str, trigger: str) -> PlaceMention | None:
    doc = parse(text)
    places = find_places(doc)
    start = text.index(trigger)
    sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    return location_for_event(
        places, start, start + len(trigger), (sent.start_char, sent.end_char), text
    )


@pytest.mark.parametrize(
    ("text", "trigger", "where"),
    [
        ("Heavy clashes erupted in Gao on Sunday.", "clashes", "Gao"),
        ("Talks between the two sides resumed in Doha on Monday.", "Talks", "Doha"),
        ("Israeli airstrikes on Khan Yunis killed 12 people.", "airstrikes", "Khan Yunis"),
        ("In Kidal, gunmen attacked a convoy of the army.", "attacked", "Kidal"),
        ("Protesters in Bamako clashed with police.", "clashed", "Bamako"),
        ("Putin visited Beijing last week.", "visited", "Beijing"),
        (
            "Mali's prime minister met the French ambassador in the northern city of Timbuktu.",
            "met",
            "Timbuktu",
        ),
    ],
)
def test_location_for_event_picks_where_it_happened(text: str, trigger: str, where: str) -> None:
    place = event_place(text, trigger)
    assert place is not None and place.text == where


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # No place at all.
        ("The government condemned the attack on Tuesday.", "condemned"),
        # A country as the object of "on" is a target or a topic, not a place.
        ("Washington imposed new sanctions on Iran.", "imposed"),
        # The place belongs to another clause.
        ("The minister, who was born in Kayes, criticised the junta.", "criticised"),
        ("Officials denied the report after fighting broke out in Gao.", "denied"),
    ],
)
def test_location_for_event_is_none_when_the_text_does_not_say(text: str, trigger: str) -> None:
    assert event_place(text, trigger) is None
