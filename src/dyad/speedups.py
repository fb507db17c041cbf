"""Exact drop-in replacements for the two slowest rule-based components of spaCy's English pipeline.

Profiling `dyad extract` on news articles (bench/throughput.py) put spaCy's `attribute_ruler` at
~11% and its `lemmatizer` at ~8% of the parse time: the ruler runs a Matcher with 179 patterns on
every token, and the lemmatizer recomputes `is_base_form` (a morph dict per token) because spaCy
caches only the rule path. Both are pure functions of a few token attributes, so the replacements
memoise per (orth, tag, dep) and (orth, pos, morph) and give the same annotations bit for bit
(tests/test_engine.py compares every token attribute against the stock pipeline on real articles).

`accelerate(nlp)` swaps them in place, once per process; components it does not recognise are left
alone, so a user's own pipeline (DYAD_SPACY_MODEL_EN) still works, only without the speed-up.

`use_numpy_blas(nlp)` routes the models' matrix products (thinc's `Ops.gemm`) through numpy's
OpenBLAS instead of BLIS: on the machines measured, the BLIS wheel ran spaCy's gemm shapes 3-4x
slower, which made the shared tok2vec alone twice as slow. The products are the same, so the
annotations are too (tests/test_engine.py checks every token against BLIS). The transition
parsers' inner loop is compiled against BLIS and stays on it.
"""

# No `from __future__ import annotations`: spaCy 3.8.4 builds its factory config models from
# these annotations and cannot resolve them as strings.

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from thinc.api import NumpyOps

FAST_RULER = "dyad_fast_attribute_ruler"
FAST_LEMMATIZER = "dyad_fast_lemmatizer"

# Memo tables are keyed by vocabulary items; past this size they are dropped and rebuilt, so a
# long run over an open vocabulary cannot grow them without bound.
MAX_MEMO = 200_000

# Single-token predicates the ruler evaluates itself; a pattern using anything else stays with
# spaCy's Matcher. Values are the token attribute each Matcher key reads.
_TOKEN_ATTRS: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}

TokenTest = Callable[[Token], bool]


def _value_test(key: str, spec: object) -> TokenTest | None:
    """A test equal to the Matcher's for one `KEY: spec` pair, or None if unsupported."""
    get = _TOKEN_ATTRS.get(key)
    if get is None:
        return None
    if isinstance(spec, bool) or (isinstance(spec, str) and key != "IS_SPACE"):
        return lambda t: get(t) == spec
    if isinstance(spec, dict) and len(spec) == 1 and key != "IS_SPACE":
        ((op, arg),) = spec.items()
        if op == "IN" and isinstance(arg, list):
            allowed = frozenset(arg)
            return lambda t: get(t) in allowed
        if op == "NOT_IN" and isinstance(arg, list):
            barred = frozenset(arg)
            return lambda t: get(t) not in barred
        if op == "REGEX" and isinstance(arg, str):
            # The Matcher's REGEX predicate is re.search on the attribute's string.
            pattern = re.compile(arg)
            return lambda t: pattern.search(get(t)) is not None
    return None


def _token_test(token_spec: Mapping[Any, object]) -> TokenTest | None:
    tests = [_value_test(str(key), spec) for key, spec in token_spec.items()]
    if not tests or any(t is None for t in tests):
        return None
    checks = [t for t in tests if t is not None]
    return lambda tok: all(check(tok) for check in checks)


def _bucket_keys(token_spec: Mapping[Any, object]) -> list[tuple[str, str]]:
    """The (attribute, value) buckets a single-token pattern can only match in: every value its
    LOWER allows, else every value its TAG allows; none if it constrains neither to a list."""
    for attr in ("LOWER", "TAG"):
        spec = token_spec.get(attr)
        if isinstance(spec, str):
            return [(attr, spec)]
        if isinstance(spec, dict) and len(spec) == 1 and isinstance(spec.get("IN"), list):
            return [(attr, str(value)) for value in spec["IN"]]
    return []


