"""The quotes stage: direct, partial and indirect quotes with their cue and speaker mention.

Every sentence here is written for these tests; the seed checks run on the seed article as
shipped and, when the cleaner is present, on its cleaned text.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from spacy.language import Language

from dyad.nlp import load_pipeline
from dyad.quotes import QuoteCandidate, find_quotes, load_cues

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_857e34fc77add78a.txt"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline("en")


def quotes(nlp: Language, text: str) -> list[QuoteCandidate]:
    doc = nlp(text)
    found = find_quotes(doc)
    for q in found:  # the offsets contract: every span is text[start:end]
        assert text[q.start : q.end] == q.text
        for span in (q.cue, q.speaker):
            if span is not None:
                assert text[span.start : span.end] == span.text
    return found


def only(found: list[QuoteCandidate], starts: str) -> QuoteCandidate:
    hits = [q for q in found if q.text.startswith(starts)]
    assert len(hits) == 1, f"{starts!r}: {[(q.kind, q.text) for q in found]}"
    return hits[0]


def speaker(q: QuoteCandidate) -> str | None:
    return q.speaker.text if q.speaker else None


def cue(q: QuoteCandidate) -> str | None:
    return q.cue.text if q.cue else None


# ---------------------------------------------------------------------------------------------
# The seed article


def seed_texts() -> list[tuple[str, str]]:
    raw = SEED.read_text(encoding="utf-8")
    texts = [("raw", raw)]
    if importlib.util.find_spec("dyad.clean") is not None:
        from dyad.clean import clean_document
        from dyad.records import RawDocument

        texts.append(("cleaned", clean_document(RawDocument(source_id="seed", text=raw)).text))
    return texts


@pytest.mark.parametrize(("name", "text"), seed_texts(), ids=lambda v: v if len(v) < 10 else "")
def test_seed_quotes(nlp: Language, name: str, text: str) -> None:
    found = quotes(nlp, text)
    first = only(found, "We consider Russia a reliable partner")
    assert (first.kind, speaker(first), cue(first)) == ("direct", "Maiga", "said")
    # The interrupted quote's second part: same speaker, same cue occurrence.
    second = only(found, "However, this is not our only partner")
    assert (second.kind, speaker(second)) == ("direct", "Maiga")
    assert second.cue == first.cue
    third = only(found, "[The French] wanted to impose their will on us")
    assert (third.kind, speaker(third), cue(third)) == ("direct", "Maiga", "explained")
    assert third.text.endswith("we choose what to do")
    predatory = only(found, "predatory project")
    assert predatory.kind == "partial"
    assert speaker(predatory) == "French President Emmanuel Macron"
    assert cue(predatory) == "accused"
    justify = only(found, "justify")
    assert (justify.kind, speaker(justify), cue(justify)) == ("partial", "Diop", "said")
    beg = only(found, "beg")
    assert (beg.kind, speaker(beg), cue(beg)) == ("partial", "him", "According to")
    told = only(found, "that Mali expects to present")
    assert (told.kind, speaker(told), cue(told)) == ("indirect", "PM Maiga", "told")
    # Apostrophes ("Mali’s", "Paris’s", "metropolis’") open nothing.
    assert not any(q.text.startswith("s ") or "’s" in q.text[:2] for q in found)


# ---------------------------------------------------------------------------------------------
# Direct quotes and their attribution frames


def test_quote_then_speaker_said(nlp: Language) -> None:
    q = only(quotes(nlp, '"The border will stay closed until further notice," Okafor said.'), "The")
    assert (q.kind, q.text, speaker(q), cue(q)) == (
        "direct",
        "The border will stay closed until further notice",
        "Okafor",
        "said",
    )


def test_quote_then_said_speaker(nlp: Language) -> None:
    text = "“We have no intention of leaving the talks,” said the foreign minister, Ana Lopes."
    q = only(quotes(nlp, text), "We have")
    assert speaker(q) == "the foreign minister"
    assert cue(q) == "said"


def test_speaker_colon_quote(nlp: Language) -> None:
    text = 'The opposition leader told supporters: "This election was stolen from you."'
    q = only(quotes(nlp, text), "This election")
    assert (q.kind, speaker(q), cue(q)) == ("direct", "The opposition leader", "told")
    assert q.text == "This election was stolen from you."


def test_cue_verb_after_quote_with_adjunct(nlp: Language) -> None:
    text = "“Sanctions hurt ordinary families first,” explained Ruto during the press conference."
    q = only(quotes(nlp, text), "Sanctions")
    assert (speaker(q), cue(q)) == ("Ruto", "explained")


def test_said_quote_without_comma(nlp: Language) -> None:
    text = 'Senator Hale said "Nobody in this chamber wants another shutdown."'
    q = only(quotes(nlp, text), "Nobody")
    assert (q.kind, speaker(q), cue(q)) == ("direct", "Senator Hale", "said")
    # Quoted words the sentence carries on past are a partial quote of the same speech act.
    text = 'Senator Hale said "nobody in this chamber" wants another shutdown.'
    q = only(quotes(nlp, text), "nobody")
    assert (q.kind, speaker(q), cue(q)) == ("partial", "Senator Hale", "said")


def test_pronoun_speaker(nlp: Language) -> None:
    text = "Keller left the room early.\n\n“I have said all I am going to say,” she told reporters."
    q = only(quotes(nlp, text), "I have said")
    assert (speaker(q), cue(q)) == ("she", "told")


def test_multi_sentence_and_interrupted_quote(nlp: Language) -> None:
    text = (
        "“The ceasefire is fragile. Both sides are rearming,” the envoy said. “We need monitors "
        "on the ground within a week. Otherwise it will collapse.”"
    )
    found = [q for q in quotes(nlp, text) if q.kind == "direct"]
    assert [q.text for q in found] == [
        "The ceasefire is fragile. Both sides are rearming",
        "We need monitors on the ground within a week. Otherwise it will collapse.",
    ]
    assert [speaker(q) for q in found] == ["the envoy", "the envoy"]
    assert found[0].cue == found[1].cue is not None


def test_interrupted_quote_mid_sentence(nlp: Language) -> None:
    text = "“We will sign the accord,” Ndiaye said, “but only if the troops leave first.”"
    found = quotes(nlp, text)
    tail = only(found, "but only if")
    assert (tail.kind, speaker(tail)) == ("direct", "Ndiaye")


def test_continuation_paragraph_takes_previous_speaker(nlp: Language) -> None:
    text = (
        "“The port has been blockaded for three weeks,” Governor Mensah said on Monday.\n\n"
        "“Food prices have doubled and the hospitals are running out of fuel.”\n\n"
        "The navy did not respond to a request for comment."
    )
    q = only(quotes(nlp, text), "Food prices")
    assert (q.kind, speaker(q), cue(q)) == ("direct", "Governor Mensah", "said")


def test_multi_paragraph_quote_left_open(nlp: Language) -> None:
    text = (
        "“Our first duty is to the displaced,” the minister said. “Nobody should spend another "
        "winter in a tent.\n\n"
        "“We will rebuild the schools before anything else.”"
    )
    found = quotes(nlp, text)
    assert speaker(only(found, "Nobody should")) == "the minister"
    assert speaker(only(found, "We will rebuild")) == "the minister"


def test_single_curly_quotes_delimit_a_quote(nlp: Language) -> None:
    text = "‘We will not be intimidated by threats,’ the mayor’s spokesman said."
    q = only(quotes(nlp, text), "We will not")
    assert q.text == "We will not be intimidated by threats"
    assert (q.kind, speaker(q)) == ("direct", "the mayor’s spokesman")
    # Apostrophes inside the quote ("don’t", "Mali’s") do not close it.
    text = "‘We don’t negotiate with Mali’s juntas or their allies,’ the envoy said."
    q = only(quotes(nlp, text), "We don")
    assert q.text == "We don’t negotiate with Mali’s juntas or their allies"


def test_unclosed_single_mark_is_capped(nlp: Language) -> None:
    filler = "The committee met again on Tuesday and discussed the budget in detail. " * 6
    text = (
        f"‘Reform was the word of the day. {filler}Aides sat in the ministers’ offices, aides said."
    )
    found = quotes(nlp, text)
    assert not any(q.kind == "direct" for q in found)
    assert all(len(q.text) < 300 for q in found)


def test_doubled_apostrophes_as_quote_marks(nlp: Language) -> None:
    text = "''This budget is a fantasy,'' said Representative Kim."
    q = only(quotes(nlp, text), "This budget")
    assert (q.text, speaker(q)) == ("This budget is a fantasy", "Representative Kim")


def test_transcript_label_inside_quote(nlp: Language) -> None:
    text = 'The exchange went as follows:\n\n"HOST: Will you run again next year?"'
    q = only(quotes(nlp, text), "Will you run")
    assert speaker(q) == "HOST"


# ---------------------------------------------------------------------------------------------
# Marks that are not quotes


def test_apostrophes_do_not_open_quotes(nlp: Language) -> None:
    text = (
        "Ghana’s finance minister said the country’s debt talks with its creditors’ committee "
        "had stalled. Officials don’t expect a deal before Paris’s deadline, and the IMF’s "
        "team won’t return until March.\n\n"
        "“We are still at the table,” the minister said."
    )
    found = quotes(nlp, text)
    direct = [q for q in found if q.kind != "indirect"]
    assert [q.text for q in direct] == ["We are still at the table"]
    assert speaker(direct[0]) == "the minister"


def test_unbalanced_mark_does_not_swallow_the_document(nlp: Language) -> None:
    text = (
        "The spokesman said “the situation is under control and refused to say more.\n\n"
        "Residents described long queues for bread. Several shops were closed.\n\n"
        '"There is nothing left to buy," said Amina Yusuf, a teacher.'
    )
    found = quotes(nlp, text)
    assert all("\n" not in q.text for q in found)
    assert not any(q.text.startswith("the situation") and q.kind != "indirect" for q in found)
    q = only(found, "There is nothing")
    assert q.text == "There is nothing left to buy"
    assert speaker(q) == "Amina Yusuf"


def test_unbalanced_straight_mark(nlp: Language) -> None:
    text = 'The agency called it a "routine check.\n\nThe minister said "nothing" had changed.'
    found = quotes(nlp, text)
    assert all("\n" not in q.text for q in found)
    assert not any(q.text.startswith("routine check") for q in found)


def test_stray_marks_never_break_the_stage(nlp: Language) -> None:
    rng = random.Random(7)
    words = (
        'The minister said “that the talks , ‘would” resume’ next week . " Officials '
        "don’t agree \n\n according to him '' the army’s ``plan\" was “ rejected "
        'said "the “failure.” told warned that "a'
    ).split(" ")
    for _ in range(150):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(5, 60)))
        for q in quotes(nlp, text):  # offsets checked in quotes()
            assert q.text.strip() and q.start < q.end


def test_scare_quotes_without_speech_are_skipped(nlp: Language) -> None:
    text = (
        "The so-called “peace dividend” never arrived. Exports of ‘strategic’ minerals rose "
        "by a third."
    )
    assert quotes(nlp, text) == []


# ---------------------------------------------------------------------------------------------
# Partial quotes inside reported speech


def test_partial_quote_takes_governing_speech_verb(nlp: Language) -> None:
    text = "Chancellor Weber accused the rebels of staging a “cynical provocation” near the border."
    q = only(quotes(nlp, text), "cynical provocation")
    assert (q.kind, speaker(q), cue(q)) == ("partial", "Chancellor Weber", "accused")


def test_partial_quote_under_as_frame(nlp: Language) -> None:
    text = "As Okafor said last week, the ministry will not “negotiate with kidnappers” at all."
    q = only(quotes(nlp, text), "negotiate with kidnappers")
    assert (q.kind, speaker(q), cue(q)) == ("partial", "Okafor", "said")


def test_partial_quote_under_according_to(nlp: Language) -> None:
    text = "According to her, the court “ignored the evidence” and acted in haste."
    q = only(quotes(nlp, text), "ignored the evidence")
    assert (q.kind, speaker(q), cue(q)) == ("partial", "her", "According to")


def test_partial_quote_in_called_it(nlp: Language) -> None:
    text = "The general called the withdrawal “a strategic regrouping” in a televised address."
    q = only(quotes(nlp, text), "a strategic regrouping")
    assert (q.kind, speaker(q), cue(q)) == ("partial", "The general", "called")


# ---------------------------------------------------------------------------------------------
# Indirect speech


def test_said_that_clause(nlp: Language) -> None:
    text = "French President Emmanuel Macron said that Paris would send more aid to the region."
    q = only(quotes(nlp, text), "that Paris")
    assert q.kind == "indirect"
    assert q.text == "that Paris would send more aid to the region"
    assert (speaker(q), cue(q)) == ("French President Emmanuel Macron", "said")


def test_said_clause_without_that(nlp: Language) -> None:
    text = "The interior minister said the curfew would be lifted on Sunday."
    q = only(quotes(nlp, text), "the curfew")
    assert (q.kind, q.text, speaker(q)) == (
        "indirect",
        "the curfew would be lifted on Sunday",
        "The interior minister",
    )


def test_clause_before_cue(nlp: Language) -> None:
    text = "The convoy was attacked near the river crossing, two officials said on Tuesday."
    q = only(quotes(nlp, text), "The convoy")
    assert (q.kind, q.text, speaker(q), cue(q)) == (
        "indirect",
        "The convoy was attacked near the river crossing",
        "two officials",
        "said",
    )


def test_told_someone_that(nlp: Language) -> None:
    text = "Mayor Alvarez told reporters that the bridge would reopen in June."
    q = only(quotes(nlp, text), "that the bridge")
    assert (speaker(q), cue(q)) == ("Mayor Alvarez", "told")


@pytest.mark.parametrize("verb", ["stressed", "insisted", "warned", "claimed", "announced"])
def test_reporting_verbs_with_that(nlp: Language, verb: str) -> None:
    text = f"The defence ministry {verb} that no civilians had been harmed in the strike."
    q = only(quotes(nlp, text), "that no civilians")
    assert (q.kind, speaker(q), cue(q)) == ("indirect", "The defence ministry", verb)


def test_phrasal_cue_point_out(nlp: Language) -> None:
    text = "The auditor pointed out that the accounts had not been published since 2019."
    q = only(quotes(nlp, text), "that the accounts")
    assert (speaker(q), cue(q)) == ("The auditor", "pointed out")


def test_according_to_first(nlp: Language) -> None:
    text = "According to the UN refugee agency, more than 40,000 people crossed the border."
    q = only(quotes(nlp, text), "more than 40,000")
    assert q.kind == "indirect"
    assert q.text == "more than 40,000 people crossed the border"
    assert (speaker(q), cue(q)) == ("the UN refugee agency", "According to")


def test_according_to_last(nlp: Language) -> None:
    text = "The talks collapsed after midnight, according to two diplomats."
    q = only(quotes(nlp, text), "The talks")
    assert (q.text, speaker(q), cue(q)) == (
        "The talks collapsed after midnight",
        "two diplomats",
        "according to",
    )


def test_participle_cue_shares_the_subject(nlp: Language) -> None:
    text = "Suleiman defended the decision, arguing that the old law was unenforceable."
    q = only(quotes(nlp, text), "that the old law")
    assert (speaker(q), cue(q)) == ("Suleiman", "arguing")


def test_directive_with_infinitive(nlp: Language) -> None:
    text = "The governor urged residents to stay indoors until the storm passes."
    q = only(quotes(nlp, text), "residents to stay")
    assert (q.kind, q.text, speaker(q), cue(q)) == (
        "indirect",
        "residents to stay indoors until the storm passes",
        "The governor",
        "urged",
    )


def test_speech_verb_object(nlp: Language) -> None:
    found = quotes(nlp, "The ministry announced the arrest of three suspects on Monday.")
    q = only(found, "the arrest")
    assert (q.text, speaker(q), cue(q)) == (
        "the arrest of three suspects",
        "The ministry",
        "announced",
    )
    found = quotes(nlp, "Senator Okoye called the agreement a betrayal of workers.")
    q = only(found, "the agreement")
    assert (q.text, speaker(q), cue(q)) == (
        "the agreement a betrayal of workers",
        "Senator Okoye",
        "called",
    )
    # A verb that is not a speech act takes no object content.
    assert quotes(nlp, "The ministry built a new hospital in the north.") == []


def test_claim_noun_with_that_clause(nlp: Language) -> None:
    text = "Observers rejected the senator's claim that the vote had been rigged."
    q = only(quotes(nlp, text), "that the vote")
    assert (q.kind, speaker(q), cue(q)) == ("indirect", "the senator's", "claim")


def test_passive_cue_has_no_speaker(nlp: Language) -> None:
    q = only(quotes(nlp, "It was announced that the border would reopen."), "that the border")
    assert q.speaker is None
    assert cue(q) == "announced"


def test_reported_inside_reported_speech_is_one_report(nlp: Language) -> None:
    text = "The mayor said that the police chief had warned that the bridge was unsafe."
    found = quotes(nlp, text)
    assert [(q.text, speaker(q)) for q in found] == [
        ("that the police chief had warned that the bridge was unsafe", "The mayor")
    ]


def test_second_speech_act_ends_the_first_clause(nlp: Language) -> None:
    text = "Diallo said the talks had failed, adding that new elections were likely."
    found = quotes(nlp, text)
    assert only(found, "the talks").text == "the talks had failed"
    added = only(found, "that new elections")
    assert (speaker(added), cue(added)) == ("Diallo", "adding")


def test_quote_after_reported_speech_takes_its_speaker(nlp: Language) -> None:
    text = "Aid deliveries will resume next week, the envoy said. “We have the trucks ready.”"
    q = only(quotes(nlp, text), "We have the trucks")
    assert (q.kind, speaker(q), cue(q)) == ("direct", "the envoy", "said")


def test_lead_in_paragraph_ending_in_colon(nlp: Language) -> None:
    text = "The defence minister continued:\n\n“We will not retreat from the border towns.”"
    q = only(quotes(nlp, text), "We will not retreat")
    assert (speaker(q), cue(q)) == ("The defence minister", "continued")


def test_mixed_straight_and_curly_marks(nlp: Language) -> None:
    text = '"The budget is balanced for the first time in a decade,” the treasurer said.'
    q = only(quotes(nlp, text), "The budget")
    assert (q.text, speaker(q)) == (
        "The budget is balanced for the first time in a decade",
        "the treasurer",
    )


def test_no_quotes_in_plain_narrative(nlp: Language) -> None:
    text = "Troops crossed the river at dawn. The bridge was destroyed two days later."
    assert quotes(nlp, text) == []


# ---------------------------------------------------------------------------------------------
# Cue data


def test_cues_are_data() -> None:
    cues = load_cues()
    for verb in ("say", "tell", "explain", "warn", "accuse", "describe", "deny", "tweet"):
        assert verb in cues.verbs
    assert "out" in cues.particles["point"]
    assert ("according", "to") in cues.phrases
    assert load_cues() is cues  # loaded once
