"""The quotes stage: direct, partial and indirect quotes with their cue and speaker mention.

Direct and partial quotes come from the quote marks in the text, indirect speech from the
dependency parse (a cue verb and its clause, "according to X"). The speaker is the mention as
written ("PM Maiga", "he"); the lead resolves it to an actor. Only the parse already in the Doc
is used. Cue words are data: data/quote_cues.txt.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Literal, NamedTuple

from dyad.records import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

QuoteKind = Literal["direct", "indirect", "partial"]


@dataclass(slots=True)
class QuoteCandidate:
    """A quote found in one document; offsets index `doc.text`."""

    text: str
    start: int
    end: int
    kind: QuoteKind
    cue: Span | None
    speaker: Span | None


# ------------------------------------------------------------------------------- cue data


@dataclass(frozen=True, slots=True)
class Cues:
    """data/quote_cues.txt by section; the file says what each section holds."""

    verbs: frozenset[str]
    particles: dict[str, frozenset[str]]  # "point" -> {"out"}
    phrases: tuple[tuple[str, ...], ...]  # ("according", "to")
    phrase_starts: frozenset[str]  # first words of `phrases`: the test every token takes
    infinitive: frozenset[str]
    objects: dict[str, frozenset[str]]  # "accuse" -> {"of"}; "" a bare object, "*" + predicate
    nouns: frozenset[str]
    noun_verbs: frozenset[str]


@cache
def load_cues() -> Cues:
    """Read data/quote_cues.txt once per process."""
    raw = resources.files("dyad").joinpath("data/quote_cues.txt").read_text(encoding="utf-8")
    sec: dict[str, list[tuple[str, ...]]] = {}
    name = "verbs"
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1]
        elif line:
            sec.setdefault(name, []).append(tuple(line.split()))

    def grouped(entries: list[tuple[str, ...]]) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for w in entries:
            out.setdefault(w[0], set()).add(" ".join(w[1:]))
        return {k: frozenset(v) for k, v in out.items()}

    verbs = sec.get("verbs", []) + sec.get("infinitive", [])
    return Cues(
        verbs=frozenset(w[0] for w in verbs if len(w) == 1),
        particles=grouped([w for w in verbs if len(w) > 1]),
        phrases=tuple(sec.get("phrases", [])),
        phrase_starts=frozenset(w[0] for w in sec.get("phrases", [])),
        infinitive=frozenset(w[0] for w in sec.get("infinitive", [])),
        objects=grouped(sec.get("object", [])),
        nouns=frozenset(w[0] for w in sec.get("nouns", [])),
        noun_verbs=frozenset(w[0] for w in sec.get("noun verbs", [])),
    )


# ------------------------------------------------------------------------------- quote marks

_CLOSER = {"“": "”", "«": "»", '"': '"', "‘": "’", "”": "”"}
# After these a straight or single mark opens a quote rather than closing one.
_OPEN_BEFORE = set(" \t\n\u00a0([{—–-/:;,“\"'‘«")
_MAX_SINGLE = 400  # single marks delimit short quotes; longer runs are apostrophe mix-ups
_MARKS = re.compile('["“”«»‘’]')
_PAIR = "\x01"  # stands in for the second character of a doubled mark (''), so offsets hold
_TRANSCRIPT = re.compile(r"([A-Z][A-Z.'’ -]{1,30}[A-Z.]):\s+(?=\S)")  # "WALLACE: ..."


@dataclass(slots=True)
class _Marked:
    open: int  # index of the opening mark
    start: int  # content start
    end: int  # content end, exclusive
    close: int  # index after the closing mark (the content end when the quote runs on)
    para: int
    closed: bool
    raw_end: str  # last character inside the marks, before any trailing comma is cut


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges: split at newlines, except a hard wrap inside a sentence."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"\n", text):
        i = m.start()
        if (text[i - 1 : i].isalpha() or text[i - 1 : i] == ",") and text[i + 1 : i + 2].islower():
            continue  # "a serial liar, rampant\nracist": a wrapped line, not a break
        if text[start:i].strip():
            out.append((start, i))
        start = i + 1
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _opens(text: str, i: int, lo: int) -> bool:
    mark = text[i]
    if mark in "“«":
        return True
    nxt = text[i + 2 : i + 3] if text[i + 1 : i + 2] == _PAIR else text[i + 1 : i + 2]
    nxt = nxt or " "
    if mark == "”":
        return i == lo and nxt.isalnum()  # a paragraph opened with the wrong-way mark
    prev = text[i - 1] if i > lo else " "
    if mark == "‘":
        return prev in _OPEN_BEFORE and (nxt.isalnum() or nxt in "[…")
    return mark == '"' and prev in _OPEN_BEFORE and not nxt.isspace() and nxt not in ",.;:!?)"


def _closes_at(text: str, j: int, opener: str) -> bool:
    if text[j] != _CLOSER[opener]:
        return False
    prev, nxt = text[j - 1], text[j + 1 : j + 2]
    if opener == "‘":  # "don’t", "Mali’s", "Paris’s": an apostrophe inside a word closes nothing
        return not prev.isspace() and not nxt.isalnum()
    return opener != '"' or not prev.isspace() or nxt in ("", " ", "\n")


def _find_close(text: str, i: int, hi: int, opener: str) -> int | None:
    """Index of the mark closing the quote opened at i, or None when it is unbalanced."""
    for m in _MARKS.finditer(text, i + 1, min(hi, i + _MAX_SINGLE) if opener == "‘" else hi):
        j, c = m.start(), m.group()
        if (c == opener and opener not in '"”') or (c == opener == '"' and _opens(text, j, i)):
            if opener == '"' and not text[j - 1].isspace():
                return j  # 'word"word' inside a straight quote: take it as the close
            return None  # a second opener of the same style: the first was never closed
        if _closes_at(text, j, opener):
            return j
    if opener in '"“':  # copy that mixes "straight and curly” marks closes on the other style
        return (
            _find_close(text, i, hi, "“" if opener == '"' else '"') if text[i] == opener else None
        )
    return None


def _find_marked(text: str, paras: list[tuple[int, int]]) -> list[_Marked]:
    # Wire and archive copy writes quotes as ''...'' or ``...''; scan them as one straight mark.
    text = text.replace("''", '"' + _PAIR).replace("``", '"' + _PAIR)
    found: list[_Marked] = []
    for p, (lo, hi) in enumerate(paras):
        i = lo
        for m in _MARKS.finditer(text, lo, hi):
            if m.start() < i or not _opens(text, m.start(), lo):
                continue
            i = m.start()
            j = _find_close(text, i, hi, text[i])
            if j is None:
                # A quote running on leaves its paragraph open and reopens the next one.
                nxt = text[slice(*paras[p + 1])].lstrip()[:1] if p + 1 < len(paras) else ""
                if nxt == text[i] or (text[i] in '“"' and nxt in '“"'):
                    found += _marked(text, i, hi, hi, p, closed=False)
                    break
                continue  # unbalanced: no quote here; never swallow the rest of the text
            found += _marked(text, i, j, j + 1, p, closed=True)
            i = j + 1
    return found


def _marked(text: str, i: int, j: int, close: int, p: int, closed: bool) -> list[_Marked]:
    start = i + 1
    if text[close - 1 : close + 1] == '"' + _PAIR:
        close += 1
    while start < j and (text[start].isspace() or text[start] == _PAIR):
        start += 1
    raw = text[start:j].rstrip()
    if not any(ch.isalnum() for ch in raw):
        return []
    end = start + len(raw)
    while end > start and text[end - 1] in ", ":
        end -= 1  # the comma before the closing mark belongs to the frame, not the speech
    return [_Marked(i, start, end, close if closed else end, p, closed, raw[-1])]


_ABBREV = set(
    "mr mrs ms dr sen rep gov gen lt col sgt capt st jr sr prof rev pres u.s u.n u.k no vs inc "
    "corp co jan feb aug sept oct nov dec adm maj cmdr ft mt".split()
)
_BREAK = re.compile(r"[.!?…]+[”\"’')\]]*\s+(?=[\"“‘'`(\[A-Z0-9])")


def _sentence_starts(text: str, marked: list[_Marked]) -> list[int]:
    """Offsets where a sentence starts, outside quote contents."""
    out: list[int] = []
    starts = [q.start for q in marked]
    for m in _BREAK.finditer(text):
        word = re.search(r"([\w.]+)$", text[max(0, m.start() - 12) : m.start()])
        w = word.group(1).lower() if word else ""
        if m.group(0)[0] == "." and (w in _ABBREV or (len(w) == 1 and w.isalpha())):
            continue  # "Sen. Hale", "Donald J. Trump"
        k = bisect.bisect_left(starts, m.end()) - 1
        if k < 0 or not marked[k].start < m.end() < marked[k].end:
            out.append(m.end())
    return out


_SAID = ("said", "says")  # a parse that tags them as adjective or noun still has a cue
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_REL = {"who", "which", "that", "whom"}
_SHARES_SUBJECT = {"advcl", "xcomp", "conj", "pcomp", "ccomp", "prep"}
_NP_LEFT = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "predet"}
_NP_RIGHT = {"compound", "flat", "nummod", "case"}


def _verbal(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or tok.lower_ in _SAID


def _cue_end(tok: Token, cues: Cues) -> int | None:
    """Token index after the cue headed by `tok` ("pointed out": after "out"), None if none."""
    lemma = tok.lemma_.lower()
    if lemma not in cues.verbs and lemma not in cues.particles and tok.lower_ not in _SAID:
        return None  # the cheap test first: this runs on every token
    if not _verbal(tok):
        return None
    for c in tok.rights if lemma in cues.particles else ():
        if c.dep_ in ("prt", "prep") and c.lower_ in cues.particles[lemma] and c.i - tok.i <= 3:
            return c.i + 1
    if lemma in cues.verbs or (tok.lower_ in _SAID and "say" in cues.verbs):
        return tok.i + 1
    return None


def _phrase_cue(tok: Token, cues: Cues) -> tuple[int, int] | None:
    """(cue end, speaker head) for a cue phrase starting at `tok`: "according to X"."""
    doc, i, first = tok.doc, tok.i, tok.lower_
    if first not in cues.phrase_starts:
        return None
    for words in cues.phrases:
        n = len(words)
        if words[0] != first or tuple(t.lower_ for t in doc[i : i + n]) != words:
            continue
        objs = [c for c in doc[i + n - 1].children if c.dep_ in ("pobj", "dobj", "pcomp")]
        if not objs and i + n < len(doc) and doc[i + n].pos_ in ("PROPN", "PRON", "NOUN", "DET"):
            objs = [doc[i + n]]  # a parse that left the object unattached
        if objs:
            return i + n, objs[0].i
    return None


def _token_span(doc: Doc, lo: int, hi: int) -> Span:
    """Char span of tokens lo..hi-1 with edge punctuation and spaces trimmed."""
    kept = [t.i for t in doc[lo:hi] if not (t.is_punct or t.is_space) or t.text in "()["]
    lo, hi = (kept[0], kept[-1] + 1) if kept else (lo, lo + 1)
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    return Span(doc[lo:hi].text, start, end)  # doc.text would re-join the whole document


def _np(doc: Doc, head: Token) -> Span:
    """The mention headed by `head`: its noun phrase as written, without clauses."""
    if head.pos_ == "PRON" or head.lower_ in _REL:
        return _token_span(doc, head.i, head.i + 1)
    lo = hi = head.i
    for c in head.lefts:
        if c.dep_ in _NP_LEFT and head.i - c.left_edge.i <= 10:
            lo = min(lo, c.left_edge.i)
    for c in head.rights:
        if c.dep_ in _NP_RIGHT or (
            c.dep_ == "prep" and c.lower_ == "of" and c.right_edge.i - c.i <= 5
        ):
            hi = max(hi, c.right_edge.i)
        elif c.dep_ == "appos" and doc[c.i - 1].text == "(":
            hi = max(hi, c.right_edge.i + 1)  # "Rep. Trey Gowdy (R-S.C.)"
        elif c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            while conj := next((g for g in c.children if g.dep_ == "conj"), None):
                c = conj  # "Smith, DeNiro and Wonder" chains each name on the one before
            hi = max(hi, c.i)  # "Trump and Mike Pence": English noun phrases end on the head
    hi = min(hi, len(doc) - 1)
    if hi + 1 < len(doc) and doc[hi + 1].text == ")" and "(" in doc[lo : hi + 1].text:
        hi += 1
    return _token_span(doc, lo, hi + 1)


def _own_subject(node: Token, passive: bool) -> Token | None:
    for c in node.children:
        if c.dep_ in ("nsubj", "csubj") or (passive and c.dep_ == "nsubjpass"):
            # "Maiga, who said ...": the antecedent is the speaker.
            return node.head if c.lower_ in _REL and node.dep_ == "relcl" else c
    return None


def _subject(tok: Token, cues: Cues) -> Token | None:
    """The cue verb's subject, else one it shares with a governing (speech) clause ("arguing")."""
    own = _own_subject(tok, passive=False)
    if own is not None:
        return own
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head  # "a statement saying that ..."
    first: Token | None = None
    node = tok
    for _ in range(4):
        if node.dep_ not in _SHARES_SUBJECT or node.head is node:
            break
        node = node.head
        subj = _own_subject(node, passive=True)
        if subj is not None and _cue_end(node, cues) is not None:
            return subj
        first = first or subj
    return first


