"""Named-entity recognition on the parts of a text where names can be: spaCy's own NER, run on
windows around capitalised words and numbers instead of on every token.

Profiling `dyad extract` (bench/throughput.py) put spaCy's NER at over half the parse time: in
the English pipelines it has its own tok2vec and a transition decoder that walks every token.
Yet the entities dyad reads (people, places, organisations, groups; numbers and dates only to
rule them out as speakers) sit on capitalised words and numbers: a tenth of the tokens in
political news, about 70% of them once each has its context.

The windows are each seed token with WIDTH tokens either side, merged; the windows of a batch's
documents are cut out into one compact Doc per document and go through the stock NER component
in one `pipe` call. The NER's tok2vec sees four tokens either side of a word (depth 4, window 1),
so a seed token gets the vector it would get in the whole text, and the decoder meets it in the
same state (outside any entity). Entities found are written back at their offsets and every
other token is marked outside, as the stock component marks it. On 100 political news articles
not used to choose the rule, 99.8% of the stock NER's entities come out the same and 99.96% of
the windowed ones are the stock's (tests/test_engine.py holds a floor), for 70% of its work.
Sentence-initial words that are stop words ("The", "But") do not open a window.
"""

# No `from __future__ import annotations`: spaCy 3.8.4 builds its factory config models from
# these annotations and cannot resolve them as strings.

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from dyad.speedups import pending_original, replace_component

WINDOWED_NER = "dyad_windowed_ner"
# The NER tok2vec's receptive field (4) plus 2: a name's next words ("Philippine government")
# also get their whole-text vectors. 4 alone changed 0.3% of entities, 6 changes 0.1%.
WIDTH = 6
_OPENERS = frozenset('"“‘«([') | frozenset("'")
_ENDERS = frozenset(".!?:;—–-")


def windows(doc: Doc, width: int = WIDTH) -> list[tuple[int, int]]:
    """Token ranges [start, end) of `doc` around its capitalised words and numbers, merged."""
    n = len(doc)
    marked = bytearray(n)
    previous: str = ""
    for token in doc:
        text = token.text
        seed = text[:1].isupper() or token.like_num
        if seed and token.is_stop and text[:1].isupper():
            # "The", "But": a capital only because the sentence or quote starts there.
            initial = token.is_sent_start or not previous.strip() or previous in _OPENERS
            seed = not (initial or previous in _ENDERS)
        if seed:
            i = token.i
            lo, hi = max(0, i - width), min(n, i + width + 1)
            marked[lo:hi] = b"\x01" * (hi - lo)
        previous = text
    out: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if marked[i]:
            j = marked.find(0, i)
            j = n if j < 0 else j
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


class WindowedNER:
    """The stock EntityRecognizer `ner`, applied to the windows of each document."""

    def __init__(self, ner: EntityRecognizer, width: int = WIDTH) -> None:
        self.ner = ner
        self.width = width

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            compact, positions = [], []
            for doc in batch:
                index: list[int] = []
                words: list[str] = []
                spaces: list[bool] = []
                for start, end in windows(doc, self.width):
                    for token in doc[start:end]:
                        index.append(token.i)
                        words.append(token.text)
                        spaces.append(bool(token.whitespace_))
                    if spaces:
                        spaces[-1] = True  # keep two windows' words apart
                compact.append(Doc(doc.vocab, words=words, spaces=spaces))
                positions.append(index)
            for doc, sub, index in zip(batch, self.ner.pipe(compact), positions, strict=True):
                spans = []
                for ent in sub.ents:
                    start, last = index[ent.start], index[ent.end - 1]
                    if last - start == ent.end - 1 - ent.start:  # not across two windows
                        spans.append(Span(doc, start, last + 1, label=ent.label))
                doc.set_ents(spans, default="outside")
                yield doc


@Language.factory(WINDOWED_NER)
def _make_windowed_ner(nlp: Language, name: str) -> WindowedNER:
    original = pending_original(nlp)
    assert isinstance(original, EntityRecognizer)
    return WindowedNER(original)


def receptive_field(nlp: Language) -> int | None:
    """How many tokens either side the NER's own tok2vec sees; None if it has no tok2vec of its
    own (a listener reads the shared tok2vec's output, which a compact Doc does not have)."""
    try:
        tok2vec = nlp.config["components"]["ner"]["model"]["tok2vec"]
        encode = tok2vec["encode"]
        if tok2vec["@architectures"] != "spacy.Tok2Vec.v2":
            return None
        return int(encode["depth"]) * int(encode["window_size"])
    except (KeyError, TypeError, ValueError):
        return None


def window_ner(nlp: Language) -> bool:
    """Run `nlp`'s entity recogniser on windows (above); False where that cannot be done exactly
    enough: no stock NER, or one without a tok2vec of its own."""
    ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    field = receptive_field(nlp)
    if not isinstance(ner, EntityRecognizer) or field is None or field + 2 > WIDTH:
        return False
    replace_component(nlp, "ner", WINDOWED_NER)
    return True
