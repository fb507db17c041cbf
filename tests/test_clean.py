"""The clean stage: page furniture out, article text verbatim, title/authors/captions/date found."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from dyad.clean import clean_document, dateline_date, load_boilerplate, normalise, repair_text
from dyad.errors import EmptyInput, InputError
from dyad.page import url_date
from dyad.records import RawDocument

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_857e34fc77add78a.txt"
GOLDEN = Path(__file__).resolve().parent / "golden" / "clean"

ARTICLE = (
    "The foreign ministers of the two countries met in the capital on Monday to discuss "
    "trade and security, officials said."
)


def clean_text(text: str, **fields: str) -> tuple[str, RawDocument]:
    raw = RawDocument(source_id="test", text=text, **fields)
    return clean_document(raw).text, raw


# ---------------------------------------------------------------------------------------------
# The seed: the user's own document, shipped in examples/


def test_seed_article() -> None:
    doc = clean_document(RawDocument(source_id="seed", text=SEED.read_text(encoding="utf-8")))

    assert doc.title == "Mali Considers Russia Reliable Partner, Transitional Prime Minister Says"
    assert doc.authors == ["Muhammad Osman"]
    assert doc.captions == [
        "Mali’s Prime Minister Choguel Maiga attends an interview with AFP on September 26, "
        "2021 in New York."
    ]
    # The caption's date is not a dateline; the seed carries no publication date.
    assert doc.published is None
    for kept in (
        "Russian Foreign Minister Sergey Lavrov visited Mali in February",
        "We consider Russia a reliable partner",
        "Malian authorities demanded that French troops leave Mali",
    ):
        assert kept in doc.text
    for dropped in (
        "InternationalIndiaAfrica",
        "Writer/Editor",
        "Profound Humility",
        "11:09 GMT",
        "Leave a Reply",
        "Your email address will not be published",
        "Required fields are marked",
        "Muhammad Osman",
        "attends an interview with AFP",
        doc.title,
    ):
        assert dropped not in doc.text
    assert doc.text.startswith("Russian Foreign Minister Sergey Lavrov visited Mali in February")
    assert doc.text.endswith("efforts to maintain this control.")
    # Glued sentences are split; quote characters are kept as they were.
    assert "confidence in Russia. Bamako sees Moscow" in doc.text
    assert "from Malian territory. The Malian prime minister pointed out" in doc.text
    assert "decisions taken.” Since 2011" in doc.text
    assert "a “predatory project” in the West African country" in doc.text
    assert '"We consider Russia a reliable partner," Maiga said.' in doc.text
    assert doc.text.count("\n\n") == 4


def test_seed_body_is_otherwise_verbatim() -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = clean_document(RawDocument(source_id="seed", text=text))
    furniture = (
        doc.title or "",
        *doc.captions,
        "InternationalIndiaAfrica",
        "Muhammad OsmanWriter/Editor",
        "Africa’Profound Humility’: France to ‘Reorganize’ Military Presence in Africa After "
        "Partial Pullout28 February, 11:09 GMT",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    )
    for piece in furniture:
        assert piece in text
        text = text.replace(piece, " ")
    # What is left is the body, character for character; only whitespace may differ.
    assert "".join(doc.text.split()) == "".join(text.split())


# ---------------------------------------------------------------------------------------------
# Golden files: hand-written noisy scrapes and what they clean to


GOLDEN_INPUTS = sorted(GOLDEN.glob("*.txt"))
# Hand-written noisy web pages: menus, cookie banners, share bars, captions, related links,
# newsletter and tip lines, comment forms; the .json next to each is what dyad must make of it.
GOLDEN_PAGES = sorted(GOLDEN.glob("*.html"))


def test_golden_files_exist() -> None:
    assert len(GOLDEN_INPUTS) >= 6
    assert len(GOLDEN_PAGES) >= 2
    for path in GOLDEN_INPUTS + GOLDEN_PAGES:
        assert path.with_suffix(".json").is_file(), path


@pytest.mark.parametrize("path", GOLDEN_INPUTS, ids=lambda path: path.stem)
def test_golden(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    doc = clean_document(RawDocument(source_id=path.name, text=path.read_text(encoding="utf-8")))
    assert {
        "title": doc.title,
        "authors": doc.authors,
        "captions": doc.captions,
        "published": doc.published,
        "text": doc.text,
    } == expected


@pytest.mark.parametrize("path", GOLDEN_PAGES, ids=lambda path: path.stem)
def test_golden_page(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    doc = clean_document(RawDocument(source_id=path.name, html=path.read_text(encoding="utf-8")))
    assert {
        "title": doc.title,
        "authors": doc.authors,
        "captions": doc.captions,
        "published": doc.published,
        "url": doc.url,
        "site_name": doc.site_name,
        "text": doc.text,
    } == expected


# ---------------------------------------------------------------------------------------------
# Title


def test_title_is_a_short_first_line_standing_alone() -> None:
    doc = clean_document(RawDocument("t", text=f"Talks Resume In Geneva\n\n{ARTICLE}"))
    assert (doc.title, doc.text) == ("Talks Resume In Geneva", ARTICLE)


@pytest.mark.parametrize(
    "first",
    [
        "The talks resumed in Geneva on Monday.",  # ends with a full stop: a sentence
        "Tuesday, September 1, 2015",  # a dateline
        "Geneva",  # one word
        "By Anna Berg",  # a byline
    ],
)
def test_first_lines_that_are_not_titles(first: str) -> None:
    doc = clean_document(RawDocument("t", text=f"{first}\n\n{ARTICLE}"))
    assert doc.title is None


def test_first_line_glued_to_the_body_is_not_a_title() -> None:
    doc = clean_document(RawDocument("t", text=f"Talks Resume In Geneva\n{ARTICLE}"))
    assert doc.title is None
    assert doc.text.startswith("Talks Resume In Geneva\n")


def test_a_given_title_wins_and_its_repeat_is_dropped() -> None:
    doc = clean_document(
        RawDocument(
            "t", text=f"Talks resume in Geneva\n\n{ARTICLE}", title="Talks Resume In Geneva"
        )
    )
    assert (doc.title, doc.text) == ("Talks Resume In Geneva", ARTICLE)
    other = clean_document(RawDocument("t", text=f"Another Heading Here\n\n{ARTICLE}", title="T"))
    assert other.title == "T"
    assert other.text.startswith("Another Heading Here\n\n")


# ---------------------------------------------------------------------------------------------
# Glued sentences


@pytest.mark.parametrize(
    ("glued", "repaired"),
    [
        ("fighting terrorism.Bamako sees Moscow", "fighting terrorism. Bamako sees Moscow"),
        ("he said.“We will", "he said. “We will"),
        ("was taken.”Since 2011", "was taken.” Since 2011"),
        ('a "reliable partner."However, he', 'a "reliable partner." However, he'),
        ("in 2022.In the wake", "in 2022. In the wake"),
        ("visited Paris.De Gaulle airport", "visited Paris. De Gaulle airport"),
        ("Is it over?Nobody knows", "Is it over? Nobody knows"),
        # Left alone:
        ("the U.S. Army and the U.S.", "the U.S. Army and the U.S."),
        ("growth of 2.5 percent", "growth of 2.5 percent"),
        ("e.g. the power to", "e.g. the power to"),
        ("see www.example.org/Talks.Html now", "see www.example.org/Talks.Html now"),
        ("see https://example.org/a.B/C.Html now", "see https://example.org/a.B/C.Html now"),
        ("mail press.Office@example.org today", "mail press.Office@example.org today"),
        ("the J.R.R. Tolkien estate", "the J.R.R. Tolkien estate"),
    ],
)
def test_glued_sentences(glued: str, repaired: str) -> None:
    text, _ = clean_text(f"{ARTICLE} Then {glued}.")
    assert text == f"{ARTICLE} Then {repaired}."


# ---------------------------------------------------------------------------------------------
# Crumbs, bylines, captions in the header zone


@pytest.mark.parametrize(
    "crumbs",
    ["Home › World › Africa", "News | Politics | Europe", "World / Africa", "WorldAfricaPolitics"],
)
def test_navigation_crumb_lines(crumbs: str) -> None:
    text, _ = clean_text(f"{crumbs}\n\n{ARTICLE}")
    assert text == ARTICLE


def test_slash_between_ordinary_words_is_not_a_crumb() -> None:
    text, _ = clean_text(f"{ARTICLE}\n\nBlack Widow / Captain America")
    assert text.endswith("Black Widow / Captain America")


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Anna Berg", ["Anna Berg"]),
        ("By Anna Berg and Tom O’Neill, Reuters", ["Anna Berg", "Tom O’Neill"]),
        ("BY ANNA BERG", ["Anna Berg"]),
        ("Anna Berg, Staff Writer", ["Anna Berg"]),
        ("Anna Berg | Reuters", ["Anna Berg"]),
        ("Jean-Paul McCarthy Senior Correspondent", ["Jean-Paul McCarthy"]),
        ("Par Claire Dubois", ["Claire Dubois"]),
        ("By Anna Berg | Updated March 3, 2023 10:15 GMT", ["Anna Berg"]),
    ],
)
def test_byline_lines(byline: str, authors: list[str]) -> None:
    doc = clean_document(RawDocument("t", text=f"Talks Resume In Geneva\n\n{byline}\n{ARTICLE}"))
    assert doc.authors == authors
    assert doc.text == ARTICLE


def test_glued_header_caption_crumbs_and_byline() -> None:
    text = (
        "Talks Resume In Geneva\n\n"
        "Delegates arrive at the palace on May 2, 2022.WorldEuropeAnna BergStaff Writer"
        f"{ARTICLE}"
    )
    doc = clean_document(RawDocument("t", text=text))
    assert doc.captions == ["Delegates arrive at the palace on May 2, 2022."]
    assert doc.authors == ["Anna Berg"]
    assert doc.text == ARTICLE
    assert doc.published is None  # a caption's date is never the publication date


def test_glued_byline_without_crumbs() -> None:
    doc = clean_document(RawDocument("t", text=f"By Anna Berg{ARTICLE}"))
    assert (doc.authors, doc.text) == (["Anna Berg"], ARTICLE)


def test_byline_date_is_a_fallback_publication_date() -> None:
    text = f"Talks Resume In Geneva\n\nBy Anna Berg | March 3, 2023 10:15 GMT\n\n{ARTICLE}"
    doc = clean_document(RawDocument("t", text=text))
    assert (doc.authors, doc.published, doc.text) == (["Anna Berg"], "2023-03-03", ARTICLE)


def test_byline_words_inside_a_first_sentence_stay() -> None:
    line = "Anna Berg, Staff Writer at the weekly, said the talks had failed."
    doc = clean_document(RawDocument("t", text=f"{line}\n\n{ARTICLE}"))
    assert doc.authors == []
    assert doc.text == f"{line}\n\n{ARTICLE}"


def test_caption_above_crumb_line() -> None:
    doc = clean_document(
        RawDocument("t", text=f"Delegates arrive at the palace.\nHome › World\n\n{ARTICLE}")
    )
    assert doc.captions == ["Delegates arrive at the palace."]
    assert doc.text == ARTICLE


@pytest.mark.parametrize(
    "caption",
    [
        "Photo: Delegates arrive at the palace",
        "Image: Delegates arrive at the palace.",
        "File photo of the palace in Geneva.",
        "Delegates arrive at the palace. Image: Jan Novak.",
        "Delegates arrive at the palace (Reuters)",
        "Delegates arrive at the palace. AFP via Getty Images",
    ],
)
def test_caption_lines(caption: str) -> None:
    doc = clean_document(RawDocument("t", text=f"{ARTICLE}\n\n{caption}\n\n{ARTICLE}"))
    assert doc.captions == [caption]
    assert doc.text == f"{ARTICLE}\n\n{ARTICLE}"


def test_lookalikes_of_captions_and_bylines_stay() -> None:
    body = (
        "Photo opportunities were limited, officials said.\n\n"
        "By the end of the week, the talks had stalled.\n\n"
        "Share prices fell 3.2% in early trading.\n\n"
        "Comments from the minister drew criticism (ePA) from the opposition."
    )
    text, _ = clean_text(f"{ARTICLE}\n\n{body}")
    assert text == f"{ARTICLE}\n\n{body}"


# ---------------------------------------------------------------------------------------------
# Teasers, share/cookie/newsletter lines, comment-form footers


def test_teaser_glued_between_sentences() -> None:
    text, _ = clean_text(
        "Officials confirmed the figures.EuropeMinisters Agree New Gas Deal In Vienna"
        "14 March, 09:30 GMTThe talks continue on Friday."
    )
    assert text == "Officials confirmed the figures. The talks continue on Friday."


def test_teaser_lines() -> None:
    text, _ = clean_text(
        f"{ARTICLE}\n\nRead more: Ministers Agree New Gas Deal\n"
        "Related: Border Reopens After Talks\n"
        "Also read - Floods Close Highway\n"
        "Floods Close Highway Between Two Provinces 15 March, 10:05 GMT\n\n"
        f"{ARTICLE}"
    )
    assert text == f"{ARTICLE}\n\n{ARTICLE}"


def test_sentence_glued_to_a_time_is_not_a_teaser() -> None:
    line = "The meeting ended late.the delegates left at 28 February, 11:09 GMT"
    text, _ = clean_text(f"{ARTICLE} {line}")
    assert "the delegates left at 28 February, 11:09 GMT" in text


@pytest.mark.parametrize(
    "furniture",
    [
        "Share this article",
        "Share on Facebook",
        "Sign up for our newsletter",
        "We use cookies to improve your experience. By continuing you accept our policy.",
        "Follow us on Twitter for the latest updates",
        "Advertisement",
        "Partager cet article",
        "Story continues below advertisement",
        "Click to share on Twitter (Opens in new window)",
        "Tags: Mali, Russia, Sahel",
    ],
)
def test_share_cookie_newsletter_lines(furniture: str) -> None:
    text, _ = clean_text(f"{ARTICLE}\n{furniture}\n{ARTICLE}")
    assert text == f"{ARTICLE}\n{ARTICLE}"


def test_comment_form_footer_drops_everything_after_it() -> None:
    text, _ = clean_text(
        f"{ARTICLE}\n\n{ARTICLE}\n\nLeave a Reply\n\nGreat article, thanks!\n\n"
        "Your email address will not be published. Required fields are marked *\nName *"
    )
    assert text == f"{ARTICLE}\n\n{ARTICLE}"


def test_footer_marker_at_the_top_does_not_cut_the_article() -> None:
    text, _ = clean_text(f"Comments\n\n{ARTICLE}\n\n{ARTICLE}")
    assert text == f"Comments\n\n{ARTICLE}\n\n{ARTICLE}"


def test_nothing_but_furniture_is_empty_input() -> None:
    with pytest.raises(EmptyInput):
        clean_document(RawDocument("t", text="Share this article\n\nAdvertisement\n\n"))
    with pytest.raises(EmptyInput):
        clean_document(RawDocument("t", text="   "))


# ---------------------------------------------------------------------------------------------
# Datelines


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Tuesday, September 1, 2015", "2015-09-01"),
        ("September 1, 2015", "2015-09-01"),
        ("1 September 2015", "2015-09-01"),
        ("WASHINGTON, March 3, 2023 (Reuters) - The", "2023-03-03"),
        ("PARIS, 3 mars 2023 (AFP) - Le", "2023-03-03"),
        ("mardi 1er septembre 2015", "2015-09-01"),
        ("Published: 2023-03-16 10:00", "2023-03-16"),
        ("22 mars 2016 . – Les premières explosions", "2016-03-22"),
        ("WASHINGTON, March 3 (Reuters) - The", None),  # no year: no date
        ("February 30, 2023", None),
        ("The talks of September 1, 2015", None),  # not at the start
    ],
)
def test_dateline_date(line: str, iso: str | None) -> None:
    assert dateline_date(line) == iso


def test_dateline_gives_published_and_stays_in_the_body() -> None:
    doc = clean_document(RawDocument("t", text=f"Tuesday, September 1, 2015\n\n{ARTICLE}"))
    assert doc.published == "2015-09-01"
    assert doc.text == f"Tuesday, September 1, 2015\n\n{ARTICLE}"


def test_given_published_wins_over_the_dateline() -> None:
    doc = clean_document(
        RawDocument("t", text=f"Tuesday, September 1, 2015\n\n{ARTICLE}", published="2015-09-02")
    )
    assert doc.published == "2015-09-02"


def test_date_deep_in_the_body_is_not_a_dateline() -> None:
    doc = clean_document(
        RawDocument("t", text=f"{ARTICLE}\n\n{ARTICLE}\n\n{ARTICLE}\n\nMarch 3, 2023 was cold.")
    )
    assert doc.published is None


# ---------------------------------------------------------------------------------------------
# Normalisation


def test_normalise() -> None:
    raw = (
        "Caf\u0065\u0301  au\u200b lait\r\nsecond\u00adline \t end\r\n\r\n\r\n\n\nnext\u2029last  "
    )
    assert normalise(raw) == "Café au lait\nsecondline end\n\nnext\n\nlast"


def test_paragraph_breaks_are_blank_lines() -> None:
    text, _ = clean_text(f"{ARTICLE}\n\n\n\n   \n{ARTICLE}\n{ARTICLE}")
    assert text == f"{ARTICLE}\n\n{ARTICLE}\n{ARTICLE}"


def test_repair_text_is_the_plain_text_entry_point() -> None:
    repaired = repair_text(f"Talks Resume In Geneva\n\nBy Anna Berg\n{ARTICLE}")
    assert (repaired.title, repaired.authors, repaired.text) == (
        "Talks Resume In Geneva",
        ["Anna Berg"],
        ARTICLE,
    )


def test_boilerplate_is_loaded_once_from_data() -> None:
    assert load_boilerplate() is load_boilerplate()
    assert "International" in load_boilerplate().crumb_sections


# ---------------------------------------------------------------------------------------------
# HTML

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Talks resume in Geneva | Example News</title>
<meta property="og:title" content="Talks resume in Geneva">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Anna Berg">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://news.example.org/geneva-talks">
<script>var tracking = "<p>not article text</p>";</script>
</head><body>
<nav><a href="/">Home</a> › <a href="/world">World</a></nav>
<article>
<h1>Talks resume in Geneva</h1>
<p>The foreign ministers of the two countries met in Geneva on Monday to discuss trade and
security, officials said. It was their first meeting since the border clashes in January.</p>
<p>"We will meet again in April," the deputy minister told reporters after the talks, which
lasted more than six hours.The next round will be held in Vienna.</p>
<p>Share this article</p>
</article>
<footer>We use cookies to improve your experience.</footer>
</body></html>"""