class _Attr(NamedTuple):
    cue: Span | None
    speaker: Span | None


@dataclass(slots=True)
class _Ctx:
    """One document's lookups: paragraphs, quote marks, sentence starts, token offsets."""

    doc: Doc
    cues: Cues
    text: str
    paras: list[tuple[int, int]]
    marked: list[_Marked]
    sent_starts: list[int]
    tok_starts: list[int]
    direct: list[tuple[int, int]] = field(default_factory=list)  # contents of direct quotes


def _context(doc: Doc) -> _Ctx:
    text = doc.text
    paras = _paragraphs(text)
    marked = _find_marked(text, paras)
    starts, offsets = _sentence_starts(text, marked), [t.idx for t in doc]
    return _Ctx(doc, load_cues(), text, paras, marked, starts, offsets)


def _tokens(c: _Ctx, a: int, b: int) -> list[Token]:
    i0, i1 = bisect.bisect_left(c.tok_starts, a), bisect.bisect_left(c.tok_starts, b)
    return [t for t in c.doc[i0:i1] if not t.is_space]


def _in_direct(c: _Ctx, pos: int) -> bool:
    k = bisect.bisect_right(c.direct, (pos, len(c.text) + 1)) - 1
    return k >= 0 and c.direct[k][0] <= pos < c.direct[k][1]


