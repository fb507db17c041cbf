"""The clean stage: from a RawDocument to the body text dyad codes, and what the page says about it.

HTML goes through trafilatura's main-text extraction first; then HTML text and plain-text scrapes
get the same repair: the headline, navigation crumbs, bylines, photo captions, related-article
teasers, share/cookie/newsletter lines and comment-form footers come out of the body (the title,
authors and captions are kept apart), sentences glued together by the scraper are split again,
and a dateline at the top gives the publication date when the input has none.

What counts as page furniture is data (src/dyad/data/boilerplate.txt), not code. Everything else
in the body stays verbatim: same sentences, same quote characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from dyad.errors import DataError, EmptyInput
from dyad.page import extract_page
from dyad.records import CleanDocument, RawDocument

BOILERPLATE_FILE = "boilerplate.txt"
BOILERPLATE_SECTIONS = (
    "footer_start",
    "drop_line",
    "caption",
    "teaser_line",
    "teaser_timestamp",
    "byline_role",
    "agency",
    "section",
)

# Furniture lines are short; a longer line is article text whatever it starts with.
MAX_FURNITURE_LINE = 400
# A title is a short line: at most this many characters and words.
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 25
# Bylines, crumbs and captions sit in the first lines of the body ("the header zone").
HEADER_LINES = 8
# Text glued before crumbs/byline longer than this is article text, not a caption.
MAX_CAPTION_CHARS = 400
# A comment-form footer only ends the article once this much body text precedes it.
MIN_BODY_BEFORE_FOOTER = 200
# A short line whose words are this share of the title's, and the title's of its, repeats it.
TITLE_OVERLAP = 0.6
# Bulleted headline lists are looked for among the last lines of the body.
LINK_LIST_TAIL = 12
LINK_LINE = re.compile(r"[-–•*·▪►] +([^.!?:;,]{8,120}?)")
WORD = re.compile(r"\w+")
# Where the byline proper starts in "Posted by Anna Berg" or "Words by Anna Berg".
BYLINE_START = re.compile(r"\b(?:by|par)\b", re.I)

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
# Removed outright: zero-width space/joiners, word joiner, BOM, soft hyphen.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Characters that end a sentence, and closing quotes/brackets that may follow them.
SENTENCE_END = ".!?"
CLOSERS = '"”’»)]'
# The same, escaped for use inside a regex [character class].
CLOSERS_CLASS = re.escape(CLOSERS)

# One word of a person's name: "Smith", "O’Brien", "McDonald", "Jean-Pierre". An inner capital
# is allowed only after a known prefix, so "KrugerStaff Writer" ends the name at "Kruger".
NAME_WORD = (
    rf"(?:(?:Mc|Mac|De|Di|Du|Le|La|Van)[{UPPER}][{LOWER}]+|[{UPPER}][{LOWER}]+"
    rf"|[{UPPER}]['’][{UPPER}][{LOWER}]+)(?:-[{UPPER}][{LOWER}]+)?"
)
NAME_PARTICLE = r"(?:de|da|del|der|di|du|van|von|la|le|al|el|bin|ibn|ben)"


def name_list_pattern(not_names: str) -> str:
    """A regex for "Anna Berg", "Anna Berg and Tom O’Neill", "ANNA BERG"; words matching
    `not_names` (the job titles of bylines) never count as part of a name."""
    word = rf"(?!(?:{not_names})\b){NAME_WORD}"
    person = (
        rf"{word}(?: (?:[{UPPER}]\.|{NAME_PARTICLE}))?(?: {word}){{1,2}}"
        rf"|[{UPPER}]{{2,}}(?: [{UPPER}]\.)?(?: [{UPPER}]{{2,}}){{1,2}}"
    )
    return rf"(?:{person})(?:(?:, | and | & )(?:{person}))*"


# The byline patterns name their author list by the form of the byline it was found in.
BYLINE_NAME_GROUPS = ("names", "names_role", "names_agency")

# One capitalised part of a glued run of section names ("International", "India", "US").
CRUMB_PART = re.compile(rf"[{UPPER}][{LOWER}]+|[{UPPER}]{{2,}}(?=[{UPPER}][{LOWER}])")
CRUMB_SEPARATORS = re.compile(r"\s*(?:›|»|>|\||/|·|•)\s*")
# Where a scraper glued two blocks: sentence end (maybe closed by a quote) then a capital.
GLUE_POINT = re.compile(
    rf"(?<=[{SENTENCE_END}])(?=[{UPPER}])|(?<=[{SENTENCE_END}][{CLOSERS_CLASS}])(?=[{UPPER}])"
)

# A glued sentence boundary inside a line ("terrorism.Bamako"). A lower-case letter or digit
# must precede the stop, so "U.S.Army"-style initials and decimals ("3.5") stay as they are.
GLUED_SENTENCE = re.compile(
    rf"(?<=[{LOWER}0-9%][{SENTENCE_END}])(?P<close>[{CLOSERS_CLASS}]*)(?=[{UPPER}][{LOWER}])"
    rf"|(?<=[{LOWER}0-9%][{SENTENCE_END}])(?P<open>)(?=[“‘«][{UPPER}])"
)
# Tokens a sentence split must not touch: URLs, e-mail addresses, bare domains.
# Top-level domains are matched in lower case only, so "Paris.De Gaulle" is still split.
# Addresses and domains must start a token: trying every position inside a long word would make
# the search quadratic.
URL_OR_EMAIL = re.compile(
    r"(?i:https?://|www\.)\S+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|int|info|io|co|uk|fr|de|ru|ml)\b\S*"
)
SPACE_RUN = re.compile(r"[ \t\f\v]+")

EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
FR_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
MONTHS = EN_MONTHS | FR_MONTHS
MONTH = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
WEEKDAY = (
    r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+)?"
)
DATE_PREFIX = (
    r"(?:(?i:published|posted|updated|last updated|first published|publié|mis à jour)"
    r"(?i: on| le)?\s*:?\s*)?"
)
# "WASHINGTON, " / "PARIS, " / "NEW YORK, N.Y., " before the date of a wire dateline.
DATELINE_CITY = rf"(?:[{UPPER}][{UPPER}'’.\- ]{{1,40}}(?:, [{UPPER}][\w.'’ \-]{{0,30}})?,\s+)?"
DATELINE_DATES = tuple(
    re.compile(DATE_PREFIX + DATELINE_CITY + WEEKDAY + pattern)
    for pattern in (
        rf"(?P<month>{MONTH})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})\b",
        rf"(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\.? (?P<month>{MONTH})\.?,? (?P<year>\d{{4}})\b",
        r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b",
    )
)
DATE_ONLY_LINE = re.compile(
    WEEKDAY + rf"(?:\d{{1,2}}(?:er)?\.? )?{MONTH}\.?(?: \d{{1,2}}(?:st|nd|rd|th)?)?,? \d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
)


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """The furniture patterns of data/boilerplate.txt, compiled once."""

    footer_start: re.Pattern[str]
    drop_line: re.Pattern[str]
    caption: re.Pattern[str]
    teaser_line: re.Pattern[str]
    teaser_inline: re.Pattern[str]
    crumb_sections: frozenset[str]
    byline_line: re.Pattern[str]
    byline_glued: re.Pattern[str]


@dataclass(slots=True)
class Repaired:
    """The outcome of text repair: body and what was taken out of it."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    published: str | None = None


