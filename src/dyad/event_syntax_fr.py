"""French event coding: an English-labelled view of a French parse, and the French patterns.

fr_core_news_sm parses in Universal Dependencies: prepositions hang as `case` under their noun
("avec -case-> Poutine"), objects are `obj`, passive agents `obl:agent`. The events stage reads
ClearNLP labels with the preposition as the head ("with -prep-> ... -pobj-> Putin"). Rather
than a second coder, `english_view` rebuilds the French doc with ClearNLP labels and
English function words (prepositions, determiners, pronouns, auxiliaries), so one
argument-linking implementation serves both languages. The view keeps the tokens and their
indices; `restore_offsets` maps the character offsets of coded events back to the article.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from dyad.event_syntax import QuoteInfo, _event_id
from dyad.patterns import Pattern, parse_patterns
from dyad.records import Actor, Event, Span

# French prepositions as the English one the coder's rules name ("contre" is "against").
PREPOSITIONS = {
    "à": "at",
    "au": "at",
    "aux": "at",
    "chez": "at",
    "avec": "with",
    "auprès": "with",
    "contre": "against",
    "sur": "on",
    "dans": "in",
    "en": "in",
    "de": "of",
    "d'": "of",
    "du": "of",
    "des": "of",
    "par": "by",
    "pour": "for",
    "entre": "between",
    "vers": "toward",
    "envers": "toward",
    "parmi": "among",
    "près": "near",
    "depuis": "from",
    "après": "after",
    "avant": "before",
    "pendant": "during",
    "malgré": "despite",
    "lors": "during",
    "sans": "without",
    "sous": "under",
}
VERB_PREPOSITIONS = {**PREPOSITIONS, "de": "from", "d'": "from", "du": "from", "des": "from"}
FUNCTION_WORDS = {
    "le": "the",
    "la": "the",
    "les": "the",
    "l'": "the",
    "il": "he",
    "elle": "she",
    "ils": "they",
    "elles": "they",
    "leur": "their",
    "leurs": "their",
    "si": "if",
    "que": "that",
    "qu'": "that",
}
LABELS = {
    "obj": "dobj",
    "iobj": "dative",
    "nsubj:pass": "nsubjpass",
    "aux:pass": "auxpass",
    "aux:tense": "aux",
    "aux:caus": "aux",
    "acl:relcl": "relcl",
    "flat:name": "compound",
    "flat:foreign": "compound",
    "expl:comp": "expl",
    "expl:pv": "expl",
    "expl:pass": "expl",
    "expl:subj": "expl",
    "csubj:pass": "csubj",
    "nmod:poss": "poss",
}
NEGATORS = frozenset({"pas", "jamais", "plus", "guère", "aucun", "aucune", "point"})
PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées")
OBLIQUES = frozenset({"obl", "obl:arg", "obl:mod", "obl:agent", "nmod"})


def english_view(doc: Doc) -> Doc:
    """A copy of French `doc` labelled the way the English coder reads a parse."""
    heads = [t.head.i for t in doc]
    deps = [LABELS.get(t.dep_, t.dep_) for t in doc]
    words = [t.text for t in doc]
    pos = [t.pos_ for t in doc]
    lemmas = [t.lemma_ for t in doc]
    _repair_participles(doc, heads, deps, pos, lemmas)
    for t in doc:
        low = t.lower_
        if low in FUNCTION_WORDS and (
            t.dep_ in {"det", "mark"} or (t.pos_ == "PRON" and t.dep_.startswith("nsubj"))
        ):
            words[t.i] = FUNCTION_WORDS[low]
        elif deps[t.i] == "aux" and t.lemma_ in {"avoir", "être"}:
            words[t.i] = "has"  # "a condamné" is active: the participle is no passive
        elif deps[t.i] == "auxpass":
            words[t.i] = "was"
        elif low in NEGATORS and t.dep_ in {"advmod", "det"} and _has_ne(t.head):
            deps[t.i] = "neg"  # "n'a pas condamné", "n'a jamais attaqué"
        elif low in {"ne", "n'"} and t.dep_ == "advmod":
            deps[t.i] = "dep"  # the negation is marked once, on "pas"
    for t in doc:
        if t.dep_ not in OBLIQUES:
            continue
        case = [c for c in t.children if c.dep_ == "case" and c.i < t.i]
        if not case:
            # "condamné Israël": the small model calls a bare object obl:mod
            if t.dep_.startswith("obl") and t.pos_ == "PROPN" and t.i > heads[t.i]:
                deps[t.i] = "dobj"
            continue
        prep = case[0]
        # "a été attaquée par des rebelles": the preposition heads, as in ClearNLP
        heads[prep.i] = heads[t.i]
        deps[prep.i] = "agent" if t.dep_ == "obl:agent" else "prep"
        heads[t.i] = prep.i
        deps[t.i] = "pobj"
        words[prep.i] = PREPOSITIONS.get(prep.lower_, prep.text)
        if t.dep_.startswith("obl") and words[prep.i] == "of":
            words[prep.i] = "from"  # "se retirer de l'accord": a verb's "de" is a source
    for t in doc:
        if t.dep_ == "case" and deps[t.i] == "case":
            words[t.i] = PREPOSITIONS.get(t.lower_, t.text)
    view = Doc(
        doc.vocab,
        words=words,
        spaces=[bool(t.whitespace_) for t in doc],
        heads=heads,
        deps=deps,
        pos=pos,
        tags=[_tag(t, p) for t, p in zip(doc, pos, strict=True)],
        lemmas=lemmas,
        morphs=[str(t.morph) for t in doc],
        ents=[t.ent_iob_ + ("-" + t.ent_type_ if t.ent_type_ else "") for t in doc],
    )
    return view


def _has_ne(head: Token) -> bool:
    return any(c.lower_ in {"ne", "n'"} for c in head.children)


def _tag(t: Token, pos: str) -> str:
    """The Penn tag the English rules test ("VBN" participles, "NNS" plural groups)."""
    plural = "Plur" in t.morph.get("Number", [])
    if pos in {"VERB", "AUX"}:
        form = t.morph.get("VerbForm", [])
        if "Part" in form or pos != t.pos_:
            return "VBN"
        return "VB" if "Inf" in form else "VBD"
    if pos == "NOUN":
        return "NNS" if plural else "NN"
    if pos == "PROPN":
        return "NNPS" if plural else "NNP"
    return "JJ" if pos == "ADJ" else pos


def _repair_participles(
    doc: Doc, heads: list[int], deps: list[str], pos: list[str], lemmas: list[str]
) -> None:
    """ "a visité", "a expulsé": the small model tags some past participles as nouns or
    adverbs, and may make "avoir" the clause's head. A participle after a form of "avoir" is
    the verb, and "avoir" its auxiliary."""
    for t in doc:
        if t.pos_ not in {"NOUN", "ADV", "ADJ"} or not t.lower_.endswith(PARTICIPLE_ENDINGS):
            continue
        aux = next((a for a in doc[max(0, t.i - 3) : t.i] if a.lemma_ == "avoir"), None)
        if aux is None or any(w.pos_ in {"NOUN", "PROPN", "VERB"} for w in doc[aux.i + 1 : t.i]):
            continue
        pos[t.i] = "VERB"
        stem = t.lower_.rstrip("s").rstrip("e")
        lemmas[t.i] = stem[:-1] + "er"
        if heads[t.i] == aux.i:  # "avoir" heads the clause: hand the clause to the participle
            heads[t.i] = t.i if heads[aux.i] == aux.i else heads[aux.i]
            deps[t.i] = deps[aux.i]
            for c in doc:
                if heads[c.i] == aux.i and c.i != aux.i:
                    heads[c.i] = t.i
            heads[aux.i] = t.i
        deps[aux.i] = "aux"
        pos[aux.i] = "AUX"


def restore_offsets(events: list[Event], view: Doc, doc: Doc) -> list[Event]:
    """Events coded on `view`, with the article's own offsets and words."""
    starts = {v.idx: t.idx for v, t in zip(view, doc, strict=True)}
    ends = {v.idx + len(v.text): t.idx + len(t.text) for v, t in zip(view, doc, strict=True)}
    starts[len(view.text)] = len(doc.text)
    ends[0] = 0

    def span(start: int, end: int) -> tuple[int, int]:
        return starts.get(start, start), ends.get(end, end)

    def actor(a: Actor | None) -> Actor | None:
        if a is None:
            return None
        s, e = span(a.start, a.end)
        return replace(a, start=s, end=e, text=doc.text[s:e])

    out = []
    for ev in events:
        s, e = span(ev.trigger.start, ev.trigger.end)
        sent = span(*ev.sentence)
        source = actor(ev.source)
        assert source is not None
        out.append(
            replace(
                ev,
                # the id hashes the trigger's offset: the article's, as for English
                event_id=_event_id(ev.doc_id, s, source, actor(ev.target), ev.cameo),
                trigger=Span(doc.text[s:e], s, e),
                sentence=sent,
                source=source,
                target=actor(ev.target),
            )
        )
    return out


def view_quotes(speakers: list[QuoteInfo], view: Doc, doc: Doc) -> list[QuoteInfo]:
    """Quote spans in the view's offsets, so triggers inside a quote still find it."""
    starts = {t.idx: v.idx for v, t in zip(view, doc, strict=True)}
    ends = {t.idx + len(t.text): v.idx + len(v.text) for v, t in zip(view, doc, strict=True)}

    def near(offsets: dict[int, int], char: int) -> int:
        known = [k for k in offsets if k <= char]
        return offsets[max(known)] + char - max(known) if known else char

    return [(near(starts, s), near(ends, e), who, qid) for s, e, who, qid in speakers]


@cache
def french_patterns() -> tuple[Pattern, ...]:
    """data/event_patterns_fr.tsv, its particles read as the view's English prepositions."""
    name = "event_patterns_fr.tsv"
    text = resources.files("dyad").joinpath("data", name).read_text("utf-8")
    return tuple(
        replace(p, particle=VERB_PREPOSITIONS.get(p.particle, p.particle)) if p.particle else p
        for p in parse_patterns(text, name)
    )