def _para(c: _Ctx, pos: int) -> tuple[int, int]:
    return c.paras[max(bisect.bisect_right(c.paras, (pos, len(c.text) + 1)) - 1, 0)]


def _last_start(c: _Ctx, lo: int, hi: int) -> int:
    """Start of the last sentence that begins in lo..hi."""
    return max([s for s in c.sent_starts if lo <= s < hi], default=lo)


def _before_bounds(c: _Ctx, k: int) -> tuple[int, int]:
    """The text of quote k's sentence before its opening mark (after any earlier quote)."""
    q = c.marked[k]
    j = bisect.bisect_right(c.sent_starts, q.open) - 1
    lo = max(c.paras[q.para][0], c.sent_starts[j] if j >= 0 else 0)
    if k > 0 and c.marked[k - 1].para == q.para:
        lo = max(lo, c.marked[k - 1].close)
    return lo, q.open


def _after_bounds(c: _Ctx, k: int, skip_break: bool = False) -> tuple[int, int]:
    """The text after quote k's closing mark up to the sentence end or the next quote."""
    q = c.marked[k]
    hi = c.paras[q.para][1]
    if k + 1 < len(c.marked) and c.marked[k + 1].para == q.para:
        hi = min(hi, c.marked[k + 1].open)
    j = bisect.bisect_right(c.sent_starts, q.close)
    ends = c.sent_starts[j : j + 2]
    if skip_break and len(ends) == 2 and not c.text[q.close : ends[0]].strip():
        ends = ends[1:]  # the quote ended its own sentence: take the one after
    return q.close, min([hi, *ends[:1]])


