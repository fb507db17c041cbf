"""Short actor strings resolved on their own, as a coder's lookup: "Vladimir Putin",
"the EU legislature", "Defense Minister" with the context "German" (NGEC's agent_to_code).

The string is parsed as the subject of a sentence, resolved like a mention in an article, and
given the one state its context names when it names none itself.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from dyad.actors import NATIONALITY_FORM_TYPES, STATE_FORM_TYPES, DocumentActors
from dyad.lexicon import default_lexicon
from dyad.records import Actor

NATIONALITY_WORD = re.compile(r"\b[A-Z][a-z]{5,}\b")


def resolve_text(text: str, *, context: str | None = None, date: str | None = None) -> Actor | None:
    """Resolve a short actor string ("Vladimir Putin", "the EU legislature") on its own."""
    respelt = respell_nationalities(text)
    # "Ukranian farmers": read a misspelt nationality as meant, then the text as written
    for attempt in dict.fromkeys((respelt, text)):
        for framed in (True, False):
            actor = _resolve_fragment(attempt, context, date, framed=framed)
            if actor is not None:
                return actor
    return None


@cache
def _nationality_forms() -> frozenset[str]:
    """One-word nationality adjectives and demonyms ("Kazakh", "Kazakhs") of six letters up."""
    return frozenset(
        e.form
        for entries in default_lexicon().entries.values()
        for e in entries
        if e.form_type in {"adjective", "demonym"} and e.form.isalpha() and len(e.form) >= 6
    )


def _one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours turns a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
        return a[i + 1 :] == b[i + 1 :] or (swapped and a[i + 2 :] == b[i + 2 :])
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]


def respell_nationalities(text: str) -> str:
    """`text` with each unknown capitalised word that is one typing slip away from exactly one
    nationality word spelt right ("Ukranians" -> "Ukrainians"). The slip may not touch the first
    two letters or the last one, so names ("Indiana") and other words stay as written."""
    lexicon = default_lexicon()

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if lexicon.lookup(word):
            return word
        near = {
            f
            for f in _nationality_forms()
            if f[:2] == word[:2] and f[-1] == word[-1] and _one_edit(word, f)
        }
        countries = {e.country for f in near for e in lexicon.lookup(f)}
        return near.pop() if len(near) == 1 and len(countries) == 1 else word

    return NATIONALITY_WORD.sub(fix, text)


def _resolve_fragment(
    text: str, context: str | None, date: str | None, *, framed: bool
) -> Actor | None:
    from dyad.nlp import parse

    # The parser reads a bare phrase as a clause ("crowd control police": crowd/VERB); as the
    # subject of "said" it reads it as the noun phrase an actor string is.
    body = f"{text} said." if framed else text
    doc = parse(body if context is None else f"{body}. {context}")
    actors = DocumentActors(doc, date=date)
    inside = [t for t in doc if t.idx < len(text)]
    heads = [t for t in inside if t.head == t or t.head.idx >= len(text) or t.head.i < inside[0].i]
    last = inside[-1]
    if (
        last is not heads[0]
        and last.pos_ in {"NOUN", "PROPN"}
        and last.i in actors.matches
        and not any(t.pos_ in {"ADP", "VERB", "AUX"} for t in inside if t.i != heads[0].i)
    ):
        # An English noun compound is right-headed: in "riot control police" the parser may
        # make "riot control" a clause, but the phrase names police.
        heads = [last, *(h for h in heads if h is not last)]
    found = None
    for head in heads:
        actor = actors.resolve(head)
        # a bare unknown name ("Joseph Monka") is a person dyad cannot code: no actor
        if actor is not None and (actor.country or actor.igo or actor.sector):
            found = actor
            break
    if found is None:
        # "soldiers", "Defense Minister": a role with no state is still an actor
        found = next((a for a in map(actors.generic, heads) if a is not None and a.sector), None)
    if found is not None and context is not None:
        found = _with_context_country(found, actors, len(body) + 2)
    return found


def _with_context_country(actor: Actor, actors: DocumentActors, context_start: int) -> Actor:
    """A role the string leaves stateless ("Defense Minister") belongs to the one state its
    context names ("German"), as a person or body in an article belongs to the article's state.
    A transnational armed group (IMG) stays stateless."""
    if actor.country or actor.igo or "IMG" in actor.sector:
        return actor
    states = {
        m.entry.country
        for m in actors.matches.values()
        if m.entry.country
        and actors.doc[m.start].idx >= context_start
        and m.entry.form_type in STATE_FORM_TYPES | NATIONALITY_FORM_TYPES
    }
    if len(states) != 1:
        return actor
    country = states.pop()
    code = country + "".join(s for s in actor.sector if s != "IMG")
    return replace(actor, country=country, code=code)
