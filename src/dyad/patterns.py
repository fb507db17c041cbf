"""Event patterns: the trigger words of each CAMEO event, loaded from data/event_patterns.tsv.

The file format is documented at its top; users add their own files with the same columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from dyad.codebook import lookup
from dyad.errors import DataError

# "Russia says Israel must end its strikes": the pattern holds only when the complement clause
# puts this modal on a named subject (a demand "must", an appeal "should").
MODAL_FLAGS = frozenset({"must", "should"})
KNOWN_FLAGS = frozenset(
    {"sym", "comp", "obj-event", "victim", "intent", "reflexive", "light", "self", "dyadic"}
    | MODAL_FLAGS
)


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    pos: str  # "V" or "N"
    lemma: str
    particle: str | None
    objects: frozenset[str]
    blocked: frozenset[str]
    flags: frozenset[str]

    @property
    def specificity(self) -> int:
        return (2 if self.objects else 0) + (1 if self.particle else 0)

    @property
    def name(self) -> str:
        """How the pattern reads in an event's `rule` field: "V:withdraw+from[treaty]->160"."""
        particle = f"+{self.particle}" if self.particle else ""
        objects = f"[{'|'.join(sorted(self.objects))}]" if self.objects else ""
        return f"{self.pos}:{self.lemma}{particle}{objects}->{self.code}"


def parse_patterns(text: str, origin: str) -> list[Pattern]:
    patterns = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            raise DataError(
                f"{origin}:{n}: an event pattern needs 5 tab-separated columns "
                f"(code, pos, trigger, objects, flags); found {len(cols)}"
            )
        code, pos, trigger, objects, flag_text = (c.strip() for c in cols)
        if pos not in {"V", "N"}:
            raise DataError(f"{origin}:{n}: pos must be V or N, not {pos!r}")
        try:
            lookup(code)
        except DataError as exc:
            raise DataError(f"{origin}:{n}: {exc}") from exc
        flags = frozenset(f for f in flag_text.split(",") if f and f != "-")
        unknown = flags - KNOWN_FLAGS
        if unknown:
            raise DataError(
                f"{origin}:{n}: unknown flag(s) {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(KNOWN_FLAGS))}"
            )
        lemma, _, particle = trigger.partition("+")
        words = frozenset() if objects == "-" else frozenset(objects.lstrip("!").split("|"))
        blocking = objects.startswith("!")
        patterns.append(
            Pattern(
                code=code,
                pos=pos,
                lemma=lemma.lower(),
                particle=particle or None,
                objects=frozenset() if blocking else words,
                blocked=words if blocking else frozenset(),
                flags=flags,
            )
        )
    return patterns


@cache
def default_patterns() -> tuple[Pattern, ...]:
    text = resources.files("dyad").joinpath("data", "event_patterns.tsv").read_text("utf-8")
    return tuple(parse_patterns(text, "event_patterns.tsv"))


def load_patterns(extra: Iterable[str | Path] = ()) -> tuple[Pattern, ...]:
    """dyad's patterns plus the user's own pattern files (same TSV format)."""
    patterns = list(default_patterns())
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise DataError(f"cannot read the pattern file {path}: {exc.strerror or exc}") from exc
        patterns.extend(parse_patterns(text, str(path)))
    return tuple(patterns)


