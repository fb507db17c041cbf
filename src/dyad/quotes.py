"""The quotes stage: direct, partial and indirect quotes with their cue and speaker mention.

Direct and partial quotes are found from the quote marks in the text; indirect speech from the
dependency parse (a cue verb and its clausal complement, "according to X"). Speakers are the
subject of the cue verb as written ("PM Maiga", "he"); the lead resolves them to actors. Only
the parse already in the Doc is used. Cue verbs and phrases are data: data/quote_cues.txt.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

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


# --------------------------------------------------------------------------- cue data


@dataclass(frozen=True, slots=True)
class Cues:
    verbs: frozenset[str]  # lemmas that are a cue on their own
    particles: dict[str, frozenset[str]]  # lemma -> particles that make it one ("point out")
    phrases: tuple[tuple[str, ...], ...]  # lower-case word sequences ("according", "to")
    infinitive: frozenset[str]  # lemmas whose to-infinitive is the speech ("urged X to ...")
    # lemma -> what the object needs: "" nothing, "*" an object predicate, else a preposition
    objects: dict[str, frozenset[str]]
    nouns: frozenset[str]  # "claim": its "that" clause is the speech
    noun_verbs: frozenset[str]  # "issue": its subject speaks the noun it takes ("a statement")


@cache
def load_cues() -> Cues:
    """Read data/quote_cues.txt once per process."""
    raw = resources.files("dyad").joinpath("data/quote_cues.txt").read_text(encoding="utf-8")
    verbs: set[str] = set()
    particles: dict[str, set[str]] = {}
    phrases: list[tuple[str, ...]] = []
    infinitive: set[str] = set()
    objects: dict[str, set[str]] = {}
    nouns: set[str] = set()
    noun_verbs: set[str] = set()
    section = "verbs"
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        words = tuple(line.split())
        if section == "phrases":
            phrases.append(words)
            continue
        if section in ("nouns", "noun verbs"):
            (nouns if section == "nouns" else noun_verbs).add(words[0])
            continue
        if section == "object":
            objects.setdefault(words[0], set()).add(" ".join(words[1:]))
            continue
        if section == "infinitive":
            infinitive.add(words[0])
        if len(words) == 1:
            verbs.add(words[0])
        else:
            particles.setdefault(words[0], set()).add(" ".join(words[1:]))
    return Cues(
        verbs=frozenset(verbs),
        particles={k: frozenset(v) for k, v in particles.items()},
        phrases=tuple(phrases),
        infinitive=frozenset(infinitive),
        objects={k: frozenset(v) for k, v in objects.items()},
        nouns=frozenset(nouns),
        noun_verbs=frozenset(noun_verbs),
    )


# --------------------------------------------------------------------------- quote marks

_OPENERS = {"“": "”", "«": "»", '"': '"', "‘": "’", "”": "”"}
# Characters after which a straight or single mark starts a quote rather than ends one.
_OPEN_BEFORE = set(" \t\n\u00a0([{—–-/:;,“\"'‘«")
_MAX_SINGLE = 400  # single marks delimit short quotes; longer runs are apostrophe mix-ups


@dataclass(slots=True)
class _Marked:
    open: int  # index of the opening mark
    start: int  # content start
    end: int  # content end, exclusive
    close: int  # index just after the closing mark (content end when it runs on)
    para: int
    closed: bool
    raw_end: str  # last non-space character inside the marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges: split at newlines, except a hard wrap inside a sentence."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"\n", text):
        i = m.start()
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if (prev.isalpha() or prev == ",") and nxt.islower():
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
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt == _PAIR:
        nxt = text[i + 2] if i + 2 < len(text) else " "
    if mark == "”":
        return i == lo and nxt.isalnum()  # a paragraph opened with the wrong-way mark
    prev = text[i - 1] if i > lo else " "
    if mark == "‘":
        return prev in _OPEN_BEFORE and (nxt.isalnum() or nxt in "[…")
    # Straight double: opens after a boundary, before a word.
    return mark == '"' and prev in _OPEN_BEFORE and not nxt.isspace() and nxt not in ",.;:!?)"


def _closes_at(text: str, j: int, opener: str) -> bool:
    mark = text[j]
    if mark != _OPENERS[opener]:
        return False
    prev = text[j - 1]
    if opener == "‘":
        nxt = text[j + 1] if j + 1 < len(text) else " "
        # "don’t", "Mali’s", "Paris’s": an apostrophe inside a word closes nothing.
        return not prev.isspace() and not nxt.isalnum()
    return opener != '"' or not prev.isspace() or text[j + 1 : j + 2] in ("", " ", "\n")


def _find_close(text: str, i: int, hi: int) -> int | None:
    """Index of the mark closing the quote opened at i, or None when it is unbalanced."""
    j = _find_close_as(text, i, hi, text[i])
    if j is None and text[i] in '"“':
        # Copy that mixes "straight and curly” marks: close on the other style.
        j = _find_close_as(text, i, hi, "“" if text[i] == '"' else '"')
    return j


def _find_close_as(text: str, i: int, hi: int, opener: str) -> int | None:
    limit = min(hi, i + _MAX_SINGLE) if opener == "‘" else hi
    for j in range(i + 1, limit):
        c = text[j]
        if (
            (c == opener
            and opener not in '"”')
            or (opener == '"' and c == '"' and _opens(text, j, i))
        ):
            if opener == '"' and not text[j - 1].isspace():
                return j  # 'word"word' inside a straight quote: take it as the close
            return None  # a second opener of the same style: the first was never closed
        if _closes_at(text, j, opener):
            return j
    return None


_PAIR = "\x01"  # stands for the second character of a doubled mark (''), so offsets hold


def _find_marked(text: str, paras: list[tuple[int, int]]) -> list[_Marked]:
    # Wire and archive copy writes quotes as '' or ``...''; scan them as one straight mark.
    text = text.replace("''", '"' + _PAIR).replace("``", '"' + _PAIR)
    found: list[_Marked] = []
    for p, (lo, hi) in enumerate(paras):
        i = lo
        while i < hi:
            if text[i] not in _OPENERS or not _opens(text, i, lo):
                i += 1
                continue
            j = _find_close(text, i, hi)
            if j is None:
                # Multi-paragraph quotes leave the mark open and reopen the next paragraph.
                nxt = text[paras[p + 1][0] :].lstrip()[:1] if p + 1 < len(paras) else ""
                if nxt == text[i] or (text[i] in '“"' and nxt in '“"'):
                    m = _make_marked(text, i, hi, hi, p, closed=False)
                    if m:
                        found.append(m)
                    break
                i += 1  # unbalanced: no quote here, keep scanning after the mark
                continue
            m = _make_marked(text, i, j, j + 1, p, closed=True)
            if m:
                found.append(m)
            i = j + 1
    return found


def _make_marked(text: str, i: int, j: int, close: int, p: int, closed: bool) -> _Marked | None:
    start, end = i + 1, j
    if close < len(text) and text[close - 1 : close + 1] == '"' + _PAIR:
        close += 1
    while start < end and (text[start].isspace() or text[start] == _PAIR):
        start += 1
    raw = text[start:end].rstrip()
    if not raw or not any(ch.isalnum() for ch in raw):
        return None
    end = start + len(raw)
    raw_end = raw[-1]
    while end > start and text[end - 1] in ", ":
        end -= 1  # the comma before the closing mark belongs to the frame, not the speech
    return _Marked(i, start, end, close if closed else end, p, closed, raw_end)


# --------------------------------------------------------------------------- sentences

_ABBREV = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "st",
    "jr", "sr", "prof", "rev", "pres", "u.s", "u.n", "u.k", "no", "vs", "inc", "corp", "co",
    "jan", "feb", "aug", "sept", "oct", "nov", "dec", "adm", "maj", "cmdr", "ft", "mt",
}  # fmt: skip
_BREAK = re.compile(r"[.!?…]+[”\"’')\]]*\s+(?=[\"“‘'`(\[A-Z0-9])")


def _sentence_starts(text: str, marked: list[_Marked]) -> list[int]:
    """Offsets where a new sentence starts, outside quote contents."""
    out: list[int] = []
    inside = [(m.start, m.end) for m in marked]
    for m in _BREAK.finditer(text):
        word = re.search(r"([\w.]+)$", text[max(0, m.start() - 12) : m.start()])
        w = word.group(1).lower() if word else ""
        if m.group(0)[0] == "." and (w in _ABBREV or (len(w) == 1 and w.isalpha())):
            continue
        pos = m.end()
        if any(a < pos < b for a, b in inside):
            continue
        out.append(pos)
    return out


# --------------------------------------------------------------------------- parse helpers

_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_REL = {"who", "which", "that", "whom"}


def _verbal(tok: Token) -> bool:
    return (
        tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or tok.lower_ in ("said", "says")
    )


def _cue_end(tok: Token, cues: Cues) -> int | None:
    """Token index after the cue headed by `tok` ("pointed out" -> after "out"), None if no cue."""
    if not _verbal(tok):
        return None
    lemma = tok.lemma_.lower()
    parts = cues.particles.get(lemma)
    if parts:
        for c in tok.rights:
            if c.dep_ in ("prt", "prep") and c.lower_ in parts and c.i - tok.i <= 3:
                return c.i + 1
    if lemma in cues.verbs or (tok.lower_ in ("said", "says") and "say" in cues.verbs):
        return tok.i + 1
    return None


def _phrase_cue(doc: Doc, i: int, cues: Cues) -> tuple[int, int] | None:
    """(cue end, speaker head index) for a cue phrase starting at token i ("according to X")."""
    first = doc[i].lower_
    for words in cues.phrases:
        n = len(words)
        if words[0] != first:
            continue
        if tuple(t.lower_ for t in doc[i : i + n]) != words:
            continue
        last = doc[i + n - 1]
        objs = [c for c in last.children if c.dep_ in ("pobj", "dobj", "pcomp")]
        if not objs and i + n < len(doc) and doc[i + n].pos_ in ("PROPN", "PRON", "NOUN", "DET"):
            objs = [doc[i + n]]  # a misparse that left the object unattached
        if objs:
            return i + n, objs[0].i
    return None


def _token_span(doc: Doc, lo: int, hi: int) -> Span:
    """Char span of tokens lo..hi-1 with edge punctuation and spaces trimmed."""
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space) and doc[lo].text not in "([":
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space) and doc[hi - 1].text != ")":
        hi -= 1
    if lo >= hi:
        t = doc[lo] if lo < len(doc) else doc[-1]
        return Span(t.text, t.idx, t.idx + len(t.text))
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    return Span(doc[lo:hi].text, start, end)  # doc.text re-joins the whole document


_NP_LEFT = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "predet"}
_NP_RIGHT = {"compound", "flat", "nummod", "case"}


def _np(doc: Doc, head: Token) -> Span:
    """The speaker mention headed by `head`: its noun phrase as written, without clauses."""
    lo, hi = _np_range(doc, head)
    return _token_span(doc, lo, hi)


def _np_range(doc: Doc, head: Token) -> tuple[int, int]:
    if head.pos_ == "PRON" or head.lower_ in _REL:
        return head.i, head.i + 1
    lo = hi = head.i
    for c in head.lefts:
        if c.dep_ in _NP_LEFT and head.i - c.left_edge.i <= 10:
            lo = min(lo, c.left_edge.i)
    for c in head.rights:
        if c.dep_ in _NP_RIGHT or (c.dep_ == "prep" and c.lower_ == "of" and c.right_edge.i - c.i <= 5):
            hi = max(hi, c.right_edge.i)
        elif c.dep_ == "appos" and doc[c.i - 1].text == "(":
            hi = max(hi, c.right_edge.i + 1)  # "Rep. Trey Gowdy (R-S.C.)"
        elif c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            hi = max(hi, _np_range(doc, c)[1] - 1)  # "Trump and Pence"
    hi = min(hi, len(doc) - 1)
    if hi + 1 < len(doc) and doc[hi + 1].text == ")" and "(" in doc[lo : hi + 1].text:
        hi += 1
    return lo, hi + 1


def _own_subject(node: Token, passive: bool) -> Token | None:
    for c in node.children:
        if c.dep_ in ("nsubj", "csubj") or (passive and c.dep_ == "nsubjpass"):
            if c.lower_ in _REL and node.dep_ == "relcl":
                return node.head  # "Maiga, who said ...": the antecedent speaks
            return c
    return None


def _subject(tok: Token, cues: Cues) -> Token | None:
    """The speaker of a cue verb: its subject, else the subject it shares with a governing
    clause ("..., arguing that"), preferring a governing speech verb's subject."""
    own = _own_subject(tok, passive=False)
    if own is not None:
        return own
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head  # "a statement saying that ..."
    first: Token | None = None
    node = tok
    for _ in range(4):
        if (
            node.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "ccomp", "prep")
            or node.head is node
        ):
            break
        node = node.head
        subj = _own_subject(node, passive=True)
        if subj is not None:
            if _cue_end(node, cues) is not None:
                return subj
            first = first or subj
    return first