def _frame_attr(c: _Ctx, a: int, b: int, last: bool, max_lead: int = 99) -> _Attr | None:
    """Cue and speaker in the frame a..b beside a direct quote."""
    toks = [t for t in _tokens(c, a, b) if not _in_direct(c, t.idx)][: max_lead + 1]
    for t in toks:
        if ph := _phrase_cue(t, c.cues):
            return _Attr(_token_span(c.doc, t.i, ph[0]), _np(c.doc, c.doc[ph[1]]))
    verbs = [(t, e) for t in toks if (e := _cue_end(t, c.cues))]
    if not verbs:
        return None
    verb, end = verbs[-1] if last else verbs[0]
    return _Attr(_token_span(c.doc, verb.i, end), _speaker(c, verb, a, b))


def _speaker(c: _Ctx, verb: Token, a: int | None = None, b: int | None = None) -> Span | None:
    """The speaker of a cue verb framed by a..b (default: its paragraph); none for a passive."""
    guess = a is not None or not any(ch.dep_ == "auxpass" for ch in verb.children)
    if a is None or b is None:
        a, b = _para(c, verb.idx)
    subj = _subject(verb, c.cues)
    if subj is not None and not _in_direct(c, subj.idx):
        lo, hi = sorted((subj.idx, verb.idx))
        # A parse across a paragraph break or a label colon ("12:15 p.m.\n\nDonald Trump says",
        # "The Latest: Trump urges") took the wrong noun.
        if subj.head is not verb or not re.search(r"\n|:\s", c.text[lo:hi]):
            return _np(c.doc, subj)
    elif not guess:
        return None
    name = _near_name(c, verb, a, b)
    return _np(c.doc, name) if name is not None else None


def _near_name(c: _Ctx, verb: Token, a: int, b: int) -> Token | None:
    """A name beside a cue with no usable subject: "Maiga said", "..., said Maiga"."""
    toks = [t for t in _tokens(c, a, b) if not _in_direct(c, t.idx)]
    before: list[Token] = []
    for t in reversed([t for t in toks if t.i < verb.i]):
        if "\n" in t.text or t.text in (":", ";", "—", "―"):
            break
        before.append(t)
    after = [t for t in toks if t.i > verb.i][:4]
    for group, pos in ((before, ("PROPN", "PRON", "NOUN")), (after, ("PROPN", "PRON"))):
        for t in group:
            if t.pos_ in pos and t.ent_type_ not in _NOT_NAMES and t.dep_ not in ("pobj", "poss"):
                return _name_head(t, toks)
    return None