def clean_document(raw: RawDocument) -> CleanDocument:
    """Clean one input. Raises EmptyInput if no article text remains, MalformedInput for HTML
    the extractor cannot handle."""
    if raw.html is not None and raw.html.strip():
        return _clean_html(raw, raw.html)
    if raw.text is None or not raw.text.strip():
        raise EmptyInput(f"{raw.source_id}: the input has no text or HTML to clean")
    repaired = repair_text(raw.text, known_title=raw.title)
    return _clean_document(raw, repaired)


def _clean_document(
    raw: RawDocument,
    repaired: Repaired,
    *,
    authors: list[str] | None = None,
    published: str | None = None,
    url: str | None = None,
    site_name: str | None = None,
) -> CleanDocument:
    if not any(ch.isalnum() for ch in repaired.text):
        raise EmptyInput(
            f"{raw.source_id}: nothing usable remains after removing page furniture; "
            "check that the input holds an article body"
        )
    return CleanDocument(
        source_id=raw.source_id,
        text=repaired.text,
        title=raw.title or repaired.title,
        authors=_unique((authors or []) + repaired.authors),
        captions=repaired.captions,
        # The page's own metadata is more reliable than a dateline found by pattern.
        published=raw.published or published or repaired.published,
        url=_article_url(raw.url, url),
        lang=raw.lang,
        site_name=site_name,
    )