# --------------------------------------------------------------------------- finder


@dataclass(slots=True)
class _Attr:
    cue: Span | None
    speaker: Span | None


class _Finder:
    """Shared state for one document: marks, paragraphs, sentence starts, token offsets."""

    def __init__(self, doc: Doc, cues: Cues) -> None:
        self.doc = doc
        self.text = doc.text
        self.cues = cues
        self.paras = _paragraphs(self.text)
        self.para_starts = [a for a, _ in self.paras]
        self.marked = _find_marked(self.text, self.paras)
        self.sent_starts = _sentence_starts(self.text, self.marked)
        self.tok_starts = [t.idx for t in doc]
        self.direct: list[tuple[int, int]] = []

    # ---- token ranges
    def tokens(self, a: int, b: int) -> list[Token]:
        i0 = bisect.bisect_left(self.tok_starts, a)
        i1 = bisect.bisect_left(self.tok_starts, b)
        return [t for t in self.doc[i0:i1] if not t.is_space]

    def in_direct(self, pos: int) -> bool:
        k = bisect.bisect_right(self.direct, (pos, len(self.text) + 1)) - 1
        return k >= 0 and self.direct[k][0] <= pos < self.direct[k][1]

    def cue_span(self, tok: Token, end: int) -> Span:
        return _token_span(self.doc, tok.i, end)

    # ---- frames around a marked quote
    def before_bounds(self, k: int) -> tuple[int, int]:
        q = self.marked[k]
        lo = self.paras[q.para][0]
        j = bisect.bisect_right(self.sent_starts, q.open) - 1
        if j >= 0:
            lo = max(lo, self.sent_starts[j])
        if k > 0 and self.marked[k - 1].para == q.para:
            lo = max(lo, self.marked[k - 1].close)
        return lo, q.open

    def after_bounds(self, k: int, skip_break: bool = False) -> tuple[int, int]:
        q = self.marked[k]
        hi = self.paras[q.para][1]
        if k + 1 < len(self.marked) and self.marked[k + 1].para == q.para:
            hi = min(hi, self.marked[k + 1].open)
        j = bisect.bisect_right(self.sent_starts, q.close)
        if j < len(self.sent_starts):
            nxt = self.sent_starts[j]
            if (
                skip_break
                and not self.text[q.close : nxt].strip()
                and j + 1 < len(self.sent_starts)
            ):
                nxt = self.sent_starts[j + 1]
            hi = min(hi, nxt)
        return q.close, hi

    def frame_attr(self, a: int, b: int, last: bool, max_lead: int = 99) -> _Attr | None:
        """Cue and speaker inside the text a..b around a direct quote."""
        toks = [t for t in self.tokens(a, b) if not self.in_direct(t.idx)]
        for n, t in enumerate(toks):
            ph = _phrase_cue(self.doc, t.i, self.cues)
            if ph and n <= max_lead:
                return _Attr(self.cue_span(t, ph[0]), _np(self.doc, self.doc[ph[1]]))
        verbs = [(n, t, e) for n, t in enumerate(toks) if (e := _cue_end(t, self.cues))]
        verbs = [v for v in verbs if v[0] <= max_lead]
        if not verbs:
            return None
        _, verb, end = verbs[-1] if last else verbs[0]
        return _Attr(self.cue_span(verb, end), self.speaker(verb, a, b))

    def speaker(self, verb: Token, a: int | None = None, b: int | None = None) -> Span | None:
        """The speaker mention of a cue verb whose frame spans chars a..b (default: its
        paragraph). A passive cue ("it was announced that") has no speaker to guess."""
        guess = a is not None or not any(c.dep_ == "auxpass" for c in verb.children)
        if a is None or b is None:
            p = bisect.bisect_right(self.para_starts, verb.idx) - 1
            a, b = self.paras[max(p, 0)]
        subj = _subject(verb, self.cues)
        if subj is not None and not self.in_direct(subj.idx):
            lo, hi = sorted((subj.idx, verb.idx))
            # A parse that runs across a paragraph break or a label colon ("12:15 p.m.\n\n
            # Donald Trump says", "The Latest: Trump urges") picked the wrong noun.
            if subj.head is not verb or not re.search(r"\n|:\s", self.text[lo:hi]):
                return _np(self.doc, subj)
        elif not guess:
            return None
        name = self.near_name(verb, a, b)
        return _np(self.doc, name) if name is not None else None

    def near_name(self, verb: Token, a: int, b: int) -> Token | None:
        """A name beside a cue with no usable subject: "Maiga said", "..., said Maiga"."""
        toks = [t for t in self.tokens(a, b) if not self.in_direct(t.idx)]
        before = []
        for t in reversed([t for t in toks if t.i < verb.i]):
            if "\n" in t.text or t.text in (":", ";", "—", "―"):
                break
            before.append(t)
        after = [t for t in toks if t.i > verb.i][:4]
        for group, allowed in ((before, ("PROPN", "PRON", "NOUN")), (after, ("PROPN", "PRON"))):
            for t in group:
                if t.pos_ not in allowed or t.ent_type_ in _NOT_NAMES or t.dep_ in ("pobj", "poss"):
                    continue
                while t.dep_ in ("compound", "flat") and t.head in toks and t.head.i != t.i:
                    t = t.head
                return t
        return None

    def colon_attr(self, a: int, b: int) -> _Attr | None:
        """ "Trump on Tuesday:" or "The statement read:" before a quote: speaker, no cue."""
        toks = self.tokens(a, b)
        if not toks or toks[-1].text != ":":
            return None
        for t in toks:
            if t.dep_ in ("nsubj", "nsubjpass") and t.head in toks:
                return _Attr(None, _np(self.doc, t))
        names = [t for t in toks if t.pos_ == "PROPN"]
        if names and len(toks) <= 6:
            return _Attr(None, _np(self.doc, names[-1]))
        return None

    def dash_attr(self, a: int, b: int) -> _Attr | None:
        """“...” ― Sonya Herridge: a byline after a quote."""
        seg = self.text[a:b]
        if not re.match(r"\s*[―—–]\s*\S", seg):
            return None
        toks = self.tokens(a, b)
        names = [t for t in toks if t.pos_ == "PROPN"]
        if not names:
            return None
        head = names[0]
        while head.dep_ in ("compound", "flat") and head.head in toks and head.head.i != head.i:
            head = head.head
        return _Attr(None, _np(self.doc, head))