def _name_head(t: Token, within: list[Token]) -> Token:
    while t.dep_ in ("compound", "flat") and t.head in within and t.head.i != t.i:
        t = t.head
    return t


def _label_attr(c: _Ctx, a: int, b: int, dash: bool) -> _Attr | None:
    """A speaker with no cue word: "Trump on Tuesday: “...”" or a byline, “...” ― Sonya Herridge."""
    toks = _tokens(c, a, b)
    if dash:
        names = [t for t in toks if t.pos_ == "PROPN"]
        ok = bool(re.match(r"\s*[―—–]\s*\S", c.text[a:b])) and bool(names)
        return _Attr(None, _np(c.doc, _name_head(names[0], toks))) if ok else None
    if not toks or toks[-1].text != ":":
        return None
    for t in toks:
        if t.dep_ in ("nsubj", "nsubjpass") and t.head in toks:
            return _Attr(None, _np(c.doc, t))
    names = [t for t in toks if t.pos_ == "PROPN"]
    return _Attr(None, _np(c.doc, names[-1])) if names and len(toks) <= 6 else None


def find_quotes(doc: Doc) -> list[QuoteCandidate]:
    """Direct, partial and indirect quotes in `doc`, in text order."""
    c = _context(doc)
    text = c.text
    # 1. Shape: a quote standing as speech (direct) or embedded in a sentence (partial).
    direct_idx: list[int] = []
    embedded_idx: list[int] = []
    for k, q in enumerate(c.marked):
        embedded = _embedded(c, *_before_bounds(c, k), text[q.start : q.end])
        if not embedded:
            a, b = _after_bounds(c, k)
            # "“Fake news” is a term ...": a quote the sentence carries on past is a phrase.
            embedded = text[a:b].lstrip()[:1].islower() and _frame_attr(c, a, b, False) is None
        (embedded_idx if embedded else direct_idx).append(k)
    c.direct = [(c.marked[k].start, c.marked[k].end) for k in direct_idx]
    out = list(indirect := _indirect(c))
    # 2. Partial quotes: kept only under a speech act in their own sentence.
    attrs: dict[int, _Attr] = {}
    for k in embedded_idx:
        if attr := _partial_attr(c, q := c.marked[k]):
            attrs[k] = attr
            out.append(QuoteCandidate(text[q.start : q.end], q.start, q.end, "partial", *attr))
    # 3. Direct quotes: a cue frame after or before the quote, else the speech it continues.
    for k in direct_idx:
        if attr := _direct_attr(c, k) or _inherit(c, k, attrs, indirect):
            attrs[k] = attr
    # A quote left open, or right before another quote, takes the speaker of the one after.
    for k, k2 in reversed(list(pairwise(direct_idx))):
        q, q2 = c.marked[k], c.marked[k2]
        runs_on = not q.closed and q2.para == q.para + 1
        adjacent = q.para == q2.para and not text[q.close : q2.open].strip()
        if k not in attrs and k2 in attrs and (runs_on or adjacent):
            attrs[k] = attrs[k2]
    for k in direct_idx:
        q = c.marked[k]
        attr = attrs.get(k, _Attr(None, None))
        start = q.start
        if label := _TRANSCRIPT.match(text, q.start, q.end):
            # "WALLACE: Let's start ...": a transcript names its speaker inside the quote.
            start = label.end()
            attr = _Attr(None, Span(label.group(1), label.start(1), label.end(1)))
        elif k not in attrs and not _stands_alone(c, k):
            continue  # an unattributed fragment is a title or a term, not speech
        out.append(QuoteCandidate(text[start : q.end], start, q.end, "direct", *attr))

    # One candidate per span (the pipeline ids quotes by it); quote marks beat a parse.
    unique = {(x.start, x.end): x for x in sorted(out, key=lambda x: x.kind != "indirect")}
    return sorted(unique.values(), key=lambda x: (x.start, -x.end))


def _stands_alone(c: _Ctx, k: int) -> bool:
    """An unattributed quote that opens its sentence as speech (not "the play “Eclipsed.”")."""
    q = c.marked[k]
    lo, hi = _before_bounds(c, k)
    opens = not c.text[lo:hi].strip() or c.text[lo:hi].rstrip().endswith(":")
    return opens and (q.raw_end in ".!?,…—–-" or c.text.count(" ", q.start, q.end) >= 7)


