"""Lexicon matches in a parsed article: where the actor lexicon's names, demonyms, capitals and
titles occur (one PhraseMatcher per lexicon and vocabulary), and how far the noun phrase around a
head token goes. The actors stage (dyad.actors) resolves what these matches name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from dyad.lexicon import Entry, Lexicon, default_lexicon, normalise_key

if TYPE_CHECKING:
    from spacy.vocab import Vocab

# Dependency labels whose subtree belongs to the noun phrase a head token names.
PHRASE_LEFT_DEPS = {"compound", "amod", "nmod", "poss", "nn", "flat", "det"}


@dataclass(slots=True)
class LexMatch:
    start: int  # token indices, end exclusive
    end: int
    entry: Entry


@cache
def _matcher(vocab: Vocab, lexicon_id: int) -> PhraseMatcher:
    lexicon = _LEXICONS[lexicon_id]
    matcher = PhraseMatcher(vocab, attr="LOWER")
    from spacy.util import get_lang_class

    # Patterns must be tokenized as the documents are: by the pipeline's own language.
    tokenizer = get_lang_class(vocab.lang)(vocab=vocab).tokenizer
    patterns = []
    for form in lexicon.forms():
        patterns.append(tokenizer(form))
        if "'" in form:
            patterns.append(tokenizer(form.replace("'", "’")))
    matcher.add("ACTOR", patterns)
    return matcher


_LEXICONS: dict[int, Lexicon] = {}


def _register_lexicon(lexicon: Lexicon) -> int:
    _LEXICONS[id(lexicon)] = lexicon
    return id(lexicon)


def _case_ok(span: Span, entry: Entry) -> bool:
    text = normalise_key(span.text) if False else span.text.replace("’", "'")
    form = entry.form.replace("’", "'")
    if entry.form_type in {"title", "collective"}:
        return True
    if entry.case_sensitive and form.upper() == form:
        return text == form or text.replace(".", "") == form.replace(".", "")
    first = next((c for c in text if c.isalpha()), "")
    form_first = next((c for c in form if c.isalpha()), "")
    if form_first.isupper() or entry.case_sensitive:
        return first.isupper()
    return True


def _choose(entries: list[Entry]) -> Entry:
    # Prefer states over organisations over groups over sector terms when a form is shared.
    order = {
        "name": 0,
        "capital": 1,
        "metonym": 1,
        "adjective": 2,
        "demonym": 2,
        "igo": 3,
        "group": 4,
        "title": 5,
        "collective": 6,
    }
    return sorted(entries, key=lambda e: order.get(e.form_type, 9))[0]


def find_lexicon_matches(doc: Doc, lexicon: Lexicon | None = None) -> dict[int, LexMatch]:
    """Longest lexicon matches, keyed by every token index they cover. The answer is kept
    with the document and shared: callers must not change it."""
    lexicon = lexicon or default_lexicon()
    # Actors and places both ask, with the same lexicon unless the user added actors.
    cache_key = f"dyad.lexicon_matches.{id(lexicon)}"
    cached: dict[int, LexMatch] | None = doc.user_data.get(cache_key)
    if cached is not None:
        return cached
    matcher = _matcher(doc.vocab, _register_lexicon(lexicon))
    candidates: list[LexMatch] = []
    # A pipeline may drop strings it considers transient between batches (spaCy's memory
    # zones); the matcher's label must be in the store the document uses.
    doc.vocab.strings.add("ACTOR")
    for _, start, end in matcher(doc):
        span = doc[start:end]
        entries = [e for e in lexicon.lookup(span.text) if _case_ok(span, e)]
        if not entries:
            continue
        entry = _choose(entries)
        if entry.form_type not in {"title", "collective"} and (
            _inside_other_name(doc, start, end, lexicon)
            # an acronym ("FSB, Russia's security service") is not a city dateline
            or (not entry.form.isupper() and _dateline(doc, start, end))
        ):
            continue
        candidates.append(LexMatch(start, end, entry))
    candidates.sort(key=lambda m: (-(m.end - m.start), m.start))
    taken: dict[int, LexMatch] = {}
    for m in candidates:
        if any(i in taken for i in range(m.start, m.end)):
            continue
        for i in range(m.start, m.end):
            taken[i] = m
    doc.user_data[cache_key] = taken
    return taken


def _dateline(doc: Doc, start: int, end: int) -> bool:
    """ "NAIROBI, May 2 (Reuters) -": the city a wire story was filed from, not an actor."""
    span = doc[start:end]
    if not span.text.isupper() or len(span.text) < 3 or end >= len(doc) or doc[end].text != ",":
        return False
    return start == 0 or "\n" in doc[start - 1].text_with_ws or doc[start - 1].is_space


def _is_known(token: Token, lexicon: Lexicon) -> bool:
    return bool(lexicon.lookup(token.text))


def _inside_other_name(doc: Doc, start: int, end: int, lexicon: Lexicon) -> bool:
    """True for "Paris Hilton", "New Mexico", "Russia-Africa Summit": a form in a longer name."""
    before = doc[start - 1] if start > 0 else None
    if (
        before is not None
        and before.pos_ == "PROPN"
        and before.text[:1].isupper()
        and not _is_known(before, lexicon)
        and before.head.i in range(start, end)
        and before.dep_ == "compound"
    ):
        return True
    if end < len(doc):
        nxt = doc[end]
        if nxt.text in {"-", "–"} and end + 1 < len(doc):
            after = doc[end + 1]
            return after.text[:1].isupper() and not _is_known(after, lexicon)
        last = doc[end - 1]
        names_a_thing = (
            nxt.pos_ == "PROPN"
            and nxt.text[:1].isupper()
            and not _is_known(nxt, lexicon)
            and last.dep_ == "compound"
            and last.head.i >= end
        )
        if names_a_thing and (
            (nxt.ent_type_ == "PERSON" and doc[start].ent_iob_ != "B")
            or _only_capital(doc[start:end], lexicon)
        ):
            # "Paris Hilton"; a capital naming a treaty, paper or event: "Ottawa Treaty"
            return True
        if nxt.text == "," and end + 1 < len(doc):
            # "Georgia, United States": a place inside another state (apposition, not a list)
            own = {e.country for e in lexicon.lookup(doc[start:end].text)}
            for t in doc[end + 1 : end + 4]:
                # "Ellabell, Georgia, United States"; "Atlanta, Georgia, United States"
                chained = t.dep_ == "conj" and (
                    doc[end - 1].dep_ == "appos"
                    or (
                        doc[end - 1].dep_ == "conj"
                        and start > 0
                        and doc[start - 1].text == ","
                        and not _is_known(doc[end - 1].head, lexicon)  # a list of states
                    )
                )
                if (t.dep_ in {"appos", "npadvmod"} or chained) and start <= t.head.i < end:
                    span = doc[t.left_edge.i : t.i + 1]
                    outer = lexicon.lookup(span.text) or lexicon.lookup(t.text)
                    if any(e.form_type == "name" and e.country not in own for e in outer):
                        return True
    return False


def _only_capital(span: Span, lexicon: Lexicon) -> bool:
    entries = lexicon.lookup(span.text)
    return bool(entries) and all(e.form_type == "capital" for e in entries)


# What a person is convicted, accused or suspected of ("of war crimes in Darfur").
CHARGE_LEMMAS = frozenset(
    "crime charge corruption murder fraud treason terrorism rape genocide espionage laundering "
    "offence offense bribery embezzlement abuse misconduct sedition insurrection incitement "
    "spying smuggling trafficking homicide manslaughter conspiracy kidnapping torture "
    "persecution extortion harassment negligence violation involvement complicity "
    "wrongdoing atrocity massacre bias collusion incompetence partisanship".split()
)


def _names_charge(prep: Token) -> bool:
    return any(o.dep_ == "pobj" and o.lemma_.lower() in CHARGE_LEMMAS for o in prep.children)


def phrase_tokens(token: Token) -> list[Token]:
    """The noun phrase `token` heads, as far as it names an actor (no relative clauses)."""
    keep = {token.i}
    stack = [c for c in token.lefts if c.dep_ in PHRASE_LEFT_DEPS]
    while stack:
        child = stack.pop()
        for t in child.subtree:
            keep.add(t.i)
    for child in token.rights:
        # "the Prime Minister of Mali", "Minister of Transition"
        # -- but not "convicted commander X of war crimes": the charge is not the name
        if child.dep_ == "prep" and child.lower_ == "of" and not _names_charge(child):
            keep.update(t.i for t in child.subtree)
        # French names and nationalities follow the noun: "l'armée israélienne"
        if child.dep_ in {"amod", "compound"} and token.doc.lang_ == "fr":
            keep.update(t.i for t in child.subtree)
    doc = token.doc
    lo, hi = min(keep), max(keep)
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ == "det" or doc[lo].lower_ == "the"):
        lo += 1
    return [doc[i] for i in range(lo, hi + 1)]