def _embedded_prefix(prefix: str, content: str, finder: _Finder, lo: int, hi: int) -> bool:
    """True when the quote sits inside a sentence (partial) rather than standing as speech."""
    p = prefix.rstrip()
    if not p or p[-1] in ":":
        return False
    upper = content[:1].isupper() or content[:1] in "[…" or content[:1].isdigit()
    if p[-1] in ",;—–(":
        return not upper and not (lo > 0 and finder.text[lo - 1] in '”"’')
    toks = finder.tokens(lo, hi)
    near_cue = any(_cue_end(t, finder.cues) for t in toks[-3:])
    return not (upper and near_cue)


def _sentence_like(q: _Marked, content: str) -> bool:
    return q.raw_end in ".!?,…—–-" or len(content.split()) >= 8


def find_quotes(doc: Doc) -> list[QuoteCandidate]:
    """Direct, partial and indirect quotes in `doc`, in text order."""
    cues = load_cues()
    f = _Finder(doc, cues)
    text = f.text

    # 1. Shape: a quote standing as speech (direct) or embedded in a sentence (partial).
    direct_idx: list[int] = []
    embedded_idx: list[int] = []
    for k, q in enumerate(f.marked):
        lo, hi = f.before_bounds(k)
        content = text[q.start : q.end]
        embedded = _embedded_prefix(text[lo:hi], content, f, lo, hi)
        if not embedded:
            a, b = f.after_bounds(k)
            after = text[a:b].lstrip()
            if after[:1].islower() and f.frame_attr(a, b, last=False) is None:
                embedded = True  # "“Fake news” is a term ...": the quote is a noun phrase
        (embedded_idx if embedded else direct_idx).append(k)
    f.direct = [(f.marked[k].start, f.marked[k].end) for k in direct_idx]

    out: list[QuoteCandidate] = []
    indirect = _indirect(f)
    out.extend(indirect)

    # 2. Partial quotes: kept only under a speech act in their own sentence.
    attrs: dict[int, _Attr] = {}
    for k in embedded_idx:
        q = f.marked[k]
        attr = _partial_attr(f, q)
        if attr is not None:
            attrs[k] = attr
            content = text[q.start : q.end]
            out.append(QuoteCandidate(content, q.start, q.end, "partial", attr.cue, attr.speaker))

    # 3. Direct quotes: a cue frame after or before the quote, else the quote it continues.
    for k in direct_idx:
        q = f.marked[k]
        attr = _direct_attr(f, k)
        if attr is None:
            attr = _inherit(f, k, attrs, indirect)
        if attr is not None:
            attrs[k] = attr
    # A quote left open at a paragraph end, or followed only by another quote, takes the
    # speaker of the quote that carries on from it.
    for n in range(len(direct_idx) - 2, -1, -1):
        k, k2 = direct_idx[n], direct_idx[n + 1]
        q, q2 = f.marked[k], f.marked[k2]
        runs_on = not q.closed and q2.para == q.para + 1
        adjacent = q.para == q2.para and not text[q.close : q2.open].strip()
        if k not in attrs and k2 in attrs and (runs_on or adjacent):
            attrs[k] = attrs[k2]
    for k in direct_idx:
        q = f.marked[k]
        attr = attrs.get(k)
        content = text[q.start : q.end]
        if attr is None and not _sentence_like(q, content):
            continue
        cue = attr.cue if attr else None
        speaker = attr.speaker if attr else None
        start = q.start
        label = _TRANSCRIPT.match(text, q.start, q.end)
        if label:  # "WALLACE: Let's start ...": a transcript names its speaker in the quote
            cue, start = None, label.end()
            speaker = Span(label.group(1), label.start(1), label.end(1))
            content = text[start : q.end]
        out.append(QuoteCandidate(content, start, q.end, "direct", cue, speaker))

    out.extend(_labelled(f, out))
    out.sort(key=lambda c: (c.start, -c.end))
    return out


