"""Tests for dyad.dates: time expressions, their values and offsets, and event dating.

Sentences are written for these tests; each states its publication date. Helpers look a mention
up by its exact text, so a changed span fails as loudly as a changed value.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from dyad.dates import date_for_span, find_time_expressions, parse_published
from dyad.records import TimeMention

SEED = Path(__file__).resolve().parents[1] / "examples" / "000_857e34fc77add78a.txt"


def find(text: str, published: str | None = "2023-03-16", lang: str = "en") -> list[TimeMention]:
    mentions = find_time_expressions(text, published=published, lang=lang)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return mentions


def only(text: str, published: str | None = "2023-03-16", lang: str = "en") -> TimeMention:
    mentions = find(text, published, lang)
    assert len(mentions) == 1, mentions
    return mentions[0]


def check(
    text: str,
    expr: str,
    value: str,
    precision: str,
    published: str | None = "2023-03-16",
    lang: str = "en",
) -> None:
    """`text` has exactly one mention, `expr` at its first occurrence, with this value."""
    m = only(text, published, lang)
    start = text.index(expr)
    assert (m.text, m.start, m.end) == (expr, start, start + len(expr))
    assert (m.value, m.precision) == (value, precision)


# --- publication date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-03-16", date(2023, 3, 16)),
        ("2023-03-16T23:30:00Z", date(2023, 3, 16)),
        ("2023-03-16T01:30:00+02:00", date(2023, 3, 16)),
        ("2023-03-16 08:00", date(2023, 3, 16)),
        ("20230316", date(2023, 3, 16)),
        (" 2023-03-16 ", date(2023, 3, 16)),
        (None, None),
        ("", None),
        ("16/03/2023", None),
        ("yesterday", None),
        ("2023-02-30", None),
    ],
)
def test_parse_published(raw: str | None, expected: date | None) -> None:
    assert parse_published(raw) == expected


# --- absolute English dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expr", "value", "precision"),
    [
        (
            "The envoys met on September 26, 2021 in Geneva.",
            "September 26, 2021",
            "2021-09-26",
            "day",
        ),
        (
            "The truce began on 26 September 2021, officials said.",
            "26 September 2021",
            "2021-09-26",
            "day",
        ),
        (
            "Voting took place on Sept. 26, 2021 across the north.",
            "Sept. 26, 2021",
            "2021-09-26",
            "day",
        ),
        (
            "He resigned on the 3rd of May 2019 after the vote.",
            "the 3rd of May 2019",
            "2019-05-03",
            "day",
        ),
        (
            "Parliament sat on Tuesday, March 7, 2023 until late.",
            "Tuesday, March 7, 2023",
            "2023-03-07",
            "day",
        ),
        ("The army withdrew in August 2022 after nine years.", "August 2022", "2022-08", "month"),
        ("Talks collapsed in Feb. 2020 over the border.", "Feb. 2020", "2020-02", "month"),
        ("The decree is dated 2023-02-14 in the gazette.", "2023-02-14", "2023-02-14", "day"),
        ("The memo, dated 02/14/2023, leaked on a forum.", "02/14/2023", "2023-02-14", "day"),
        ("The memo, dated 14/02/2023, leaked on a forum.", "14/02/2023", "2023-02-14", "day"),
        ("France launched the operation in 2014 in the Sahel.", "2014", "2014", "year"),
        ("Since 2011 the region has been unstable.", "2011", "2011", "year"),
        ("Inflation peaked in mid-2022 and then eased.", "mid-2022", "2022", "year"),
        ("Elections are expected in early 2024 at the latest.", "early 2024", "2024", "year"),
        ("In late 2022, Paris recalled its ambassador.", "late 2022", "2022", "year"),
        ("The pact lapsed at the end of 2019 without renewal.", "the end of 2019", "2019", "year"),
        (
            "The base was handed over in late August 2022 to the army.",
            "late August 2022",
            "2022-08",
            "month",
        ),
        ("The census covered the summer of 2018 only.", "the summer of 2018", "2018", "year"),
        (
            "Revenue fell in the third quarter of 2021 as sanctions bit.",
            "the third quarter of 2021",
            "2021",
            "year",
        ),
        (
            "The ceasefire held through Christmas Day 2016 in Aleppo.",
            "Christmas Day 2016",
            "2016-12-25",
            "day",
        ),
    ],
)
def test_absolute_english(text: str, expr: str, value: str, precision: str) -> None:
    check(text, expr, value, precision)


def test_numeric_dates_follow_the_language_order() -> None:
    assert only("Signed 03/04/2023 in Rabat.").value == "2023-03-04"
    assert only("Signé le 03/04/2023 à Rabat.", lang="fr").value == "2023-04-03"


def test_absolute_dates_need_no_publication_date() -> None:
    check("The army withdrew in August 2022.", "August 2022", "2022-08", "month", published=None)
    check("It was signed on 26 September 2021.", "26 September 2021", "2021-09-26", "day", None)
    check("France intervened in 2013.", "2013", "2013", "year", published=None)
    check("Fighting resumed in late 2022.", "late 2022", "2022", "year", published=None)


@pytest.mark.parametrize(
    "text",
    [
        "Rebels freed 2,014 people from the camp.",
        "The ransom was $2014 in cash.",
        "The sculpture weighs 1950 kilograms in all.",
        "The plane was flying at 1930 GMT over the sea.",
        "The council adopted Resolution 2085 on Mali.",
        "Police detained 1987 protesters at the rally.",
        "Turnout rose to 2000 votes from 1500 votes.",
        "A 2000 year old temple was damaged.",
        "The protests echoed the 1960s movements.",
        "Room 1999 was searched by the police.",
        "We will march on the capital, the organisers said.",
        "Prime Minister May met the envoy.",
        "The minister spoke to Jan Kowalski, an adviser.",
        "She was reading USA Today on the train.",
    ],
)
def test_numbers_and_names_that_are_not_dates(text: str) -> None:
    assert find(text) == []


# --- dates resolved against the publication date ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expr", "value", "precision"),
    [
        # Publication date is Thursday 2023-03-16.
        ("The minister resigned today.", "today", "2023-03-16", "day"),
        ("Troops shelled the town yesterday.", "yesterday", "2023-03-15", "day"),
        ("The summit opens tomorrow in Nairobi.", "tomorrow", "2023-03-17", "day"),
        ("The president will address the nation tonight.", "tonight", "2023-03-16", "day"),
        (
            "Protesters gathered this morning outside parliament.",
            "this morning",
            "2023-03-16",
            "day",
        ),
        ("The cabinet met late yesterday to discuss it.", "late yesterday", "2023-03-15", "day"),
        ("The foreign minister flew to Moscow on Tuesday.", "Tuesday", "2023-03-14", "day"),
        ("The foreign minister flew to Moscow on Thursday.", "Thursday", "2023-03-16", "day"),
        ("The delegation arrived on Monday night.", "Monday night", "2023-03-13", "day"),
        ("Ministers will meet in Rome next Tuesday.", "next Tuesday", "2023-03-21", "day"),
        ("The envoy left Kabul last Tuesday.", "last Tuesday", "2023-03-14", "day"),
        ("The envoy left Kabul last Thursday.", "last Thursday", "2023-03-09", "day"),
        ("The parliament will vote on Friday on the bill.", "Friday", "2023-03-17", "day"),
        ("Both leaders spoke by phone two days ago.", "two days ago", "2023-03-14", "day"),
        ("The blockade began three weeks ago.", "three weeks ago", "2023-02", "month"),
        ("The coup happened a year ago.", "a year ago", "2022", "year"),
        ("The treaty was ratified six months ago.", "six months ago", "2022-09", "month"),
        ("The rebels seized the town last month.", "last month", "2023-02", "month"),
        ("Inflation rose again this month.", "this month", "2023-03", "month"),
        ("The talks collapsed earlier this month.", "earlier this month", "2023-03", "month"),
        ("A referendum is planned for next month.", "next month", "2023-04", "month"),
        ("The party won the vote last year.", "last year", "2022", "year"),
        ("The economy has grown this year.", "this year", "2023", "year"),
        ("Elections are due next year.", "next year", "2024", "year"),
        ("The embassy reopened earlier this year.", "earlier this year", "2023", "year"),
        (
            "Russian Foreign Minister Sergey Lavrov visited Mali in February.",
            "February",
            "2023-02",
            "month",
        ),
        (
            "PM Maiga told Sputnik in late February that Mali would act.",
            "late February",
            "2023-02",
            "month",
        ),
        ("The mission ended in March.", "March", "2023-03", "month"),
        ("The mission ended in November.", "November", "2022-11", "month"),
        ("A new summit is scheduled for July in St Petersburg.", "July", "2023-07", "month"),
        ("The border reopened last February.", "last February", "2023-02", "month"),
        ("The convoy was stopped on 28 February near Gao.", "28 February", "2023-02-28", "day"),
        ("The convoy was stopped on 28 April near Gao.", "28 April", "2022-04-28", "day"),
        (
            "The vote will be held on 2 February next year.",
            "2 February next year",
            "2024-02-02",
            "day",
        ),
        ("The vote will be held on 2 February.", "2 February", "2024-02-02", "day"),
        ("Fighting flared on Sept. 26 near the dam.", "Sept. 26", "2022-09-26", "day"),
        ("The talks resumed on March 20 in Doha.", "March 20", "2023-03-20", "day"),
        ("The army took the pass in February last year.", "February last year", "2022-02", "month"),
        ("Prices spiked last summer during the drought.", "last summer", "2022", "year"),
        ("Strikes are likely this summer, unions warned.", "this summer", "2023", "year"),
        ("The general was removed in the first quarter.", "the first quarter", "2023", "year"),
        ("Talks stalled over the weekend in Cairo.", "over the weekend", "2023-03", "month"),
    ],
)
def test_relative_english(text: str, expr: str, value: str, precision: str) -> None:
    check(text, expr, value, precision)


@pytest.mark.parametrize(
    ("text", "expr", "value", "published"),
    [
        # Weeks get the month of their Thursday: the week of Monday 2023-02-27 is March's.
        ("Parliament debated the bill last week.", "last week", "2023-03", "2023-03-06"),
        ("Parliament debated the bill last week.", "last week", "2023-02", "2023-03-02"),
        ("The envoy is in Paris this week.", "this week", "2023-03", "2023-02-27"),
        ("The envoy is in Paris this week.", "this week", "2023-08", "2023-09-02"),
        ("A deal could come next week.", "next week", "2023-04", "2023-03-30"),
    ],
)
def test_weeks_have_month_precision(text: str, expr: str, value: str, published: str) -> None:
    check(text, expr, value, "month", published=published)


def test_in_february_published_in_february_is_that_month() -> None:
    check("The minister visited Kyiv in February.", "February", "2023-02", "month", "2023-02-20")


def test_year_boundaries() -> None:
    check(
        "Clashes broke out on Dec. 30 in the capital.", "Dec. 30", "2022-12-30", "day", "2023-01-03"
    )
    check("The envoy arrived last month.", "last month", "2022-12", "month", "2023-01-03")
    check("Elections will be held in January.", "January", "2024-01", "month", "2023-11-20")
    check("The border was closed in December.", "December", "2022-12", "month", "2023-01-10")
    check("The pact was signed on Monday.", "Monday", "2022-12-26", "day", "2023-01-01")


@pytest.mark.parametrize(
    "text",
    [
        "The minister resigned yesterday.",
        "The foreign minister flew to Moscow on Tuesday.",
        "Russian Foreign Minister Sergey Lavrov visited Mali in February.",
        "The rebels seized the town last month.",
        "Both leaders spoke by phone two days ago.",
        "The convoy was stopped on 28 February near Gao.",
        "Strikes are likely this summer, unions warned.",
    ],
)
def test_relative_expressions_need_a_publication_date(text: str) -> None:
    assert find(text, published=None) == []
    assert find(text, published="not a date") == []


def test_titles_are_not_dates() -> None:
    assert find('Baker said on ABC\'s "This Week" that talks would go on.') == []
    assert find("He spoke on This Week With David Brinkley about Iraq.") == []
    check("This week the envoy returned.", "This week", "2023-03", "month")


# --- French -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expr", "value", "precision"),
    [
        # Publication date is jeudi 2023-03-16.
        ("Le ministre s'est rendu à Bamako mardi dernier.", "mardi dernier", "2023-03-14", "day"),
        ("Le ministre s'est rendu à Bamako mardi.", "mardi", "2023-03-14", "day"),
        ("Le sommet se tiendra mardi prochain à Dakar.", "mardi prochain", "2023-03-21", "day"),
        ("Le gouvernement a démissionné hier.", "hier", "2023-03-15", "day"),
        ("Le président s'exprime aujourd'hui à la télévision.", "aujourd'hui", "2023-03-16", "day"),
        ("Le président s'exprime aujourd’hui à la télévision.", "aujourd’hui", "2023-03-16", "day"),
        ("Le vote aura lieu demain à l'Assemblée.", "demain", "2023-03-17", "day"),
        ("Les combats ont repris la semaine dernière.", "la semaine dernière", "2023-03", "month"),
        ("Les prix ont augmenté le mois dernier.", "le mois dernier", "2023-02", "month"),
        ("La croissance a ralenti l'année dernière.", "l'année dernière", "2022", "year"),
        ("La croissance devrait reprendre cette année.", "cette année", "2023", "year"),
        ("Le ministre s'est rendu à Moscou en février.", "février", "2023-02", "month"),
        ("L'accord a été signé en février 2023 à Alger.", "février 2023", "2023-02", "month"),
        (
            "L'accord a été signé le 14 février 2023 à Alger.",
            "le 14 février 2023",
            "2023-02-14",
            "day",
        ),
        ("L'accord a été signé le 1er mars à Alger.", "le 1er mars", "2023-03-01", "day"),
        (
            "Les deux dirigeants se sont parlé il y a deux jours.",
            "il y a deux jours",
            "2023-03-14",
            "day",
        ),
        ("Les troupes françaises sont parties fin 2022.", "fin 2022", "2022", "year"),
        ("Des élections sont prévues début 2024.", "début 2024", "2024", "year"),
        ("L'inflation a culminé mi-2022.", "mi-2022", "2022", "year"),
        ("La France est intervenue en 2013 au Mali.", "2013", "2013", "year"),
        ("Le document est daté du 14/02/2023.", "14/02/2023", "2023-02-14", "day"),
        ("Le ministre a été limogé mi-février.", "mi-février", "2023-02", "month"),
        ("Les manifestations ont commencé l'été dernier.", "l'été dernier", "2022", "year"),
    ],
)
def test_french(text: str, expr: str, value: str, precision: str) -> None:
    check(text, expr, value, precision, lang="fr")


def test_french_not_dates() -> None:
    assert find("La sonde est arrivée sur Mars.", lang="fr") == []
    assert find("Le projet a été passé en revue.", lang="fr") == []
    assert find("Il a parcouru sept kilomètres.", lang="fr") == []
    assert find("Le bilan fait état de 2000 morts.", lang="fr") == []


def test_french_day_ranges_take_the_month_of_their_end() -> None:
    text = "Les combats ont eu lieu du 28 au 29 juillet 2016 près de Gao."
    assert [(m.text, m.value) for m in find(text, lang="fr")] == [
        ("28", "2016-07-28"),
        ("29 juillet 2016", "2016-07-29"),
    ]


def test_unknown_language_gives_nothing() -> None:
    assert find_time_expressions("Am 14. Februar 2023", published="2023-03-16", lang="de") == []


def test_language_tags_with_regions() -> None:
    assert only("Il est parti hier.", lang="fr-FR").value == "2023-03-15"


# --- the seed article -------------------------------------------------------------------------


def seed_mentions(published: str | None) -> dict[str, list[TimeMention]]:
    text = SEED.read_text(encoding="utf-8")
    out: dict[str, list[TimeMention]] = {}
    for m in find(text, published):
        out.setdefault(m.text, []).append(m)
    return out


def test_seed_article_with_publication_date() -> None:
    found = seed_mentions("2023-03-16")
    assert {(m.value, m.precision) for m in found["August 2022"]} == {("2022-08", "month")}
    assert [(m.value, m.precision) for m in found["late 2022"]] == [("2022", "year")]
    assert ("2014", "year") in {(m.value, m.precision) for m in found["2014"]}
    assert [(m.value, m.precision) for m in found["February"]] == [("2023-02", "month")] * 2
    assert {(m.value, m.precision) for m in found["Tuesday"]} == {("2023-03-14", "day")}
    assert [m.value for m in found["September 26, 2021"]] == ["2021-09-26"]
    assert [m.value for m in found["28 February"]] == ["2023-02-28"]


def test_seed_article_in_2014_and_in_late_2022_spans() -> None:
    text = SEED.read_text(encoding="utf-8")
    mentions = find(text, "2023-03-16")
    for phrase, inner in (("In 2014", "2014"), ("In late 2022", "late 2022")):
        at = text.index(phrase) + len(phrase) - len(inner)
        assert any(m.start == at and m.text == inner for m in mentions), phrase


def test_seed_article_without_publication_date() -> None:
    found = seed_mentions(None)
    assert "Tuesday" not in found
    assert "February" not in found
    assert {(m.value, m.precision) for m in found["August 2022"]} == {("2022-08", "month")}
    assert [m.value for m in found["late 2022"]] == ["2022"]


# --- dating an event --------------------------------------------------------------------------


def _trigger(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def test_date_for_span_prefers_in_on_at_in_the_same_clause() -> None:
    text = "Since 2011 the army has fought, and Maiga said in an interview on Tuesday that it won."
    mentions = find(text)
    start, end = _trigger(text, "said")
    m = date_for_span(mentions, start, end, sentence=(0, len(text)), text=text)
    assert m is not None and m.text == "Tuesday"


def test_date_for_span_fronted_date_dates_the_main_clause() -> None:
    text = "In late 2022, Macron accused Russia of a predatory project."
    mentions = find(text)
    start, end = _trigger(text, "accused")
    m = date_for_span(mentions, start, end, sentence=(0, len(text)), text=text)
    assert m is not None and m.value == "2022"


def test_date_for_span_year_used_as_modifier_comes_last() -> None:
    text = "In 2014, France launched Barkhane as a follow-up to the 2013 operation."
    mentions = find(text)
    start, end = _trigger(text, "launched")
    m = date_for_span(mentions, start, end, sentence=(0, len(text)), text=text)
    assert m is not None and m.value == "2014"


def test_date_for_span_stays_in_its_sentence() -> None:
    text = "Troops left in August 2022. Paris then accused Bamako of lying."
    mentions = find(text)
    second = (text.index("Paris"), len(text))
    start, end = _trigger(text, "accused")
    assert date_for_span(mentions, start, end, sentence=second, text=text) is None
    first = (0, text.index("Paris"))
    start, end = _trigger(text, "left")
    m = date_for_span(mentions, start, end, sentence=first)
    assert m is not None and m.text == "August 2022"


def test_date_for_span_without_text_takes_the_nearest() -> None:
    text = "On Monday the envoy said the 2019 accord, signed in Doha, was dead."
    mentions = find(text)
    start, end = _trigger(text, "signed")
    m = date_for_span(mentions, start, end, sentence=(0, len(text)))
    assert m is not None and m.text == "2019"
    start, end = _trigger(text, "said")
    m = date_for_span(mentions, start, end, sentence=(0, len(text)), text=text)
    assert m is not None and m.text == "Monday"


def test_date_for_span_french() -> None:
    text = "Depuis 2013, l'armée combat au nord, et le ministre a déclaré mardi qu'elle partirait."
    mentions = find(text, lang="fr")
    start, end = _trigger(text, "déclaré")
    m = date_for_span(mentions, start, end, sentence=(0, len(text)), text=text, lang="fr")
    assert m is not None and (m.text, m.value) == ("mardi", "2023-03-14")


def test_dates_inside_names_are_not_dates() -> None:
    assert find("Fighters of the March 23 Movement took the town.") == []


def test_date_for_span_no_mentions() -> None:
    assert date_for_span([], 0, 4, sentence=(0, 10)) is None


# --- speed ------------------------------------------------------------------------------------


def test_fast_on_a_600_word_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    words = text.split()
    article = " ".join((words * (600 // len(words) + 1))[:600])
    find_time_expressions(article, published="2023-03-16")  # load and compile once
    # CPU time, so other work on a busy machine does not count against it.
    t0 = time.process_time()
    rounds = 20
    for _ in range(rounds):
        mentions = find_time_expressions(article, published="2023-03-16")
    per_expression = (time.process_time() - t0) / rounds / max(1, len(mentions))
    assert mentions
    assert per_expression < 0.001