def test_html_article() -> None:
    doc = clean_document(RawDocument("page.html", html=ARTICLE_PAGE))
    assert doc.title == "Talks resume in Geneva"
    assert doc.authors == ["Anna Berg"]
    assert doc.published == "2024-03-05"
    assert doc.site_name == "Example News"
    assert doc.url == "https://news.example.org/geneva-talks"
    assert doc.text.startswith("The foreign ministers of the two countries met in Geneva")
    assert "after the talks, which lasted more than six hours. The next round" in doc.text
    assert "\n\n" in doc.text
    for furniture in ("not article text", "Share this article", "cookies", "Home", "Talks resume"):
        assert furniture not in doc.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><body>" + "<div>" * 20000 + "<p>Deep.</p>" + "</div>" * 20000 + "</body></html>",
        "<html><head><script>" + "while(1){};" * 5000 + "</script></head><body></body></html>",
        "<html><body><nav>Home</nav></body></html>",
        "<<<>>><html><p>\x01\x02\x03</p>",
    ],
    ids=["deeply-nested", "all-script", "navigation-only", "garbage"],
)
def test_hostile_html_is_an_input_error_not_a_crash(html: str) -> None:
    with pytest.raises(InputError):
        clean_document(RawDocument("hostile.html", html=html))


# ---------------------------------------------------------------------------------------------
# Not over-stripping: an article that is clean already passes through unchanged