_TRANSCRIPT = re.compile(r"([A-Z][A-Z.'’ -]{1,30}[A-Z.]):\s+(?=\S)")
_LABEL = re.compile(r"\s*([^\n:“”\"]{2,40}?):[ \t]+(?=\S)")
_NOT_SPEAKERS = {
    "note", "editor's note", "editor’s note", "update", "updated", "photo", "photos", "source",
    "sources", "related", "watch", "read more", "read", "advertisement", "caption", "credit",
    "image", "video", "listen", "subscribe", "correction", "clarification", "disclosure",
    "contact", "email", "follow", "see also", "also", "bottom line", "warning", "breaking",
    "exclusive", "opinion", "analysis", "live", "tags", "filed under", "share", "published",
}  # fmt: skip


_SPEAKER_ENTS = {"PERSON", "ORG", "NORP", "GPE"}


def _labelled(f: _Finder, taken: list[QuoteCandidate]) -> list[QuoteCandidate]:
    """ "PENCE: Well, look ..." and "Sanders: Clinton needs to ...": a speaker label opening a
    paragraph. Capitalised labels are transcripts (verbatim); others are summaries."""
    out: list[QuoteCandidate] = []
    for lo, hi in f.paras:
        m = _LABEL.match(f.text, lo, hi)
        if not m or m.group(1).strip().lower() in _NOT_SPEAKERS:
            continue
        label = f.tokens(m.start(1), m.end(1))
        if not label or len(label) > 5 or any(t.pos_ in ("VERB", "AUX") for t in label):
            continue
        caps = m.group(1).isupper() and len(m.group(1).strip()) > 1
        if not caps and not all(t.ent_type_ in _SPEAKER_ENTS for t in label):
            continue  # "Little Relief for Refugees:" is a heading, not a speaker
        start = m.end()
        end = hi
        while end > start and f.text[end - 1].isspace():
            end -= 1
        content = f.text[start:end]
        if len(content.split()) < 3 or content[:1] in _OPENERS:
            continue
        if any(c.start < end and start < c.end for c in taken):
            continue
        head = label[-1] if label[-1].pos_ in ("PROPN", "NOUN") else label[0]
        speaker = _np(f.doc, head) if not caps else _token_span(f.doc, label[0].i, label[-1].i + 1)
        kind: QuoteKind = "direct" if caps else "indirect"
        out.append(QuoteCandidate(content, start, end, kind, None, speaker))
    return out


