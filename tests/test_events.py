"""Event coding: who did what to whom, on news sentences written for these tests.

Each test shows one general capability (a verb class, a syntactic construction, modality, the
record's fields, users' own patterns). Expected values follow the annotation guide: one event per
(source, target, root); negated and hypothetical events are kept but marked, and evaluation
ignores them, which is what `triples` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coding_helpers import Triple, all_events, run, triples
from dyad.codebook import lookup
from dyad.errors import DataError
from dyad.pipeline import Pipeline
from dyad.records import DocumentResult, Event


def by_trigger(result: DocumentResult, trigger: str) -> list[Event]:
    return [e for e in result.events if e.trigger.text == trigger]


# ---- active verbs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Canadian prime minister visited Mexico City on Thursday.", ("CAN", "MEX", "04")),
        ("Azerbaijan accused Armenia of provocations along the border.", ("AZE", "ARM", "11")),
        ("Kazakhstan condemned Azerbaijan's decision to close the pipeline.", ("KAZ", "AZE", "11")),
        ("The United States sanctioned three Iranian officials on Friday.", ("USA", "IRN", "16")),
        ("Vietnamese police arrested two Chinese fishermen on Sunday.", ("VNM", "CHN", "17")),
        ("Japan praised South Korea for its cooperation on the case.", ("JPN", "KOR", "05")),
        ("Ukraine demanded that Hungary stop blocking the aid package.", ("UKR", "HUN", "10")),
        ("Colombia rejected Venezuela's proposal for a joint border force.", ("COL", "VEN", "12")),
        ("North Korea threatened South Korea with a nuclear strike.", ("PRK", "KOR", "13")),
    ],
)
def test_active_verbs(pipeline: Pipeline, text: str, expected: Triple) -> None:
    assert expected in triples(run(pipeline, text))


def test_an_asserted_verb_event_is_asserted_and_not_negated(pipeline: Pipeline) -> None:
    result = run(pipeline, "Colombia rejected Venezuela's proposal for a joint border force.")
    assert all_events(result) == [("COL", "VEN", "12", "asserted", False)]


# ---- passive voice ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Syrian government forces were attacked by Turkish troops near Manbij.",
            ("TUR", "SYR", "19"),
        ),
        (
            "The Sudanese army was attacked by the Rapid Support Forces in Khartoum.",
            ("SDN", "SDN", "19"),
        ),
        (
            "The Philippine coast guard was attacked by Chinese vessels near Scarborough Shoal.",
            ("CHN", "PHL", "19"),
        ),
        pytest.param(
            "A Kenyan police post was attacked by al-Shabaab on Monday.",
            ("SOM", "KEN", "19"),
        ),
    ],
)
def test_passive_with_agent_codes_agent_as_source(
    pipeline: Pipeline, text: str, expected: Triple
) -> None:
    found = triples(run(pipeline, text))
    assert expected in found
    source, target, root = expected
    if source != target:
        assert (target, source, root) not in found  # not the other way round


# ---- coordination and symmetry ----------------------------------------------------------------


def test_coordinated_sources_and_targets_give_one_event_per_pair(pipeline: Pipeline) -> None:
    result = run(pipeline, "Germany and France condemned Iran and Syria on Tuesday.")
    assert triples(result) == {
        ("DEU", "IRN", "11"),
        ("DEU", "SYR", "11"),
        ("FRA", "IRN", "11"),
        ("FRA", "SYR", "11"),
    }
    assert len(result.events) == 4


def test_coordinated_targets_of_a_light_verb(pipeline: Pipeline) -> None:
    result = run(pipeline, "Canada and Australia imposed sanctions on Russia and Belarus.")
    assert triples(result) == {
        ("CAN", "RUS", "16"),
        ("CAN", "BLR", "16"),
        ("AUS", "RUS", "16"),
        ("AUS", "BLR", "16"),
    }


@pytest.mark.parametrize(
    ("text", "a", "b", "root"),
    [
        ("Armenia and Azerbaijan signed a peace treaty on Friday.", "ARM", "AZE", "05"),
        ("Iran and Saudi Arabia restored diplomatic ties in March.", "IRN", "SAU", "05"),
        ("Pakistani troops clashed with Afghan forces along the border.", "PAK", "AFG", "19"),
        (
            "Indian Prime Minister Narendra Modi held talks with Bangladeshi Prime Minister "
            "Sheikh Hasina in New Delhi.",
            "IND",
            "BGD",
            "04",
        ),
    ],
)
def test_symmetric_events_hold_in_both_directions(
    pipeline: Pipeline, text: str, a: str, b: str, root: str
) -> None:
    found = triples(run(pipeline, text))
    assert {(a, b, root), (b, a, root)} <= found


def test_each_other_pairs_the_coordinated_subjects(pipeline: Pipeline) -> None:
    result = run(pipeline, "Serbia and Kosovo blamed each other for the violence in the north.")
    assert triples(result) == {("SRB", "XKX", "11"), ("XKX", "SRB", "11")}


def test_accused_each_other_of(pipeline: Pipeline) -> None:
    result = run(pipeline, "Serbia and Kosovo accused each other of provocations.")
    assert triples(result) == {("SRB", "XKX", "11"), ("XKX", "SRB", "11")}


def test_accused_each_other_of_violating_the_ceasefire(pipeline: Pipeline) -> None:
    result = run(pipeline, "Thailand and Cambodia accused each other of violating the ceasefire.")
    assert triples(result) == {("THA", "KHM", "11"), ("KHM", "THA", "11")}


# ---- control, reported speech ------------------------------------------------------------------


def test_control_verb_passes_its_subject_to_the_complement(pipeline: Pipeline) -> None:
    result = run(pipeline, "Kenya decided to deploy police officers to Haiti.")
    assert ("KEN", "HTI", "15") in triples(result)


def test_agreed_to_withdraw_is_an_intent_of_the_subject(pipeline: Pipeline) -> None:
    result = run(pipeline, "Ethiopia agreed to withdraw its troops from Somalia by December.")
    events = by_trigger(result, "withdraw")
    assert [(e.source.key, e.target and e.target.key, e.cameo, e.modality) for e in events] == [
        ("ETH", "SOM", "035", "intended")
    ]
    assert ("ETH", "SOM", "03") in triples(result)


def test_reported_speech_codes_the_reported_act(pipeline: Pipeline) -> None:
    result = run(pipeline, "Pakistan said India accused Afghanistan of harbouring militants.")
    found = triples(result)
    assert ("IND", "AFG", "11") in found
    assert ("PAK", "AFG", "11") not in found
    (accusation,) = by_trigger(result, "accused")
    assert accusation.modality == "reported"


def test_accused_of_attacking_codes_the_accused_as_attacker(pipeline: Pipeline) -> None:
    result = run(pipeline, "Lebanon accused Israel of attacking Lebanese villages.")
    found = triples(result)
    assert ("LBN", "ISR", "11") in found
    assert ("ISR", "LBN", "19") in found
    assert ("LBN", "LBN", "19") not in found


# ---- nominal events ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Ethiopian withdrawal from Somalia began on Monday.", {("ETH", "SOM", "08")}),
        ("Israeli airstrikes on southern Lebanon continued overnight.", {("ISR", "LBN", "19")}),
        (
            "The foreign ministry said talks between Egypt and Sudan resumed in Cairo on Monday.",
            {("EGY", "SDN", "04"), ("SDN", "EGY", "04")},
        ),
        pytest.param(
            "Talks between Ethiopia and Eritrea resumed in Nairobi on Monday.",
            {("ETH", "ERI", "04"), ("ERI", "ETH", "04")},
        ),
    ],
)
def test_nominal_events(pipeline: Pipeline, text: str, expected: set[Triple]) -> None:
    assert expected <= triples(run(pipeline, text))


# ---- negation, hypotheticals, intent ------------------------------------------------------------


def test_negated_act_is_kept_and_marked(pipeline: Pipeline) -> None:
    result = run(pipeline, "India did not attack Pakistani posts, the army said.")
    (attack,) = by_trigger(result, "attack")
    assert (attack.source.key, attack.target and attack.target.key, attack.root) == (
        "IND",
        "PAK",
        "19",
    )
    assert attack.negated is True
    assert triples(result) == set()


def test_negated_light_verb_negates_its_noun(pipeline: Pipeline) -> None:
    result = run(pipeline, "Ghana did not hold talks with Togo during the summit.")
    assert result.events
    assert all(e.negated for e in result.events)
    assert ("GHA", "TGO", "04") not in triples(result)


def test_urged_to_withdraw_makes_the_withdrawal_hypothetical(pipeline: Pipeline) -> None:
    result = run(pipeline, "The United States urged Israel to withdraw from Gaza.")
    assert ("USA", "ISR", "02") in triples(result)
    (withdrawal,) = by_trigger(result, "withdraw")
    assert withdrawal.modality == "hypothetical"
    assert not any(root == "08" for _, _, root in triples(result))


def test_urged_party_is_the_source_of_the_urged_act(pipeline: Pipeline) -> None:
    result = run(pipeline, "The United States urged Israel to withdraw from Gaza.")
    (withdrawal,) = by_trigger(result, "withdraw")
    assert withdrawal.source.key == "ISR"


def test_would_attack_is_hypothetical(pipeline: Pipeline) -> None:
    result = run(pipeline, "Iran would attack Israel if provoked, a commander said.")
    assert ("IRN", "ISR", "19", "hypothetical", False) in all_events(result)
    assert triples(result) == set()


@pytest.mark.parametrize(
    ("text", "expected", "trigger"),
    [
        (
            "Saudi Arabia promised to provide assistance to Yemen.",
            ("SAU", "YEM", "03"),
            "provide",
        ),
        pytest.param(
            "Japan pledged to send aid to the Philippines.",
            ("JPN", "PHL", "03"),
            "send",
        ),
    ],
)
def test_pledge_codes_intent_to_cooperate(
    pipeline: Pipeline, text: str, expected: Triple, trigger: str
) -> None:
    result = run(pipeline, text)
    assert expected in triples(result)
    (event,) = by_trigger(result, trigger)
    assert event.modality == "intended"
    assert event.cameo == "033"  # express intent to provide aid


# ---- attacks told by their dead; domestic protests ------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Twelve Kurdish fighters were killed in Turkish airstrikes in northern Iraq on Sunday.",
            ("TUR", "IRQ", "18"),
        ),
        (
            "Seven civilians were killed in Russian airstrikes on Kharkiv, Ukraine.",
            ("RUS", "UKR", "18"),
        ),
    ],
)
def test_attack_reported_by_its_dead_is_an_assault(
    pipeline: Pipeline, text: str, expected: Triple
) -> None:
    found = triples(run(pipeline, text))
    assert expected in found
    assert not any(root == "19" for _, _, root in found)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Thousands of people protested in Bogota against the government on Saturday.", "COL"),
        ("Thousands of Kenyans marched in Nairobi to denounce the finance bill.", "KEN"),
    ],
)
def test_domestic_protest_is_coded_state_to_itself(
    pipeline: Pipeline, text: str, state: str
) -> None:
    assert (state, state, "14") in triples(run(pipeline, text))


# ---- the record's fields ------------------------------------------------------------------------

ARTICLE = (
    "Kenyan President William Ruto visited Ethiopia on Monday. Ruto praised Ethiopia's "
    "economic reforms and held talks with Prime Minister Abiy Ahmed in Addis Ababa.\n\n"
    "The president also criticized Sudan. Germany and France condemned Iran and Syria. "
    '"We reject the demands of China," said Vietnamese Prime Minister Pham Minh Chinh. '
    "Twelve Kurdish fighters were killed in Turkish airstrikes in northern Iraq."
)


@pytest.fixture(scope="module")
def article(pipeline: Pipeline) -> DocumentResult:
    return run(pipeline, ARTICLE)


def test_article_yields_many_events(article: DocumentResult) -> None:
    assert len(article.events) >= 8
    assert {("KEN", "ETH", "04"), ("KEN", "SDN", "11"), ("VNM", "CHN", "12")} <= triples(article)


def test_codes_agree_with_the_codebook(article: DocumentResult) -> None:
    for event in article.events:
        entry = lookup(event.cameo)
        assert event.root == event.cameo[:2] == entry.root
        assert event.quad_class == entry.quad_class
        assert event.goldstein == entry.goldstein
        assert event.plover == entry.plover


def test_offsets_point_at_the_spans(article: DocumentResult) -> None:
    text = article.article.text
    for event in article.events:
        spans = [event.trigger, event.source] + ([event.target] if event.target else [])
        for span in spans:
            assert text[span.start : span.end] == span.text
        start, end = event.sentence
        assert start <= event.trigger.start < event.trigger.end <= end


def test_every_event_names_its_rule(article: DocumentResult) -> None:
    for event in article.events:
        assert isinstance(event.rule, str) and event.rule.strip()
        assert event.rule.startswith(("V:", "N:"))


def test_event_ids_are_stable_and_unique(pipeline: Pipeline, article: DocumentResult) -> None:
    ids = [e.event_id for e in article.events]
    assert len(set(ids)) == len(ids)
    again = run(Pipeline(lang="en"), ARTICLE)
    assert [e.event_id for e in again.events] == ids
    assert again.article.doc_id == article.article.doc_id


# ---- users' own patterns -----------------------------------------------------------------------

HECKLE = "Serbian lawmakers heckled the Croatian ambassador during the session on Tuesday."


def test_user_pattern_file_adds_a_verb(tmp_path: Path, pipeline: Pipeline) -> None:
    assert run(pipeline, HECKLE).events == []
    patterns = tmp_path / "mine.tsv"
    patterns.write_text("# my verbs\n111\tV\theckle\t-\t-\n", encoding="utf-8")
    result = run(Pipeline(lang="en", pattern_files=[patterns]), HECKLE)
    assert triples(result) == {("SRB", "HRV", "11")}
    (event,) = result.events
    assert event.trigger.text == "heckled"
    assert event.rule == "V:heckle->111"


@pytest.mark.parametrize(
    "row",
    [
        "111\tV\tscold\t-",  # four columns
        "111\tX\tscold\t-\t-",  # pos neither V nor N
        "111\tV\tscold\t-\tloudly",  # unknown flag
        pytest.param(
            "999\tV\tscold\t-\t-",  # no such CAMEO code,
        ),
    ],
)
def test_malformed_pattern_row_names_file_and_line(tmp_path: Path, row: str) -> None:
    patterns = tmp_path / "mine.tsv"
    patterns.write_text(f"# my verbs\n042\tV\ttour\t-\t-\n{row}\n", encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        Pipeline(lang="en", pattern_files=[patterns])
    assert f"{patterns}:3" in str(excinfo.value)