def _embedded(c: _Ctx, lo: int, hi: int, content: str) -> bool:
    """True when a quote sits inside its sentence (partial) rather than standing as speech."""
    p = c.text[lo:hi].rstrip()
    if not p or p[-1] == ":":
        return False
    upper = content[:1].isupper() or content[:1] in "[…" or content[:1].isdigit()
    if p[-1] in ",;—–(":
        return not upper and not (lo > 0 and c.text[lo - 1] in '”"’')
    return not (upper and any(_cue_end(t, c.cues) for t in _tokens(c, lo, hi)[-3:]))


def _direct_attr(c: _Ctx, k: int) -> _Attr | None:
    q = c.marked[k]
    text = c.text
    blo, bhi = _before_bounds(c, k)
    prefix, toks = text[blo:bhi].rstrip(), _tokens(c, blo, bhi)
    a, b = _after_bounds(c, k)
    after = text[a:b]
    ends_sentence = q.raw_end in ".!?…"

    def from_after() -> _Attr | None:
        if not after.strip() and ends_sentence and q.closed:
            # “It’s over!” Trump said. A short sentence of its own carries the cue.
            a2, b2 = _after_bounds(c, k, skip_break=True)
            ok = len(_tokens(c, a2, b2)) <= 10
            return _frame_attr(c, a2, b2, last=False, max_lead=3) if ok else None
        lead = 3 if ends_sentence and after.lstrip()[:1].isupper() else 99
        return _frame_attr(c, a, b, False, lead) or _label_attr(c, a, b, dash=True)

    def from_before() -> _Attr | None:
        lo, hi = blo, bhi
        if not prefix:  # "Caddell continued:" closing the paragraph before the quote's own
            plo, hi = c.paras[q.para - 1] if q.para else (0, 0)
            if text[c.paras[q.para][0] : q.open].strip() or text[plo:hi].rstrip()[-1:] != ":":
                return None
            lo = _last_start(c, plo, hi)
        elif prefix[-1] not in ":,—–" and not any(_cue_end(t, c.cues) for t in toks[-3:]):
            return None
        return _frame_attr(c, lo, hi, True) or _label_attr(c, lo, hi, dash=False)

    first, second = from_after, from_before
    if q.raw_end not in ",—–-" and not after.lstrip()[:1].islower():
        first, second = second, first
    attr = first()
    if attr is None or attr.speaker is None:
        attr = second() or attr  # a cue with no speaker ("..., adding that") is a last resort
    return attr


def _inherit(
    c: _Ctx, k: int, attrs: dict[int, _Attr], indirect: list[QuoteCandidate]
) -> _Attr | None:
    """The speaker of the speech this quote continues: in its paragraph, or the one before."""
    q = c.marked[k]
    prev = sorted(j for j in attrs if j < k)
    same = prev[-1] if prev and c.marked[prev[-1]].para == q.para else None
    # "..., Schiff said. “The other factor is ...”": speech reported in the sentence before.
    prev_sent = _last_start(c, c.paras[q.para][0], _before_bounds(c, k)[0])
    for x in reversed(indirect):
        later = same is None or (x.cue is not None and x.cue.start > c.marked[same].close)
        if x.cue and x.speaker and prev_sent <= x.cue.start < q.open and later:
            return _Attr(x.cue, x.speaker)
    if same is not None:
        return attrs[same]
    if q.para == 0 or c.text[c.paras[q.para][0] : q.open].strip():
        return None
    if prev and c.marked[prev[-1]].para == q.para - 1 and not c.marked[prev[-1]].closed:
        return attrs[prev[-1]]
    # Otherwise only when the paragraph before ends on attributed speech.
    plo, phi = c.paras[q.para - 1]
    last = _last_start(c, plo, phi)
    best: tuple[int, _Attr] | None = None
    for j in prev:
        if c.marked[j].para == q.para - 1 and c.marked[j].end >= last:
            best = (c.marked[j].start, attrs[j])
    for x in indirect:
        reaches = x.end >= last or (x.cue is not None and x.cue.start >= last)
        if plo <= x.start < phi and reaches and x.speaker and (not best or x.start > best[0]):
            best = (x.start, _Attr(x.cue, x.speaker))
    return best[1] if best else None


def _partial_attr(c: _Ctx, q: _Marked) -> _Attr | None:
    """The speech act governing an embedded quote, searched up the parse of its sentence."""
    doc = c.doc
    toks = _tokens(c, q.start, q.end)
    if not toks:
        return None
    inside = {t.i for t in toks}
    root = next(t for t in toks if t.head.i not in inside or t.head.i == t.i)
    for node in [root, *root.ancestors]:
        end = _cue_end(node, c.cues) if node.i not in inside else None
        if end is not None:
            return _Attr(_token_span(doc, node.i, end), _speaker(c, node))
        if framed := _scope_frame(c, node):
            return framed
    sent = toks[0].sent
    for t in sent:  # "According to him, ... “beg” ...": the phrase scopes the whole sentence
        if t.i not in inside and (ph := _phrase_cue(t, c.cues)):
            return _Attr(_token_span(doc, t.i, ph[0]), _np(doc, doc[ph[1]]))
    return _scope_frame(c, sent.root)