def _direct_attr(f: _Finder, k: int) -> _Attr | None:
    q = f.marked[k]
    text = f.text
    blo, bhi = f.before_bounds(k)
    prefix = text[blo:bhi].rstrip()
    a, b = f.after_bounds(k)
    after = text[a:b]
    ends_sentence = q.raw_end in ".!?…"

    def from_after() -> _Attr | None:
        if not after.strip() and ends_sentence and q.closed:
            # “It’s over!” Trump said. — a short sentence of its own carrying the cue.
            a2, b2 = f.after_bounds(k, skip_break=True)
            if len(f.tokens(a2, b2)) <= 10:
                return f.frame_attr(a2, b2, last=False, max_lead=3)
            return None
        if ends_sentence and after.lstrip()[:1].isupper():
            return f.frame_attr(a, b, last=False, max_lead=3) or f.dash_attr(a, b)
        return f.frame_attr(a, b, last=False) or f.dash_attr(a, b)

    def from_before() -> _Attr | None:
        if not prefix:
            return from_lead_in()
        toks = f.tokens(blo, bhi)
        if prefix[-1] in ":,—–" or any(_cue_end(t, f.cues) for t in toks[-3:]):
            return f.frame_attr(blo, bhi, last=True) or f.colon_attr(blo, bhi)
        return None

    def from_lead_in() -> _Attr | None:
        # "Caddell continued:" closing the paragraph before the one the quote opens.
        if q.para == 0 or text[f.paras[q.para][0] : q.open].strip():
            return None
        plo, phi = f.paras[q.para - 1]
        if not text[plo:phi].rstrip().endswith(":"):
            return None
        lo = max([s for s in f.sent_starts if plo <= s < phi], default=plo)
        return f.frame_attr(lo, phi, last=True) or f.colon_attr(lo, phi)

    first, second = (from_after, from_before)
    if q.raw_end not in ",—–-" and not after.lstrip()[:1].islower():
        first, second = second, first
    attr = first()
    if attr is None or attr.speaker is None:
        attr = second() or attr  # a cue with no speaker ("..., adding that") is a last resort
    return attr