def test_clean_article_passes_unchanged() -> None:
    text = (
        "Tuesday, September 1, 2015\n\n"
        "Nick Bos, of a university in Helsinki, studies how social insects fight parasites. "
        "In a recently-accepted paper Bos and colleagues describe ants appearing to "
        'self-medicate.\n\n"I have no doubt that there will be more cases documented"\n\n'
        "Background\n\n"
        "The team used an ant species that can form thousand-strong colonies. It eats other "
        "insects, and also aphid honeydew.\n\n"
        "Sources"
    )
    doc = clean_document(RawDocument("t", text=text, title="Ants self-medicate"))
    assert doc.text == text
    assert doc.title == "Ants self-medicate"
    assert doc.published == "2015-09-01"


@pytest.mark.parametrize("text", ["A" * 100_000, "1" * 100_000, ".Aa" * 30_000, "a@" * 50_000])
def test_pathological_lines_clean_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    clean_document(RawDocument("t", text=text))
    # Quadratic patterns took minutes on these; linear ones take a fraction of a second.
    assert time.perf_counter() - started < 5


# ---------------------------------------------------------------------------------------------
# Web pages: captions apart, dates from the page or its URL (never from a caption), tables


def page_with(figure: str, head: str = "") -> str:
    return (
        f"<html><head><title>Talks resume in Geneva</title>{head}</head><body><article>"
        f"<h1>Talks resume in Geneva</h1>{figure}"
        "<p>The foreign ministers of the two countries met in Geneva on Monday to discuss trade "
        "and security, officials said. It was their first meeting since the border clashes.</p>"
        '<p>"We will meet again in April," the deputy minister told reporters after the talks, '
        "which lasted more than six hours.</p></article></body></html>"
    )