class FastAttributeRuler:
    """spaCy's AttributeRuler with single-token patterns memoised per (lower, tag, dep).

    Every single-token test reads only LOWER, TAG, DEP and IS_SPACE, and IS_SPACE is a function
    of the lowercase form, so (lower, tag, dep) decides which of them match. Matches are applied
    exactly as AttributeRuler.set_annotations does: sorted by rule number, so later rules win,
    each through spaCy's own `set_token_attrs`.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab = ruler.vocab
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        # (rule number, test) for single-token patterns, bucketed by a LOWER or TAG value the
        # pattern requires, so a memo miss runs only the tests that can pass; multi-token
        # patterns go to a reduced Matcher.
        self.buckets: dict[tuple[str, str], list[tuple[int, TokenTest]]] = {}
        self.always: list[tuple[int, TokenTest]] = []
        self.matcher = Matcher(self.vocab, validate=False)
        self.matcher_rules = 0
        # Fixed-length multi-token patterns whose first token the ruler can test: the Matcher
        # then runs only on the few windows that start with such a token ("there is", "gon na").
        self.match_starts: list[TokenTest] = []
        self.match_width = 0
        self.match_everywhere = False  # a pattern with operators: match the whole text
        for rule, entry in enumerate(ruler.patterns):
            complex_patterns: list[Any] = []
            patterns: list[Any] = entry["patterns"]  # type: ignore[assignment]
            for pattern in patterns:
                test = _token_test(pattern[0]) if len(pattern) == 1 else None
                if test is not None and self.indices[rule] in (0, -1):
                    keys = _bucket_keys(pattern[0])
                    for key in keys:
                        self.buckets.setdefault(key, []).append((rule, test))
                    if not keys:
                        self.always.append((rule, test))
                else:
                    complex_patterns.append(pattern)
            if complex_patterns:
                self.matcher.add(self.vocab.strings.add(str(rule)), complex_patterns)
                self.matcher_rules += 1
                for pattern in complex_patterns:
                    first = _token_test(pattern[0])
                    if first is None or any("OP" in spec for spec in pattern):
                        self.match_everywhere = True
                    else:
                        self.match_starts.append(first)
                    self.match_width = max(self.match_width, len(pattern))
        # per (lower, tag, dep): the single-token rules that match, and whether a multi-token
        # pattern may start there
        self._memo: dict[tuple[int, int, int], tuple[tuple[int, ...], bool]] = {}
        self._merged_memo: dict[tuple[int, ...], dict[Any, Any]] = {}

    def _token_facts(self, token: Token) -> tuple[tuple[int, ...], bool]:
        key = (token.lower, token.tag, token.dep)
        facts = self._memo.get(key)
        if facts is None:
            if len(self._memo) >= MAX_MEMO:
                self._memo.clear()
            buckets = self.buckets
            candidates = (
                buckets.get(("LOWER", token.lower_), [])
                + buckets.get(("TAG", token.tag_), [])
                + self.always
            )
            rules = tuple(sorted({rule for rule, test in candidates if test(token)}))
            may_start = any(test(token) for test in self.match_starts)
            facts = self._memo[key] = (rules, may_start)
        return facts

    def __call__(self, doc: Doc) -> Doc:
        # Rules only overwrite token attributes, so a token's rules (in rule order, later ones
        # winning, as the stock ruler applies them) come down to one merged dict, set once.
        extra: dict[int, list[int]] = {}
        if self.matcher_rules:
            strings = self.vocab.strings
            for match_id, start, end in self._matches(doc):
                rule = int(strings[match_id])
                index = self.indices[rule]
                target = start + index if index >= 0 else end + index
                if not start <= target < end:
                    raise ValueError(
                        f"attribute_ruler rule {rule} points at token {index} of a "
                        f"{end - start}-token match; fix the pattern's index in the pipeline's "
                        "attribute_ruler"
                    )
                extra.setdefault(target, []).append(rule)
        for token in doc:
            rules = self._token_facts(token)[0]
            more = extra.get(token.i)
            if more:
                rules = tuple(sorted(rules + tuple(more)))
            if rules:
                set_token_attrs(token, self._merged(rules))
        return doc

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The Matcher's matches of the multi-token patterns, as on the whole `doc`."""
        if self.match_everywhere:
            return list(self.matcher(doc, allow_missing=True))
        found: list[tuple[int, int, int]] = []
        for token in doc:
            if not self._token_facts(token)[1]:
                continue
            i = token.i
            window = doc[i : i + self.match_width]
            # a match starting later in the window is found from its own first token
            found += [
                (match_id, i + start, i + end)
                for match_id, start, end in self.matcher(window, allow_missing=True)
                if start == 0
            ]
        return found

    def _merged(self, rules: tuple[int, ...]) -> dict[Any, Any]:
        attrs = self._merged_memo.get(rules)
        if attrs is None:
            attrs = {}
            for rule in rules:
                attrs.update(self.attrs[rule])
            self._merged_memo[rules] = attrs
        return attrs

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class FastLemmatizer:
    """spaCy's rule lemmatizer with every lemma memoised, not only those the rules produce.

    `rule_lemmatize` is a pure function of the token's text, POS and morphology, so the memo key
    (orth, pos, morph) gives the lemma spaCy would compute. Lemmas are kept as strings, not hashes,
    so they stay valid across spaCy memory zones.
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.overwrite = lemmatizer.overwrite
        self._memo: dict[tuple[int, int, int], str] = {}
        _index_as_sets(lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        memo = self._memo
        lemmatize = self.lemmatizer.lemmatize
        for token in doc:
            if not (self.overwrite or token.lemma == 0):
                continue
            key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
            lemma = memo.get(key)
            if lemma is None:
                if len(memo) >= MAX_MEMO:
                    memo.clear()
                lemma = memo[key] = lemmatize(token)[0]
            token.lemma_ = lemma
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """spaCy's rule lemmatizer asks `form in index` of word lists thousands long (the tables come
    from JSON); a memo miss spent most of its time there. Sets answer the same membership test."""
    if "lemma_index" not in lemmatizer.lookups.tables:
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = set(words)


# A stand-in's factory reads the stock component it replaces from the pipeline being built, so
# `replace_component` adds the stand-in next to it first and only then removes the original.
_PENDING: dict[int, object] = {}


def pending_original(nlp: Language) -> object:
    """The component `replace_component` is replacing in `nlp`, for the factory of its stand-in."""
    return _PENDING.pop(id(nlp))


def replace_component(nlp: Language, name: str, factory: str) -> None:
    """Put the component `factory` builds in the place and under the name of component `name`."""
    _PENDING[id(nlp)] = nlp.get_pipe(name)
    temp = f"{name}__dyad"
    try:
        nlp.add_pipe(factory, name=temp, after=name)
    finally:
        _PENDING.pop(id(nlp), None)
    nlp.remove_pipe(name)
    nlp.rename_pipe(temp, name)


@Language.factory(FAST_RULER)
def _make_fast_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    original = pending_original(nlp)
    assert isinstance(original, AttributeRuler)
    return FastAttributeRuler(original)


@Language.factory(FAST_LEMMATIZER)
def _make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    original = pending_original(nlp)
    assert isinstance(original, Lemmatizer)
    return FastLemmatizer(original)


def accelerate(nlp: Language) -> list[str]:
    """Swap in the fast components where the stock ones are found; return what was swapped."""
    swapped = []
    for name, proc in list(nlp.pipeline):
        if isinstance(proc, AttributeRuler) and _sets_token_attrs_only(proc):
            replace_component(nlp, name, FAST_RULER)
        elif isinstance(proc, Lemmatizer) and proc.mode == "rule":
            replace_component(nlp, name, FAST_LEMMATIZER)
        else:
            continue
        swapped.append(name)
    return swapped


def _sets_token_attrs_only(ruler: AttributeRuler) -> bool:
    """The fast ruler merges a token's rules into one update, which is exact only when rules set
    per-token attributes; one that writes a lexeme attribute (NORM, flags) keeps the stock."""
    allowed = {IDS[name] for name in ("LEMMA", "POS", "TAG", "DEP", "MORPH")}
    return all(set(attrs) <= allowed for attrs in ruler.attrs)


def is_accelerated(nlp: Language) -> bool:
    return any(isinstance(p, FastAttributeRuler | FastLemmatizer) for _, p in nlp.pipeline)


def use_numpy_blas(nlp: Language) -> int:
    """Point every model layer of `nlp` at numpy's BLAS; return how many layers were moved."""
    ops = NumpyOps(use_blis=False)
    moved = 0
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and getattr(node.ops, "use_blis", False):
                node.ops = ops
                moved += 1
    return moved


def no_huge_pages() -> None:
    """Stop numpy asking the kernel for transparent huge pages on its large arrays. The models'
    activations are allocated and freed per batch, and each fresh 2 MiB page is zeroed by the
    kernel first: perf put that page clearing at 14% of the parse time, 1% without huge pages."""
    from numpy._core import multiarray

    # A private numpy switch (absent from its stubs) since numpy 1.20; still there in 2.x.
    multiarray._set_madvise_hugepage(False)  # type: ignore[attr-defined]


# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's ceiling for it on 64-bit systems
_TRIM_THRESHOLD = 256 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Let glibc reuse the memory of freed model activations instead of handing it back to the
    kernel and faulting it in again, zeroed, for the next batch. With glibc's defaults a third of
    tok2vec's time went to page faults; fixing the mmap threshold at its ceiling (32 MiB) and
    trimming only past 256 MiB cut tok2vec's CPU time by ~30% at dyad's batch size. The process
    keeps up to that much freed memory; peak RSS is unchanged. False where libc is not glibc."""
    import ctypes
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(
        mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD) and mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    )


def one_blas_thread() -> None:
    """Keep BLAS to one thread in this process: dyad parallelises across worker processes, and
    BLAS threads on top would oversubscribe the cores."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