def _inherit(
    f: _Finder, k: int, attrs: dict[int, _Attr], indirect: list[QuoteCandidate]
) -> _Attr | None:
    """The speaker of the quote this one continues: same paragraph, or the paragraph before."""
    q = f.marked[k]
    prev = sorted(j for j in attrs if j < k)
    same = prev[-1] if prev and f.marked[prev[-1]].para == q.para else None
    # "..., Schiff said. “The other factor is ...”": speech reported just before, same paragraph.
    lo = f.before_bounds(k)[0]
    i = bisect.bisect_left(f.sent_starts, lo) - 1
    prev_sent = max(f.sent_starts[i] if i >= 0 else 0, f.paras[q.para][0])
    for c in reversed(indirect):
        if c.cue and c.speaker and prev_sent <= c.cue.start < q.open:
            if same is None or c.cue.start > f.marked[same].close:
                return _Attr(c.cue, c.speaker)
    if same is not None:
        return attrs[same]
    lo = f.paras[q.para][0]
    if q.para == 0 or f.text[lo : q.open].strip():
        return None
    plo, phi = f.paras[q.para - 1]
    if prev and f.marked[prev[-1]].para == q.para - 1 and not f.marked[prev[-1]].closed:
        return attrs[prev[-1]]
    # Otherwise only when the previous paragraph ends on an attributed quote or reported speech.
    last_start = max([s for s in f.sent_starts if plo <= s < phi], default=plo)
    best: tuple[int, _Attr] | None = None
    for j in prev:
        mj = f.marked[j]
        if mj.para == q.para - 1 and mj.end >= last_start:
            best = (mj.start, attrs[j])
    for c in indirect:
        if plo <= c.start < phi and (c.end >= last_start or (c.cue and c.cue.start >= last_start)):
            if c.speaker is not None and (best is None or c.start > best[0]):
                best = (c.start, _Attr(c.cue, c.speaker))
    return best[1] if best else None