CAPTIONED = (
    '<figure><img src="a.jpg"><figcaption>The ministers in Geneva on May 2, 2022.</figcaption>'
    "</figure>"
)


def test_a_caption_is_kept_apart_and_its_date_is_not_the_publication_date() -> None:
    doc = clean_document(RawDocument("p.html", html=page_with(CAPTIONED)))
    assert doc.captions == ["The ministers in Geneva on May 2, 2022."]
    assert "May 2, 2022" not in doc.text
    assert doc.published is None
    credit = '<div class="image"><img src="a.jpg"><span>Photo: Geneva, 02/05/2022 AFP</span></div>'
    assert clean_document(RawDocument("p.html", html=page_with(credit))).published is None


def test_the_page_date_and_the_url_date() -> None:
    meta = '<meta property="article:published_time" content="2024-03-05T10:00:00Z">'
    doc = clean_document(RawDocument("p.html", html=page_with(CAPTIONED, meta)))
    assert doc.published == "2024-03-05"
    # A full date in the article's URL is the day the site published it.
    doc = clean_document(
        RawDocument("p.html", html=page_with(CAPTIONED, meta), url="https://x.org/2024/03/04/talks")
    )
    assert doc.published == "2024-03-04"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.cnn.com/2019/11/18/investing/asian-market/index.html", "2019-11-18"),
        ("https://www.theguardian.com/commentisfree/2019/nov/18/the-view", "2019-11-18"),
        ("https://www.latimes.com/business/story/2019-11-19/gannett-merger", "2019-11-19"),
        ("https://example.org/2019/11/", None),
        ("https://example.org/2019/13/45/impossible", None),
        ("https://example.org/articles/11574168580", None),
        (None, None),
    ],
)
def test_url_date(url: str | None, expected: str | None) -> None:
    assert url_date(url) == expected