# ---------------------------------------------------------------------------------------------
# HTML


def _clean_html(raw: RawDocument, html: str) -> CleanDocument:
    page = extract_page(html, raw.url, source=raw.source_id)
    # trafilatura gives one line per block; each block is a paragraph of the body.
    repaired = repair_text(page.text.replace("\n", "\n\n"), known_title=raw.title or page.title)
    if repaired.title is None:
        repaired.title = page.title
    repaired.captions = _unique(page.captions + repaired.captions)
    return _clean_document(
        raw,
        repaired,
        authors=page.authors or _byline_authors(page.bylines),
        published=page.published,
        url=page.url,
        site_name=page.site_name,
    )


def _article_url(given: str | None, canonical: str | None) -> str | None:
    """The page's canonical URL (no tracking parameters, not the AMP or print copy) when it is
    on the site the page came from; a canonical on another site marks a syndicated copy, and
    the address it was read at is kept."""
    if given is None or canonical is None:
        return given or canonical
    same_site = _site(given) == _site(canonical)
    return canonical if same_site else given


def _site(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _byline_authors(bylines: list[str]) -> list[str]:
    """Authors named in the page's byline blocks ("Posted by Anna Berg, Staff Writer")."""
    patterns = load_boilerplate()
    for text in bylines:
        start = BYLINE_START.search(text)
        match = _fullmatch(patterns.byline_line, text[start.start() :] if start else text)
        names = _byline_names(match)
        if names:
            return names
    return []


# ---------------------------------------------------------------------------------------------
# Text repair


def repair_text(text: str, known_title: str | None = None) -> Repaired:
    """Repair a scraped article text: take out page furniture, split glued sentences.

    `known_title` is the headline when the input already has one: the first line is dropped
    only if it repeats it. Otherwise a short first line standing alone is taken as the title.
    """
    patterns = load_boilerplate()
    paragraphs = split_paragraphs(normalise(text))
    repaired = Repaired(text="")
    paragraphs = _take_title(paragraphs, known_title, repaired)
    paragraphs = _cut_footer(paragraphs, patterns)
    paragraphs = _drop_furniture(paragraphs, patterns, repaired)
    paragraphs = _drop_link_lists(paragraphs)
    paragraphs = _unglue_header(paragraphs, patterns, repaired)
    paragraphs = [[_repair_line(line, patterns) for line in lines] for lines in paragraphs]
    paragraphs = [[line for line in lines if line] for lines in paragraphs]
    paragraphs = [lines for lines in paragraphs if lines]
    repaired.published = _dateline_date(paragraphs) or repaired.published
    repaired.text = "\n\n".join("\n".join(lines) for lines in paragraphs)
    repaired.captions = _unique(repaired.captions)
    repaired.authors = _unique(repaired.authors)
    return repaired


def normalise(text: str) -> str:
    """NFC, no invisible characters, \\n line ends, single spaces, stripped lines."""
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    lines = (SPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def split_paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (separated by blank lines), each a list of its lines."""
    return [block.split("\n") for block in re.split(r"\n{2,}", text) if block.strip()]


def _take_title(
    paragraphs: list[list[str]], known_title: str | None, repaired: Repaired
) -> list[list[str]]:
    if len(paragraphs) < 2 or len(paragraphs[0]) != 1:
        # A title stands alone before a blank line, and an article follows it.
        if paragraphs and known_title and _repeats_title(paragraphs[0][0], known_title):
            return [lines for lines in (paragraphs[0][1:], *paragraphs[1:]) if lines]
        return paragraphs
    first = paragraphs[0][0]
    if known_title:
        return paragraphs[1:] if _repeats_title(first, known_title) else paragraphs
    if _looks_like_title(first):
        repaired.title = first
        return paragraphs[1:]
    return paragraphs


def _looks_like_title(line: str) -> bool:
    words = line.split()
    patterns = load_boilerplate()
    return (
        2 <= len(words) <= MAX_TITLE_WORDS
        and len(line) <= MAX_TITLE_CHARS
        and line[-1] not in ".,;:"
        and any(ch.isalpha() for ch in line)
        and not DATE_ONLY_LINE.fullmatch(line)
        and not _is(patterns.caption, line)
        and not _is(patterns.byline_line, line)
        and not _is(patterns.drop_line, line)
        and not _is_crumb_line(line, patterns)
    )


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _repeats_title(line: str, title: str) -> bool:
    """The line is the headline again, maybe in its long or short form ("HS Roundup: X" for
    "High School Roundup: X"): a title-length line sharing most of its words with the title."""
    if _same_text(line, title):
        return True
    if len(line) > MAX_TITLE_CHARS or line[-1:] in ".,;:":
        return False
    ours = set(WORD.findall(line.casefold()))
    theirs = set(WORD.findall(title.casefold()))
    if len(ours) < 3 or len(theirs) < 3:
        return False
    shared = len(ours & theirs)
    return min(shared / len(ours), shared / len(theirs)) >= TITLE_OVERLAP


def _drop_link_lists(paragraphs: list[list[str]]) -> list[list[str]]:
    """Drop bulleted lists of headlines near the end ("- 15 Amazing Images of Stars"): links
    to other articles. Two or more such lines in a row are needed; a single one may be text."""
    flat = [(p, i) for p, lines in enumerate(paragraphs) for i in range(len(lines))]
    tail = flat[-LINK_LIST_TAIL:]
    marked = [_is_link_line(paragraphs[p][i]) for p, i in tail]
    drop: set[tuple[int, int]] = set()
    run: list[tuple[int, int]] = []
    for position, is_link in zip(tail, marked, strict=True):
        if is_link:
            run.append(position)
            continue
        if len(run) >= 2:
            drop.update(run)
        run = []
    if len(run) >= 2:
        drop.update(run)
    if not drop:
        return paragraphs
    kept = [
        [line for i, line in enumerate(lines) if (p, i) not in drop]
        for p, lines in enumerate(paragraphs)
    ]
    return [lines for lines in kept if lines]


def _is_link_line(line: str) -> bool:
    match = LINK_LINE.fullmatch(line)
    return match is not None and _title_cased(match.group(1))


def _cut_footer(paragraphs: list[list[str]], patterns: Boilerplate) -> list[list[str]]:
    """Drop everything from the first comment-form/end-of-article line that follows the body."""
    seen = 0
    for p_index, lines in enumerate(paragraphs):
        for l_index, line in enumerate(lines):
            if seen >= MIN_BODY_BEFORE_FOOTER and _is(patterns.footer_start, line):
                return [*paragraphs[:p_index], lines[:l_index]]
            seen += len(line)
    return paragraphs


def _drop_furniture(
    paragraphs: list[list[str]], patterns: Boilerplate, repaired: Repaired
) -> list[list[str]]:
    """Remove whole furniture lines; keep captions and header bylines aside."""
    kept: list[list[str]] = []
    line_number = 0
    for lines in paragraphs:
        kept_lines: list[str] = []
        for line in lines:
            in_header = line_number < HEADER_LINES
            line_number += 1
            if _is(patterns.drop_line, line) or _is(patterns.teaser_line, line):
                continue
            byline = _fullmatch(patterns.byline_line, line) if in_header else None
            if byline is not None and (names := _byline_names(byline)):
                repaired.authors.extend(names)
                if byline.group("when") and not repaired.published:
                    repaired.published = dateline_date(byline.group("when"))
                continue
            if _is_crumb_line(line, patterns):
                # A caption sits just above the crumbs in the header zone.
                previous = kept_lines or (kept[-1] if kept else [])
                if in_header and previous and _could_be_caption(previous[-1]):
                    repaired.captions.append(previous.pop())
                continue
            if _is(patterns.caption, line):
                repaired.captions.append(line)
                continue
            if _is_teaser_headline(line, patterns):
                continue
            kept_lines.append(line)
        kept.append(kept_lines)
    return [lines for lines in kept if lines]


def _is(pattern: re.Pattern[str], line: str) -> bool:
    return _fullmatch(pattern, line) is not None


def _fullmatch(pattern: re.Pattern[str], line: str) -> re.Match[str] | None:
    """Match a furniture pattern against a whole line; long lines are never furniture."""
    return pattern.fullmatch(line) if len(line) <= MAX_FURNITURE_LINE else None


def _could_be_caption(line: str) -> bool:
    return len(line) <= MAX_CAPTION_CHARS and line[-1:] in SENTENCE_END + CLOSERS


def _is_crumb_line(line: str, patterns: Boilerplate) -> bool:
    """Navigation crumbs: "Home › World › Africa", "News | Politics", or "WorldAfricaPolitics"."""
    if len(line) > 120:
        return False
    parts = CRUMB_SEPARATORS.split(line)
    if len(parts) >= 2 and all(_is_section_name(part) for part in parts):
        # "/" also joins ordinary words ("Twitter / NASA"), so it only counts for known sections.
        return "/" not in line or all(part in patterns.crumb_sections for part in parts)
    end = _crumb_run_end(line, 0, patterns)
    return end == len(line)


def _is_section_name(part: str) -> bool:
    words = part.split()
    return 1 <= len(words) <= 4 and len(part) <= 30 and part[:1].isupper()


def _crumb_run_end(text: str, start: int, patterns: Boilerplate) -> int | None:
    """End of a glued run of section names at `start` ("InternationalIndiaAfrica"), if any."""
    parts: list[re.Match[str]] = []
    position = start
    while (match := CRUMB_PART.match(text, position)) is not None:
        parts.append(match)
        position = match.end()
    if parts and text[position : position + 1] in (" ", "/", "-", "'", "’", ","):
        # The last capitalised part begins the next phrase: "…AfricaMuhammad Osman".
        parts.pop()
    names = [part.group() for part in parts]
    if not names:
        return None
    if len(names) >= 3 or all(name in patterns.crumb_sections for name in names):
        return parts[-1].end()
    return None


def _byline_names(match: re.Match[str] | None) -> list[str]:
    if match is None:
        return []
    found = next((group for group in BYLINE_NAME_GROUPS if match.group(group)), None)
    if found is None:
        return []
    names = re.split(r", | and | & ", match.group(found))
    return [name.title() if name.isupper() else name for name in names]


def _is_teaser_headline(line: str, patterns: Boilerplate) -> bool:
    """A related-article headline on its own line, closed by a timestamp."""
    match = _fullmatch(patterns.teaser_inline, line)
    return match is not None and _title_cased(match.group("headline"))


def _title_cased(text: str) -> bool:
    words = [word for word in re.findall(r"[^\W\d_]+", text) if len(word) > 3]
    if len(words) < 2:
        return False
    return sum(word[0].isupper() for word in words) >= 0.6 * len(words)


# ---------------------------------------------------------------------------------------------
# The glued header: "caption.CrumbsCrumbsName SurnameRoleBody..."


def _unglue_header(
    paragraphs: list[list[str]], patterns: Boilerplate, repaired: Repaired
) -> list[list[str]]:
    """Take a caption, crumbs and byline that the scraper glued onto the first body line."""
    if not paragraphs:
        return paragraphs
    first = paragraphs[0][0]
    starts = [0] + [m.start() for m in GLUE_POINT.finditer(first, 0, MAX_CAPTION_CHARS)]
    for start in starts:
        end, authors, crumb_count = _header_chrome(first, start, patterns)
        if end is None or not (authors or crumb_count >= 2):
            continue
        if start > 0:
            repaired.captions.append(first[:start].strip())
        repaired.authors.extend(authors)
        rest = first[end:].lstrip(" |·•-–—:,")
        lines = [rest, *paragraphs[0][1:]] if rest else paragraphs[0][1:]
        return [lines, *paragraphs[1:]] if lines else paragraphs[1:]
    return paragraphs


def _header_chrome(
    text: str, start: int, patterns: Boilerplate
) -> tuple[int | None, list[str], int]:
    """Crumbs and bylines glued at `start`: (end, author names, number of crumbs)."""
    position = start
    authors: list[str] = []
    crumb_count = 0
    while True:
        crumbs_end = _crumb_run_end(text, position, patterns)
        if crumbs_end is not None and crumbs_end > position:
            crumb_count += len(CRUMB_PART.findall(text, position, crumbs_end))
            position = crumbs_end
            continue
        byline = patterns.byline_glued.match(text, position)
        if byline is not None and byline.end() > position:
            authors.extend(_byline_names(byline))
            position = byline.end()
            continue
        break
    return (position if position > start else None), authors, crumb_count


# ---------------------------------------------------------------------------------------------
# Inside a line: teasers and glued sentences


def _repair_line(line: str, patterns: Boilerplate) -> str:
    line = patterns.teaser_inline.sub(_drop_teaser, line)
    line = _split_glued_sentences(line)
    return SPACE_RUN.sub(" ", line).strip()


def _drop_teaser(match: re.Match[str]) -> str:
    # Only a title-cased headline is a teaser; anything else glued to a time is article text.
    return " " if _title_cased(match.group("headline")) else match.group()


def _split_glued_sentences(line: str) -> str:
    """Put the missing space back in "terrorism.Bamako", leaving URLs and addresses alone."""
    pieces: list[str] = []
    position = 0
    for token in URL_OR_EMAIL.finditer(line):
        pieces.append(GLUED_SENTENCE.sub(_glue_space, line[position : token.start()]))
        pieces.append(token.group())
        position = token.end()
    pieces.append(GLUED_SENTENCE.sub(_glue_space, line[position:]))
    return "".join(pieces)


def _glue_space(match: re.Match[str]) -> str:
    return (match.group("close") or "") + " "


# ---------------------------------------------------------------------------------------------
# Dateline


def _dateline_date(paragraphs: list[list[str]]) -> str | None:
    """ISO date of a dateline at the top of the body ("Tuesday, September 1, 2015"), if any."""
    for line in [line for lines in paragraphs[:3] for line in lines][:3]:
        found = dateline_date(line)
        if found:
            return found
    return None


def dateline_date(line: str) -> str | None:
    """The date a line starts with as YYYY-MM-DD, or None (also when it gives no year)."""
    for pattern in DATELINE_DATES:
        match = pattern.match(line)
        if match is None:
            continue
        month = match.group("month")
        month_number = int(month) if month.isdigit() else MONTHS[month.lower()]
        try:
            return date(int(match.group("year")), month_number, int(match.group("day"))).isoformat()
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------------------------------------
# Data


@cache
def load_boilerplate() -> Boilerplate:
    """Read and compile data/boilerplate.txt (once per process)."""
    sections = _read_sections(BOILERPLATE_FILE)

    def line_pattern(name: str) -> re.Pattern[str]:
        return _compile("|".join(f"(?:{p})" for p in sections[name]), name, re.I)

    def alternatives(name: str) -> str:
        return "|".join(f"(?:{p})" for p in sorted(sections[name], key=len, reverse=True))

    role = alternatives("byline_role")
    agency = alternatives("agency")
    role_words = {word for title in sections["byline_role"] for word in re.split(r"[ /]", title)}
    names = name_list_pattern("|".join(sorted(role_words)))
    timestamp = alternatives("teaser_timestamp")
    byline_tail = rf"(?:\s*[,|\-–—]?\s*(?:{role}))?(?:\s*[,|\-–—]\s*(?:{agency}))?"
    # A byline line may end with its date: "By Anna Berg | March 3, 2023".
    byline_date = r"(?:\s*[|·•,\-–—]\s*(?P<when>[^|·•]{0,40}\d[^|·•]{0,40}))?"
    byline_line = (
        rf"(?:(?i:by|par):?\s+(?P<names>{names}){byline_tail}"
        rf"|(?P<names_role>{names})\s*[,|\-–—]?\s*(?:{role})(?:\s*[,|\-–—]\s*(?:{agency}))?"
        rf"|(?P<names_agency>{names})\s*[|,]\s*(?:{agency})){byline_date}"
    )
    # Glued bylines need a role or "By", because a bare name glued to text is often the text;
    # and the article must start right after them, as it does where a scraper glued blocks.
    byline_glued = (
        rf"(?:(?:By|Par):?\s+(?P<names>{names}){byline_tail}"
        rf"|(?P<names_role>{names})\s*,?\s*(?:{role}))"
        rf"(?=\s*[{UPPER}0-9\"“‘«]|\s*$)"
    )
    teaser = (
        rf"(?:(?<=[{SENTENCE_END}{CLOSERS_CLASS}])|^)"
        rf"(?P<headline>[^\s{SENTENCE_END}][^{SENTENCE_END}\n]{{8,240}}?)"
        rf"(?:{timestamp})(?=[{UPPER}\"“‘«]|\s|$)"
    )
    return Boilerplate(
        footer_start=line_pattern("footer_start"),
        drop_line=line_pattern("drop_line"),
        caption=line_pattern("caption"),
        teaser_line=line_pattern("teaser_line"),
        teaser_inline=_compile(teaser, "teaser_timestamp"),
        crumb_sections=frozenset(sections["section"]),
        byline_line=_compile(byline_line, "byline_role"),
        byline_glued=_compile(byline_glued, "byline_role"),
    )


def _read_sections(name: str) -> dict[str, list[str]]:
    text = resources.files("dyad").joinpath("data", name).read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith("# ") or line == "#":
            continue
        header = re.fullmatch(r"\[([a-z_]+)\]", line)
        if header:
            if header.group(1) not in BOILERPLATE_SECTIONS:
                raise DataError(f"data/{name} line {number}: unknown section [{header.group(1)}]")
            current = sections.setdefault(header.group(1), [])
        elif current is None:
            raise DataError(f"data/{name} line {number}: pattern before any [section] header")
        else:
            current.append(line)
    missing = [section for section in BOILERPLATE_SECTIONS if not sections.get(section)]
    if missing:
        raise DataError(f"data/{name} has no patterns for: {', '.join(missing)}")
    return sections


def _compile(pattern: str, section: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise DataError(f"data/{BOILERPLATE_FILE} [{section}]: bad pattern ({exc})") from exc


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))