def _partial_attr(f: _Finder, q: _Marked) -> _Attr | None:
    """The speech act governing an embedded quote, searched up the parse of its sentence."""
    doc = f.doc
    toks = f.tokens(q.start, q.end)
    if not toks:
        return None
    inside = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    sent = toks[0].sent
    for r in roots[:1]:
        for node in [r, *r.ancestors]:
            if node.i in inside and node is not r:
                continue
            end = _cue_end(node, f.cues)
            if end is not None and node.i not in inside:
                return _Attr(f.cue_span(node, end), f.speaker(node))
            framed = _scope_frame(f, node)
            if framed is not None:
                return framed
    for t in sent:  # "According to him, ... “beg” ...": the phrase scopes the whole sentence
        if t.i in inside:
            continue
        ph = _phrase_cue(doc, t.i, f.cues)
        if ph:
            return _Attr(f.cue_span(t, ph[0]), _np(doc, doc[ph[1]]))
    return _scope_frame(f, sent.root)


def _scope_frame(f: _Finder, node: Token) -> _Attr | None:
    """ "As Diop said, ...": a cue clause introduced by "as" that scopes its head's clause."""
    for c in node.children:
        if c.dep_ == "advcl" and (end := _cue_end(c, f.cues)) is not None:
            if any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children):
                return _Attr(f.cue_span(c, end), f.speaker(c))
    return None


# --------------------------------------------------------------------------- indirect speech


def _clause(doc: Doc, lo: int, hi: int, cut: tuple[int, int] | None = None) -> tuple[int, int]:
    """Token range lo..hi minus a frame `cut` that sits at either edge."""
    if cut is not None:
        clo, chi = cut
        if clo <= lo < chi:
            lo = chi
        elif clo < hi <= chi or (chi >= hi - 1 and clo > lo):
            hi = clo
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space) and doc[lo].text not in '“"‘([':
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].text in ",;:—–-."):
        hi -= 1
    return lo, hi


def _speech_act(f: _Finder, tok: Token) -> bool:
    """A cue verb that reports speech here ("adding that", "promising to"), not a homonym
    ("it would add layers")."""
    if _cue_end(tok, f.cues) is None:
        return False
    return tok.tag_ == "VBG" or any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)


def _has_cue(f: _Finder, tok: Token) -> bool:
    return any(_speech_act(f, t) for t in tok.subtree)


def _clause_end(f: _Finder, head: Token) -> int:
    """End of the clause headed by `head`, stopping before a coordinated or adverbial clause
    that is a speech act of its own ("pledged to X, promising to Y")."""
    hi = head.i + 1
    for r in head.rights:
        if r.dep_ in ("advcl", "conj", "parataxis") and _speech_act(f, r):
            break
        hi = r.right_edge.i + 1
    return hi


def _extend_right(f: _Finder, verb: Token, comp: Token, hi: int) -> int:
    """Carry a reported clause over adjuncts the parser hung on the cue verb after it
    ("said the claim smacked of hypocrisy, because ..."), up to a further speech act."""
    for r in verb.rights:
        if r.i <= comp.i:
            continue
        if r.dep_ in ("conj", "cc") or _has_cue(f, r):
            break
        if r.dep_ in ("advcl", "prep", "npadvmod", "advmod", "dep", "punct", "oprd", "parataxis"):
            hi = max(hi, r.right_edge.i + 1)
    return hi