def test_tables_are_kept_as_rows_of_cells() -> None:
    table = (
        "<table><tr><th>Party</th><th>Seats</th></tr><tr><td>Social Democrats</td><td>120</td>"
        "</tr><tr><td>Liberals</td><td>85</td></tr></table>"
    )
    doc = clean_document(RawDocument("p.html", html=page_with(table)))
    assert "Party; Seats\n\nSocial Democrats; 120\n\nLiberals; 85" in doc.text
    assert "---" not in doc.text


def test_the_headline_repeated_in_its_long_form_is_not_body() -> None:
    text = f"High School Roundup: Viera defeats Rockledge\n\n{ARTICLE}"
    doc = clean_document(RawDocument("t", text=text, title="HS Roundup: Viera defeats Rockledge"))
    assert doc.text == ARTICLE


def test_a_bulleted_list_of_headlines_at_the_end_is_not_body() -> None:
    links = "- 15 Amazing Images of Stars\n- The Biggest Unanswered Questions About Dark Matter"
    doc = clean_document(RawDocument("t", text=f"{ARTICLE}\n\n{links}"))
    assert doc.text == ARTICLE
    # A list of sentences, or a single headline-like line, stays.
    items = "- The council met twice.\n- The vote was delayed."
    assert clean_document(RawDocument("t", text=f"{ARTICLE}\n\n{items}")).text.endswith(items)
    one = "- Talks Resume In Vienna Next Spring"
    assert clean_document(RawDocument("t", text=f"{ARTICLE}\n\n{one}")).text.endswith(one)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "https://news.example.org/geneva-talks"),
        (
            "https://news.example.org/geneva-talks?utm_source=feed",
            "https://news.example.org/geneva-talks",
        ),
        ("https://www.news.example.org/amp/geneva-talks", "https://news.example.org/geneva-talks"),
        # Read on another site that names the original: the address it was read at stays.
        ("https://reprints.example.com/talks", "https://reprints.example.com/talks"),
    ],
)
def test_the_canonical_url_of_the_same_site(given: str | None, expected: str) -> None:
    assert clean_document(RawDocument("page.html", html=ARTICLE_PAGE, url=given)).url == expected