def _scope_frame(c: _Ctx, node: Token) -> _Attr | None:
    """ "As Diop said, ...": a cue clause introduced by "as" scopes its head's clause."""
    for ch in node.children:
        as_ = any(m.dep_ == "mark" and m.lower_ == "as" for m in ch.children)
        if ch.dep_ == "advcl" and as_ and (end := _cue_end(ch, c.cues)) is not None:
            return _Attr(_token_span(c.doc, ch.i, end), _speaker(c, ch))
    return None


# ------------------------------------------------------------------------------- indirect speech


def _clause(doc: Doc, lo: int, hi: int, cut: tuple[int, int] | None = None) -> tuple[int, int]:
    """Token range lo..hi minus a frame `cut` at either edge, trimmed of edge punctuation."""
    clo, chi = cut or (-1, -1)
    if clo <= lo < chi:
        lo = chi
    elif clo > lo and (clo < hi <= chi or chi >= hi - 1):
        hi = clo
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space) and doc[lo].text not in '“"‘([':
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].text in ",;:—–-."):
        hi -= 1
    return lo, hi


def _speech_act(c: _Ctx, tok: Token) -> bool:
    """A cue verb reporting speech here ("adding that"), not a homonym ("it would add")."""
    if _cue_end(tok, c.cues) is None:
        return False
    return tok.tag_ == "VBG" or any(ch.dep_ in ("ccomp", "xcomp") for ch in tok.children)


def _clause_end(c: _Ctx, head: Token) -> int:
    """End of the clause under `head`, before a speech act of its own ("X, promising Y")."""
    hi = head.i + 1
    for r in head.rights:
        if r.dep_ in ("advcl", "conj", "parataxis") and _speech_act(c, r):
            break
        hi = r.right_edge.i + 1
    return hi


def _extend_right(c: _Ctx, verb: Token, comp: Token, hi: int) -> int:
    """Carry a reported clause over adjuncts the parse hung on the cue verb after it ("said
    the claim smacked of hypocrisy, because ..."), up to a further speech act."""
    for r in verb.rights:
        if r.i <= comp.i:
            continue
        if r.dep_ in ("conj", "cc") or any(_speech_act(c, t) for t in r.subtree):
            break
        if r.dep_ in ("advcl", "prep", "npadvmod", "advmod", "dep", "punct", "oprd", "parataxis"):
            hi = max(hi, r.right_edge.i + 1)
    return hi


def _object_content(c: _Ctx, tok: Token) -> tuple[int, int] | None:
    """Tokens a speech verb's object reports ("announced the arrest of a man", "called the
    plan a ploy", "accused Russia of lying"), or None."""
    needs = c.cues.objects.get(tok.lemma_.lower())
    if not needs or tok.dep_ == "amod":
        return None
    rights = list(tok.rights)
    obj = next((r for r in rights if r.dep_ == "dobj"), None)
    for need in sorted(needs):
        if need == "*":
            pred = next((r for r in rights if r.dep_ in ("oprd", "xcomp", "ccomp")), None)
            if obj is not None and pred is not None and pred.i > obj.i:
                return obj.left_edge.i, pred.right_edge.i + 1
        elif need:
            prep = next((r for r in rights if r.dep_ in ("prep", "prt") and r.lower_ == need), None)
            if prep is not None and obj is not None and prep.i > obj.i:
                return obj.left_edge.i, prep.right_edge.i + 1
            if prep is not None and obj is None and need in ("for", "on") and prep.n_rights:
                return prep.i + 1, prep.right_edge.i + 1  # "called for an inquiry"
        elif obj is not None and not (obj.pos_ == "PRON" and obj.n_rights == 0):
            return obj.left_edge.i, obj.right_edge.i + 1
    return None


def _noun_clause(c: _Ctx, noun: Token) -> tuple[int, int, Span | None] | None:
    """ "Trump's claim that S", "issued a statement that S": the clause and its speaker."""
    for r in noun.rights:
        that = any(m.dep_ == "mark" and m.lower_ == "that" for m in r.children)
        if r.dep_ in ("acl", "ccomp", "relcl") and that:
            lo, hi = _clause(c.doc, r.left_edge.i, r.right_edge.i + 1)
            owner = next((p for p in noun.lefts if p.dep_ == "poss"), None)
            if owner is not None:
                return lo, hi, _np(c.doc, owner)
            verb = noun.head
            issued = noun.dep_ == "dobj" and verb.lemma_.lower() in c.cues.noun_verbs
            return lo, hi, _speaker(c, verb) if issued else None
    return None