def _object_content(f: _Finder, tok: Token) -> tuple[int, int] | None:
    """Token range of what a speech verb's object reports ("announced the arrest of a man",
    "called the plan a ploy", "accused Russia of lying"), or None."""
    needs = f.cues.objects.get(tok.lemma_.lower())
    if not needs or tok.dep_ == "amod":
        return None
    rights = list(tok.rights)
    obj = next((c for c in rights if c.dep_ == "dobj"), None)
    for need in sorted(needs):
        if need == "*":
            pred = next((c for c in rights if c.dep_ in ("oprd", "xcomp", "ccomp")), None)
            if obj is not None and pred is not None and pred.i > obj.i:
                return obj.left_edge.i, pred.right_edge.i + 1
        elif need:
            prep = next((c for c in rights if c.dep_ in ("prep", "prt") and c.lower_ == need), None)
            if prep is None:
                continue
            pobj = next((c for c in prep.rights if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and prep.i > obj.i:
                return obj.left_edge.i, prep.right_edge.i + 1
            if obj is None and pobj is not None and need in ("for", "on"):
                return pobj.left_edge.i, pobj.right_edge.i + 1
        elif obj is not None and not (obj.pos_ == "PRON" and obj.n_rights == 0):
            return obj.left_edge.i, obj.right_edge.i + 1
    return None


def _noun_clause(f: _Finder, noun: Token) -> tuple[int, int, Span | None] | None:
    """"Trump's claim that S", "issued a statement that S": the clause and its speaker."""
    for c in noun.rights:
        if c.dep_ in ("acl", "ccomp", "relcl") and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children
        ):
            lo, hi = _clause(f.doc, c.left_edge.i, c.right_edge.i + 1)
            owner = next((p for p in noun.lefts if p.dep_ == "poss"), None)
            speaker = _np(f.doc, owner) if owner is not None else None
            verb = noun.head
            if owner is None and noun.dep_ == "dobj" and verb.lemma_.lower() in f.cues.noun_verbs:
                speaker = f.speaker(verb)
            return lo, hi, speaker
    return None


def _balance(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in a quote mark the parse left just outside a clause, so marks stay paired."""
    seg = text[start:end]
    if seg.count('"') % 2:
        if start > 0 and text[start - 1] == '"':
            start -= 1
        elif text[end : end + 1] == '"':
            end += 1
    if seg.count("“") < seg.count("”") and start > 0 and text[start - 1] == "“":
        start -= 1
    if seg.count("“") > seg.count("”") and text[end : end + 1] == "”":
        end += 1
    return start, end


def _indirect(f: _Finder) -> list[QuoteCandidate]:
    doc = f.doc
    out: list[QuoteCandidate] = []
    seen: set[tuple[int, int]] = set()

    def add(lo: int, hi: int, cue: Span, speaker: Span | None) -> None:
        if hi - lo < 3:
            return
        start, end = _balance(f.text, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
        if (start, end) in seen or any(a < end and start < b for a, b in f.direct):
            return  # the quote itself is the speech; its frame is not a second one
        seen.add((start, end))
        out.append(QuoteCandidate(f.text[start:end], start, end, "indirect", cue, speaker))

    for tok in doc:
        if f.in_direct(tok.idx):
            continue
        ph = _phrase_cue(doc, tok.i, f.cues)
        if ph is not None:
            sent = tok.sent
            head = doc[ph[1]]
            frame = (min(tok.i, head.left_edge.i), max(ph[0], head.right_edge.i + 1))
            lo, hi = _clause(doc, sent.start, sent.end, frame)
            if not lo <= tok.i < hi or hi - lo >= 0.6 * len(sent):
                add(lo, hi, f.cue_span(tok, ph[0]), _np(doc, head))
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in f.cues.nouns:
            clause = _noun_clause(f, tok)
            if clause is not None:
                add(clause[0], clause[1], f.cue_span(tok, tok.i + 1), clause[2])
            continue
        end = _cue_end(tok, f.cues)
        if end is None:
            continue
        speaker = f.speaker(tok)
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        if comps:
            c = comps[0] if comps[0].i > tok.i or len(comps) == 1 else comps[-1]
            hi = _clause_end(f, c)
            if c.i > tok.i and hi == c.right_edge.i + 1:
                hi = _extend_right(f, tok, c, hi)
            lo, hi = _clause(doc, c.left_edge.i, hi)
            add(lo, hi, f.cue_span(tok, end), speaker)
            continue
        xcomps = [c for c in tok.rights if c.dep_ == "xcomp" and c.tag_ == "VB"]
        if xcomps and tok.lemma_.lower() in f.cues.infinitive:
            # "urged voters to stay home", "promised to cut taxes": the directive or pledge.
            objs = [c for c in tok.rights if c.dep_ in ("dobj", "dative") and c.i < xcomps[0].i]
            first = objs[0].left_edge.i if objs else xcomps[0].left_edge.i
            lo, hi = _clause(doc, first, _clause_end(f, xcomps[0]))
            add(lo, hi, f.cue_span(tok, end), speaker)
            continue
        obj = _object_content(f, tok)
        if obj is not None:
            add(*_clause(doc, *obj), f.cue_span(tok, end), speaker)
            continue
        # "As X said, S" and "S, he said, S" (said as a parenthetical): the head clause is S.
        marked_as = any(m.dep_ == "mark" and m.lower_ == "as" for m in tok.children)
        if (marked_as and tok.dep_ == "advcl") or tok.dep_ == "parataxis":
            head = tok.head
            frame = (tok.left_edge.i, tok.right_edge.i + 1)
            lo, hi = _clause(doc, head.left_edge.i, head.right_edge.i + 1, frame)
            add(lo, hi, f.cue_span(tok, end), speaker)
    # Speech reported inside reported speech belongs to the outer report, which covers it.
    return [
        c
        for c in out
        if c.cue is None or not any(o is not c and o.start <= c.cue.start < o.end for o in out)
    ]