class PatternIndex:
    """Finds the most specific pattern a token triggers."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.by_key: dict[tuple[str, str], list[Pattern]] = {}
        for p in patterns:
            self.by_key.setdefault((p.pos, p.lemma), []).append(p)
        for plist in self.by_key.values():
            plist.sort(key=lambda p: -p.specificity)

    def match(self, token: Token) -> Pattern | None:
        if token.pos_ in {"VERB", "AUX"} or _verb_tagged_as_noun(token):
            pos, lemma = "V", (token.lemma_ if token.pos_ != "NOUN" else _verb_lemma(token)).lower()
        elif token.pos_ in {"NOUN", "PROPN"} and (token.text[:1].islower() or token.is_sent_start):
            pos, lemma = "N", token.lemma_.lower()
        else:
            return None
        candidates = self.by_key.get((pos, lemma))
        if not candidates and pos == "N":
            candidates = self.by_key.get((pos, token.lower_))
        if not candidates:
            return None
        words: set[str] | None = None
        for p in candidates:
            if p.particle and not has_particle(token, p.particle):
                continue
            if p.flags & MODAL_FLAGS and not modal_complement(token, p.flags & MODAL_FLAGS):
                continue
            if p.objects or p.blocked:
                if words is None:
                    words = object_words(token, pos)
                if p.objects and not (words & p.objects):
                    continue
                if p.blocked and words & p.blocked:
                    continue
            return p
        return None


def _verb_tagged_as_noun(token: Token) -> bool:
    """ "The Dominican Republic permits the United States to ...": the tagger calls a
    headline-style present-tense verb a plural noun; its subject and object say otherwise."""
    if token.pos_ != "NOUN" or token.tag_ not in {"NNS", "NN"} or token.dep_ != "ROOT":
        return False
    deps = {c.dep_ for c in token.children}
    if "nsubj" in deps:
        return bool(deps & {"dobj", "xcomp", "ccomp", "prep", "advcl"})
    # "Trump issues an ultimatum": the name becomes a compound of the "noun", but no noun
    # takes a direct object
    return "dobj" in deps and bool(headline_subjects(token))


def headline_subjects(token: Token) -> list[Token]:
    """The names a misparsed headline verb took as its compounds: "Trump" in "Trump issues"."""
    return [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]


def _verb_lemma(token: Token) -> str:
    text = token.lower_
    if token.tag_ == "NN":
        return text  # "Egypt and Jordan meet in Riyadh"
    return text[:-1] if text.endswith("s") and not text.endswith("ss") else text


def modal_complement(token: Token, modals: frozenset[str]) -> bool:
    """A complement clause with one of `modals` and a subject other than a pronoun: "said that
    North Korea must disarm", not "said it must act" (the speaker's own intent)."""
    return any(
        c.dep_ == "ccomp"
        and any(a.dep_ == "aux" and a.lower_ in modals for a in c.children)
        and any(s.dep_ in {"nsubj", "nsubjpass"} and s.pos_ != "PRON" for s in c.children)
        for c in token.children
    )


def has_particle(token: Token, particle: str) -> bool:
    return any(c.dep_ in {"prt", "prep", "advmod"} and c.lower_ == particle for c in token.children)


def object_words(token: Token, pos: str) -> set[str]:
    """Words that fill a pattern's object slot: the verb's objects, or the noun's modifiers."""
    words: set[str] = set()
    if pos == "N":
        for c in token.children:
            if c.dep_ in {"amod", "compound", "nmod", "npadvmod"}:
                words.update((c.lower_, c.lemma_.lower()))
        # "the designation of Saudi Arabia as a major ally": what the noun makes its object
        of_objs = [o for c in token.children if c.lower_ == "of" for o in c.children]
        # (the parser may hang the "as" phrase on the verb that takes the noun)
        governor = [token.head] if token.dep_ == "dobj" else []
        for holder in (token, *of_objs, *governor):
            for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ == "as"):
                for o in (o for o in prep.children if o.dep_ == "pobj"):
                    words.update((o.lower_, o.lemma_.lower()))
        return words
    objects = [
        c
        for c in token.children
        if c.dep_ in {"dobj", "attr", "oprd", "ccomp", "xcomp", "nsubjpass", "dative"}
    ]
    # "hold a series of meetings focused on Syria": the parser makes the object the subject
    # of a participle clause
    objects += [
        s
        for c in objects
        if c.dep_ == "ccomp"
        and c.tag_ in {"VBN", "VBG"}
        and not any(m.dep_ == "mark" for m in c.children)
        for s in c.children
        if s.dep_ == "nsubj"
    ]
    for c in token.children:
        if c.dep_ in {"prep", "prt"}:  # "withdraw from the treaty", "break off relations"
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    words.update((pobj.lower_, pobj.lemma_.lower()))
    for c in objects:
        words.update((c.lower_, c.lemma_.lower()))
        for cc in c.children:
            if cc.dep_ in {"compound", "conj", "nummod", "quantmod"}:
                words.update((cc.lower_, cc.lemma_.lower()))
            # "a round of talks", "a series of meetings", "$2 million in assistance";
            # "designates two militias as terrorist organizations"
            if cc.dep_ == "prep" and cc.lower_ in {"of", "in", "as"}:
                for pobj in cc.children:
                    if pobj.dep_ == "pobj":
                        words.update((pobj.lower_, pobj.lemma_.lower()))
    return words