def _balance(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in a quote mark the parse left just outside a clause, so marks stay paired."""
    seg, before, after = text[start:end], text[start - 1 : start], text[end : end + 1]
    odd, opens = seg.count('"') % 2, seg.count("“") - seg.count("”")
    if (odd and before == '"') or (opens < 0 and before == "“"):
        start -= 1
    elif odd and after == '"':
        end += 1
    elif opens > 0 and "”" in text[end : end + 2]:
        end = text.index("”", end) + 1  # "... “appropriate assistance.”"
    return start, end


def _indirect(c: _Ctx) -> list[QuoteCandidate]:
    doc = c.doc
    out: list[QuoteCandidate] = []
    seen: set[tuple[int, int]] = set()

    def add(lo: int, hi: int, cue: Span, who: Span | None, verb: Token | None = None) -> None:
        if hi - lo < 3:
            return
        start, end = _balance(c.text, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
        plo, phi = _para(c, cue.start)  # a parse running across paragraphs joined two texts
        start, end = max(start, plo), min(end, phi)
        if (
            end - start < 8
            or (start, end) in seen
            or any(a < end and start < b for a, b in c.direct)
        ):
            return  # the quote itself is the speech; its frame is not a second one
        seen.add((start, end))
        who = _speaker(c, verb) if verb is not None else who  # only now: it is the slow part
        out.append(QuoteCandidate(c.text[start:end], start, end, "indirect", cue, who))

    # _in_direct for tokens in text order: the last quote starting at or before the token
    direct, last = c.direct, -1
    for tok in doc:
        pos = tok.idx
        while last + 1 < len(direct) and direct[last + 1][0] <= pos:
            last += 1
        if last >= 0 and pos < direct[last][1]:
            continue
        if ph := _phrase_cue(tok, c.cues):  # "according to X, S" / "S, according to X"
            sent, head = tok.sent, doc[ph[1]]
            frame = (min(tok.i, head.left_edge.i), max(ph[0], head.right_edge.i + 1))
            lo, hi = _clause(doc, sent.start, sent.end, frame)
            if not lo <= tok.i < hi or hi - lo >= 0.6 * len(sent):
                add(lo, hi, _token_span(doc, tok.i, ph[0]), _np(doc, head))
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in c.cues.nouns:
            if clause := _noun_clause(c, tok):
                add(clause[0], clause[1], _token_span(doc, tok.i, tok.i + 1), clause[2])
            continue
        end = _cue_end(tok, c.cues)
        if end is None:
            # [object] verbs report speech only through their object ("attacked X for Y").
            # (_object_content first: its lemma test is the cheap one, for every token)
            if (obj := _object_content(c, tok)) and _verbal(tok):
                add(*_clause(doc, *obj), _token_span(doc, tok.i, tok.i + 1), None, tok)
            continue
        cue = _token_span(doc, tok.i, end)
        comps = [ch for ch in tok.children if ch.dep_ == "ccomp"]
        xcomps = [ch for ch in tok.rights if ch.dep_ == "xcomp" and ch.tag_ == "VB"]
        marked_as = any(m.dep_ == "mark" and m.lower_ == "as" for m in tok.children)
        if comps:  # "X said (that) S", "S, X said"
            comp = comps[0] if comps[0].i > tok.i or len(comps) == 1 else comps[-1]
            hi = _clause_end(c, comp)
            if comp.i > tok.i and hi == comp.right_edge.i + 1:
                hi = _extend_right(c, tok, comp, hi)
            add(*_clause(doc, comp.left_edge.i, hi), cue, None, tok)
        elif xcomps and tok.lemma_.lower() in c.cues.infinitive:
            # "urged voters to stay home", "promised to cut taxes": the directive or pledge.
            objs = [r for r in tok.rights if r.dep_ in ("dobj", "dative") and r.i < xcomps[0].i]
            first = objs[0].left_edge.i if objs else xcomps[0].left_edge.i
            add(*_clause(doc, first, _clause_end(c, xcomps[0])), cue, None, tok)
        elif obj := _object_content(c, tok):
            add(*_clause(doc, *obj), cue, None, tok)
        elif (marked_as and tok.dep_ == "advcl") or tok.dep_ == "parataxis":
            # "As X said, S" and "S, he said, S": the head clause is the speech.
            head, frame = tok.head, (tok.left_edge.i, tok.right_edge.i + 1)
            add(*_clause(doc, head.left_edge.i, head.right_edge.i + 1, frame), cue, None, tok)
    # Speech reported inside reported speech belongs to the outer report, which covers it.
    inner = {
        id(x) for x in out for o in out if x.cue and o is not x and o.start <= x.cue.start < o.end
    }
    return [x for x in out if id(x) not in inner]
