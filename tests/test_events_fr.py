"""French event coding: the English coder's rules read off an English-labelled view of the
French parse (dyad.event_syntax_fr), with French triggers (data/event_patterns_fr.tsv) and
French actor names (data/actors_fr.json).

Sentences are written for these tests, one general capability each: a common verb class per
CAMEO root, passives, reflexive meetings, "avec" partners, "contre" targets, negation and
modality, and the article's own offsets in the records.
"""

from __future__ import annotations

import pytest

from coding_helpers import Triple, all_events, run, triples
from dyad.event_syntax import _event_id
from dyad.event_syntax_fr import french_patterns
from dyad.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(lang="fr")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le Qatar a exhorté Israël à accepter une trêve.", ("QAT", "ISR", "02")),
        ("La Turquie a promis d'aider l'Ukraine.", ("TUR", "UKR", "03")),
        ("Le président français a visité le Sénégal la semaine dernière.", ("FRA", "SEN", "04")),
        ("Le Japon a reçu le ministre indien des Affaires étrangères.", ("JPN", "IND", "04")),
        ("Le gouvernement allemand a salué la Pologne pour son courage.", ("DEU", "POL", "05")),
        ("Le Maroc et l'Espagne ont signé un accord sur la pêche.", ("MAR", "ESP", "05")),
        ("Le Kenya a coopéré avec la Somalie contre les pirates.", ("KEN", "SOM", "06")),
        ("Le Canada a fourni une aide humanitaire à Haïti.", ("CAN", "HTI", "07")),
        ("La France a libéré deux otages iraniens.", ("FRA", "IRN", "08")),
        ("Le Brésil a exigé que le Paraguay libère les otages.", ("BRA", "PRY", "10")),
        ("Les États-Unis ont accusé la Chine de cyberattaques.", ("USA", "CHN", "11")),
        ("La France a condamné l'Iran après l'exécution.", ("FRA", "IRN", "11")),
        ("La Serbie a rejeté la proposition du Kosovo.", ("SRB", "XKX", "12")),
        ("Le Tchad a expulsé l'ambassadeur du Soudan.", ("TCD", "SDN", "16")),
        ("L'Union européenne a imposé des sanctions contre la Biélorussie.", ("EU", "BLR", "16")),
        ("La police égyptienne a arrêté des journalistes britanniques.", ("EGY", "GBR", "17")),
        ("L'armée israélienne a bombardé Gaza.", ("ISR", "PSE", "19")),
        ("Les rebelles ont attaqué une base de l'armée malienne.", (None, "MLI", "19")),
        ("La Russie a envahi l'Ukraine.", ("RUS", "UKR", "19")),
    ],
)
def test_common_french_verbs(pipeline: Pipeline, text: str, expected: Triple) -> None:
    found = triples(run(pipeline, text))
    if expected[0] is None:
        assert any(t == expected[1] and r == expected[2] for _, t, r in found), found
    else:
        assert expected in found


def test_passive_agent_is_the_source(pipeline: Pipeline) -> None:
    found = triples(run(pipeline, "L'ambassade américaine a été attaquée par des soldats russes."))
    assert ("RUS", "USA", "19") in found


def test_reflexive_meeting_codes_both_directions(pipeline: Pipeline) -> None:
    found = triples(run(pipeline, "La Russie et l'Ukraine se sont rencontrées à Istanbul."))
    assert {("RUS", "UKR", "04"), ("UKR", "RUS", "04")} <= found


def test_avec_names_the_meeting_partner(pipeline: Pipeline) -> None:
    text = "Le président Emmanuel Macron s'est entretenu avec Vladimir Poutine."
    found = triples(run(pipeline, text))
    assert {("FRA", "RUS", "04"), ("RUS", "FRA", "04")} <= found


def test_contre_names_the_target_of_a_protest(pipeline: Pipeline) -> None:
    found = triples(run(pipeline, "Des manifestants ont manifesté contre le gouvernement turc."))
    assert any(t == "TUR" and r == "14" for _, t, r in found), found


def test_noun_event_with_nationality_adjective(pipeline: Pipeline) -> None:
    found = triples(run(pipeline, "Le Liban a dénoncé les frappes israéliennes contre Beyrouth."))
    assert ("LBN", "ISR", "11") in found


def test_ne_pas_marks_the_event_negated(pipeline: Pipeline) -> None:
    events = all_events(run(pipeline, "Le Japon n'a pas condamné la Corée du Nord."))
    assert ("JPN", "PRK", "11", "asserted", True) in events


def test_conditional_is_hypothetical(pipeline: Pipeline) -> None:
    events = all_events(run(pipeline, "Selon Washington, la Russie attaquerait la Moldavie."))
    assert [e[3] for e in events if e[2] == "19"] == ["hypothetical"]


def test_threat_recodes_the_threatened_act(pipeline: Pipeline) -> None:
    result = run(pipeline, "Le Kremlin a menacé de frapper l'Ukraine.")
    assert [e.cameo for e in result.events] == ["138"]


def test_urged_act_is_hypothetical_and_done_by_the_object(pipeline: Pipeline) -> None:
    events = all_events(run(pipeline, "La Chine a exhorté le Japon à retirer ses troupes."))
    assert ("CHN", "JPN", "02", "asserted", False) in events
    assert any(e[0] == "JPN" and e[2] == "08" and e[3] == "hypothetical" for e in events)


def test_records_carry_the_article_offsets(pipeline: Pipeline) -> None:
    text = "Hier, l'armée israélienne a bombardé des positions du Hezbollah au Liban."
    result = run(pipeline, text)
    assert result.events
    for e in result.events:
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text == "bombardé"
        assert text[e.source.start : e.source.end] == e.source.text
        assert text[e.sentence[0] : e.sentence[1]] == text
        assert e.event_id == _event_id(e.doc_id, e.trigger.start, e.source, e.target, e.cameo)


def test_french_triggers_stay_out_of_the_english_index() -> None:
    coder = Pipeline(lang="en").coder
    assert ("V", "condamner") not in coder.index.by_key
    assert ("V", "condamner") in coder.french_index.by_key
    assert any(p.lemma == "condamner" for p in french_patterns())
