"""The gold-set scorers on hand-built predictions, and the runners on a fake pipeline."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dyad.errors import UsageError
from dyad.evaluate import (
    EvalUnavailable,
    evaluate_path,
    format_report,
    load_gold,
    main_eval,
    read_predictions,
)
from dyad.evaluate_score import (
    Prediction,
    actor_key,
    find_first,
    normalize_query_date,
    predicted_triples,
    score_actor_case,
    score_actor_cases,
    score_pairs,
    score_triples,
)
from dyad.evaluate_seed import score_seed
from dyad.records import Actor, Article, DocumentResult, Event, RawDocument, Rejection, Span

# --------------------------------------------------------------------------------------------
# Builders


def actor(
    text: str = "x",
    start: int = 0,
    end: int = 1,
    *,
    country: str | None = None,
    igo: str | None = None,
    sector: Iterable[str] = (),
    name: str | None = None,
) -> dict[str, Any]:
    return {
        "text": text,
        "start": start,
        "end": end,
        "code": (country or igo or "") + "".join(sector),
        "country": country,
        "igo": igo,
        "sector": list(sector),
        "name": name,
        "kind": "state",
    }


def event(
    source: dict[str, Any] | str,
    target: dict[str, Any] | str | None,
    root: str,
    *,
    negated: bool = False,
    modality: str = "asserted",
    trigger: str = "t",
) -> dict[str, Any]:
    src = actor(country=source) if isinstance(source, str) else source
    tgt = actor(country=target) if isinstance(target, str) else target
    return {
        "event_id": "e",
        "doc_id": "d",
        "sentence": {"start": 0, "end": 1},
        "trigger": {"text": trigger, "start": 0, "end": 1},
        "source": src,
        "target": tgt,
        "cameo": root + "0",
        "root": root,
        "negated": negated,
        "modality": modality,
    }


def pred(text: str = "", events: list[dict[str, Any]] | None = None, **kw: Any) -> Prediction:
    return Prediction(article={"text": text, **kw.pop("article", {})}, events=events or [], **kw)


def gold_item(
    item_id: str, triples: list[tuple[str, str, str]], category: str | None = None
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": item_id,
        "events": [{"source": s, "target": t, "root": r, "trigger": "x"} for s, t, r in triples],
    }
    if category:
        row["category"] = category
    return row


# --------------------------------------------------------------------------------------------
# Triples


def test_actor_key_prefers_country_then_igo_then_img() -> None:
    assert actor_key(actor(country="MLI", igo="UN", sector=["IMG"])) == "MLI"
    assert actor_key(actor(igo="UN", sector=["IMG"])) == "UN"
    assert actor_key(actor(sector=["REB", "IMG"])) == "IMG"
    assert actor_key(actor(sector=["REB"])) is None
    assert actor_key(None) is None


def test_negated_and_hypothetical_events_are_not_counted() -> None:
    events = [
        event("RUS", "MLI", "04", negated=True),
        event("MLI", "FRA", "11", modality="hypothetical"),
        event("MLI", "RUS", "05", modality="reported"),
        event("FRA", "MLI", "08", modality="intended"),
    ]
    assert predicted_triples(events) == {("MLI", "RUS", "05"), ("FRA", "MLI", "08")}
    score = score_triples([(gold_item("a", [("RUS", "MLI", "04")]), pred(events=events[:2]))])
    assert (score.overall.tp, score.overall.fp, score.overall.fn) == (0, 0, 1)


def test_a_triple_counts_once_per_item() -> None:
    events = [
        event("RUS", "MLI", "04", trigger="visited"),
        event("RUS", "MLI", "04", trigger="talks"),
    ]
    score = score_triples([(gold_item("a", [("RUS", "MLI", "04")]), pred(events=events))])
    o = score.overall
    assert (o.tp, o.fp, o.fn) == (1, 0, 0)
    assert o.precision == o.recall == o.f1 == 1.0


def test_null_target_or_unkeyed_side_gives_no_triple() -> None:
    events = [
        event("RUS", None, "01"),
        event(actor(sector=["CVL"]), "MLI", "14"),  # no country, IGO or IMG
        event("MLI", actor(sector=["REB"]), "19"),
        event(actor(sector=["IMG"]), "MLI", "18"),
        event(actor(igo="UN"), "MLI", "07"),
    ]
    assert predicted_triples(events) == {("IMG", "MLI", "18"), ("UN", "MLI", "07")}


def test_micro_and_per_root_and_per_category_numbers() -> None:
    items = [
        (
            gold_item("a", [("RUS", "MLI", "04"), ("MLI", "RUS", "04")], "International relations"),
            pred(events=[event("RUS", "MLI", "04"), event("MLI", "FRA", "11")]),
        ),
        (
            gold_item("b", [("UKR", "RUS", "19")], "Armed conflicts and attacks"),
            pred(events=[event("UKR", "RUS", "19"), event("RUS", "UKR", "19")]),
        ),
        (gold_item("c", [("ISR", "PSE", "18")]), Prediction.missing("empty")),
    ]
    score = score_triples(items)
    o = score.overall
    # tp: RUS-MLI-04, UKR-RUS-19; fp: MLI-FRA-11, RUS-UKR-19; fn: MLI-RUS-04, ISR-PSE-18
    assert (o.tp, o.fp, o.fn) == (2, 2, 2)
    assert o.precision == pytest.approx(0.5) and o.recall == pytest.approx(0.5)
    assert o.f1 == pytest.approx(0.5)
    r04, r11, r18, r19 = (score.by_root[r] for r in ("04", "11", "18", "19"))
    assert (r04.tp, r04.fp, r04.fn, r04.support) == (1, 0, 1, 2)
    assert (r11.tp, r11.fp, r11.fn, r11.support) == (0, 1, 0, 0)
    assert (r18.tp, r18.fp, r18.fn) == (0, 0, 1)
    assert (r19.tp, r19.fp, r19.fn) == (1, 1, 0)
    assert r19.precision == pytest.approx(0.5) and r19.recall == 1.0
    assert list(score.by_root) == ["04", "11", "18", "19"]
    ir = score.by_category["International relations"]
    assert (ir.tp, ir.fp, ir.fn) == (1, 1, 1)
    assert set(score.by_category) == {"International relations", "Armed conflicts and attacks"}
    assert score.rejected == 1 and score.items_with_events == 2


# --------------------------------------------------------------------------------------------
# Pairs


PAIR_TEXT = "Pakistan refused a request from India to use Pakistan airspace."


def pair_row(
    source_text: str, target_text: str, label: str, text: str = PAIR_TEXT
) -> dict[str, Any]:
    return {
        "id": "p1",
        "text": text,
        "pairs": [{"source_text": source_text, "target_text": target_text, "label": label}],
    }


def span_actor(text: str, phrase: str, country: str, nth: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return actor(phrase, start, start + len(phrase), country=country)


def test_pair_correct_when_mentions_overlap_and_root_maps_to_label() -> None:
    # The source mention only partly covers "Pakistan"; overlap is enough.
    src = actor("Pakist", 0, 6, country="PAK")
    tgt = span_actor(PAIR_TEXT, "India", "IND")
    score = score_pairs(
        [(pair_row("Pakistan", "India", "REJECT"), pred(PAIR_TEXT, [event(src, tgt, "12")]))]
    )
    assert score.accuracy == 1.0 and score.linked_rate == 1.0


def test_pair_wrong_label_is_joined_but_not_correct() -> None:
    src, tgt = span_actor(PAIR_TEXT, "Pakistan", "PAK"), span_actor(PAIR_TEXT, "India", "IND")
    score = score_pairs(
        [(pair_row("Pakistan", "India", "REJECT"), pred(PAIR_TEXT, [event(src, tgt, "11")]))]
    )
    assert score.accuracy == 0.0 and score.linked_rate == 1.0
    assert score.confusions()[("REJECT", "ACCUSE")] == 1
    assert score.by_label()["REJECT"].linked == 1


def test_pair_roots_10_and_02_both_map_to_request() -> None:
    src, tgt = span_actor(PAIR_TEXT, "Pakistan", "PAK"), span_actor(PAIR_TEXT, "India", "IND")
    for root in ("02", "10"):
        score = score_pairs(
            [(pair_row("Pakistan", "India", "REQUEST"), pred(PAIR_TEXT, [event(src, tgt, root)]))]
        )
        assert score.accuracy == 1.0, root


def test_pair_not_joined_when_spans_only_touch_or_direction_is_reversed() -> None:
    text = "Pakistan India"
    touching = actor("", 8, 9, country="PAK")  # the space right after "Pakistan"
    tgt = actor("India", 9, 14, country="IND")
    src = actor("Pakistan", 0, 8, country="PAK")
    events = [event(touching, tgt, "12"), event(tgt, src, "12")]
    score = score_pairs([(pair_row("Pakistan", "India", "REJECT", text), pred(text, events))])
    assert score.accuracy == 0.0 and score.linked_rate == 0.0


def test_pair_source_is_its_first_occurrence() -> None:
    second = span_actor(PAIR_TEXT, "Pakistan", "PAK", nth=1)
    tgt = span_actor(PAIR_TEXT, "India", "IND")
    score = score_pairs(
        [(pair_row("Pakistan", "India", "REJECT"), pred(PAIR_TEXT, [event(second, tgt, "12")]))]
    )
    assert score.accuracy == 0.0


def test_pair_occurrence_is_whole_word_when_there_is_one() -> None:
    text = "About 243000 South Sudanese refugees have sought refuge in Sudan."
    assert find_first(text, "Sudan") == (text.index("in Sudan") + 3, text.index("in Sudan") + 8)
    assert find_first("the Sudanese", "Sudan") == (4, 9)  # no whole word: first raw one
    assert find_first(text, "Chad") is None


def test_pair_with_text_absent_from_the_article_is_wrong_and_unlocatable() -> None:
    src = span_actor(PAIR_TEXT, "Pakistan", "PAK")
    score = score_pairs(
        [(pair_row("Pakistan", "a recipient", "REJECT"), pred(PAIR_TEXT, [event(src, None, "12")]))]
    )
    assert score.accuracy == 0.0 and score.unlocatable == 1 and len(score.outcomes) == 1


# --------------------------------------------------------------------------------------------
# Seed

SEED_TEXT = (
    'Mali PM Choguel Kokalla Maiga spoke. "We consider Russia a reliable partner," Maiga said. '
    "In August 2022 French troops left Mali. Leave a Reply"
)


def seed_gold() -> dict[str, Any]:
    return {
        "file": "a.txt",
        "title": "Mali and Russia",
        "authors": ["Muhammad Osman"],
        "clean_text_must_contain": ["We consider Russia a reliable partner"],
        "clean_text_must_not_contain": ["Writer/Editor"],
        "events_required": [{"source": "MLI", "target": "RUS", "root": "05"}],
        "events_acceptable": [{"source": "MLI", "target": "RUS", "root": "01"}],
        "events_forbidden": [{"source": "RUS", "target": "MYS"}],
        "actors": [
            {
                "name": "Choguel Kokalla Maiga",
                "mentions": ["Maiga", "PM Maiga"],
                "country": "MLI",
                "sector": "GOV",
            }
        ],
        "not_actors": ["Muhammad Osman"],
        "quotes": [{"speaker": "Choguel Kokalla Maiga", "text_starts": "We consider Russia"}],
        "dates": [{"text": "In August 2022", "value": "2022-08"}],
    }


def maiga(text: str, nth: int = 0) -> dict[str, Any]:
    a = span_actor(SEED_TEXT, text, "MLI", nth)
    a.update(sector=["GOV"], name="Choguel Kokalla Maiga", kind="person")
    return a


def seed_prediction() -> Prediction:
    full, short = maiga("Choguel Kokalla Maiga"), maiga("Maiga", nth=1)
    russia = span_actor(SEED_TEXT, "Russia", "RUS")
    q_start = SEED_TEXT.index('"We')
    q_end = SEED_TEXT.index('," Maiga') + 2
    return Prediction(
        article={"text": SEED_TEXT, "title": "Mali and Russia", "authors": ["Muhammad Osman"]},
        events=[event(full, russia, "05"), event(short, russia, "01")],
        quotes=[
            {"text": SEED_TEXT[q_start:q_end], "start": q_start, "end": q_end, "speaker": short}
        ],
        mentions=[
            {"kind": "actor", "text": "Choguel Kokalla Maiga", "actor": full},
            {"kind": "actor", "text": "Maiga", "actor": short},
            {
                "kind": "time",
                "text": "August 2022",
                "start": SEED_TEXT.index("August"),
                "end": SEED_TEXT.index("August") + 11,
                "value": "2022-08",
                "precision": "month",
            },
        ],
    )


def failing(score_checks: Iterable[Any]) -> list[str]:
    return [c.name for c in score_checks if c.passed is False]


def test_seed_all_checks_pass_on_a_right_output() -> None:
    score = score_seed(seed_gold(), seed_prediction())
    assert failing(score.checks) == []
    # "PM Maiga" is not in this text, so its mention check does not apply.
    assert [c.name for c in score.checks if c.passed is None] == [
        "mention 'PM Maiga' → Choguel Kokalla Maiga"
    ]
    assert score.passed == score.total == 11
    assert score.precision == 1.0 and score.recall == 1.0
    assert score.precision_required == pytest.approx(0.5)


def test_seed_checks_fail_when_they_should() -> None:
    p = seed_prediction()
    assert p.article is not None
    p.article["title"] = "Mali"
    p.article["text"] = SEED_TEXT + " Writer/Editor"
    p.events[0]["negated"] = True  # the required MLI→RUS 05 no longer counts
    p.events.append(event(actor(country="RUS"), actor(country="MYS"), "04", negated=True))
    p.events.append(event("MLI", "FRA", "19"))
    # Every "Choguel Kokalla Maiga" actor now says RUS, so the actor check has nothing right.
    for m in p.mentions[:2]:
        m["actor"] = dict(m["actor"], country="RUS")
    for e in p.events[:2]:
        e["source"] = dict(e["source"], country="RUS")
    p.mentions.append(
        {
            "kind": "actor",
            "text": "Muhammad Osman",
            "actor": actor("Muhammad Osman", name="Muhammad Osman"),
        }
    )
    p.quotes[0]["speaker"] = actor(name="Sergey Lavrov")
    p.mentions[2]["value"] = "2022"
    score = score_seed(seed_gold(), p)
    fails = failing(score.checks)
    assert "title = 'Mali and Russia'" in fails
    assert "text lacks 'Writer/Editor'" in fails
    assert "event MLI→RUS 05" in fails
    assert "no event RUS→MYS" in fails  # forbidden even when negated
    assert "actor Choguel Kokalla Maiga (MLI, GOV)" in fails
    assert "no actor 'Muhammad Osman'" in fails
    assert "quote 'We consider Russia' by Choguel Kokalla Maiga" in fails
    assert "date 'In August 2022' = 2022-08" in fails
    assert score.outside == {("MLI", "FRA", "19"), ("RUS", "RUS", "01")}
    assert score.recall == 0.0


def test_seed_mention_check_needs_every_occurrence_resolved() -> None:
    p = seed_prediction()
    p.mentions = [m for m in p.mentions if m.get("text") != "Maiga"]
    p.events = p.events[:1]
    p.quotes[0]["speaker"] = maiga("Choguel Kokalla Maiga")
    score = score_seed(seed_gold(), p)
    check = next(c for c in score.checks if c.name.startswith("mention 'Maiga'"))
    assert check.passed is False and check.detail == "1/2 occurrences resolved"


def test_seed_rejected_output_fails_its_checks() -> None:
    score = score_seed(seed_gold(), Prediction.missing("binary input"))
    # Only the checks that something is absent pass: must-not-contain, forbidden, not-actor.
    assert score.passed == 3
    assert score.rejected == "binary input"


# --------------------------------------------------------------------------------------------
# Actor tests


def case(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "c",
        "function": "agent_to_code",
        "text": "x",
        "context": None,
        "query_date": None,
        "country": None,
        "igo": None,
        "sector": [],
        "asserts": [],
        "expected": {},
        "pytest": "run",
    }
    return base | kw


def test_actor_case_country_and_sector() -> None:
    c = case(country="RUS", sector=["GOV"], asserts=["country", "sector"])
    ok = score_actor_case(c, actor(country="RUS", sector=["GOV"]))
    assert ok.country_ok and ok.sector_ok and ok.passed
    bad = score_actor_case(c, actor(country="RUS", sector=["GOV", "MIL"]))
    assert bad.country_ok and bad.sector_ok is False
    none = score_actor_case(c, None)
    assert none.country_ok is False and none.sector_ok is False


def test_actor_case_null_country_must_be_null() -> None:
    c = case(country=None, sector=["GOV"], asserts=["country", "sector"])
    assert score_actor_case(c, actor(sector=["GOV"])).country_ok
    assert score_actor_case(c, actor(country="USA", sector=["GOV"])).country_ok is False


def test_actor_case_igo_and_generic_igo() -> None:
    eu = case(igo="EU", asserts=["country", "igo"])
    assert score_actor_case(eu, actor(igo="EU")).country_ok
    assert score_actor_case(eu, actor(igo="UN")).country_ok is False
    generic = case(igo="IGO", asserts=["country", "igo"])
    assert score_actor_case(generic, actor(igo="CSTO")).country_ok
    assert score_actor_case(generic, actor(igo="UN")).country_ok is False


def test_actor_case_sector_any_of_and_expect_none() -> None:
    hez = case(
        country="LBN", sector=[], sector_any_of=["PTY", "REB"], asserts=["country", "sector"]
    )
    assert score_actor_case(hez, actor(country="LBN", sector=["REB"])).passed
    assert score_actor_case(hez, actor(country="LBN", sector=["GOV"])).sector_ok is False
    cat = case(expect_none=True)
    assert score_actor_case(cat, None).none_ok
    assert score_actor_case(cat, actor(country="USA")).none_ok is False


def test_actor_cases_pass_context_and_normalised_dates_and_split_run_from_other() -> None:
    calls: list[tuple[str, str | None, str | None]] = []

    def resolve(text: str, *, context: str | None = None, date: str | None = None) -> Actor | None:
        calls.append((text, context, date))
        return Actor(text, 0, len(text), "RUSGOV", country="RUS", sector=["GOV"])

    cases = [
        case(
            id="a",
            text="Vladimir Putin",
            country="RUS",
            sector=["GOV"],
            asserts=["country", "sector"],
            query_date="Today",
        ),
        case(
            id="b",
            text="PRI",
            country="MEX",
            asserts=["country"],
            args={"known_country": "Mexico"},
            query_date="10 May 2015",
            pytest="xfail",
        ),
        case(id="c", text="the PRI", expected={"title": "x"}),  # asserts nothing: not run
    ]
    score = score_actor_cases(cases, resolve, today=date(2025, 1, 2))
    assert calls == [("Vladimir Putin", None, "2025-01-02"), ("PRI", "Mexico", "2015-05-10")]
    assert score.accuracy("country", run=True) == (1, 1)
    assert score.accuracy("country", run=False) == (0, 1)
    assert score.unscored == 1 and [o.case_id for o in score.failures()] == ["b"]
    assert normalize_query_date("October 1, 2021") == "2021-10-01"
    assert normalize_query_date("1 july 2021") == "2021-07-01"


# --------------------------------------------------------------------------------------------
# Gold files, runners and reports


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_gold_kind_comes_from_content(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "gold.json").write_text(json.dumps(seed_gold()), encoding="utf-8")
    assert load_gold(tmp_path / "s").kind == "seed"
    assert load_gold(tmp_path / "s").name == "s"
    assert load_gold(write_jsonl(tmp_path / "a.txt", [gold_item("a", [])])).kind == "triples"
    assert load_gold(write_jsonl(tmp_path / "b.txt", [pair_row("A", "B", "AGREE")])).kind == "pairs"
    assert load_gold(write_jsonl(tmp_path / "c.json", [case(), case()])).kind == "actors"
    with pytest.raises(UsageError, match="not a gold file"):
        load_gold(write_jsonl(tmp_path / "d.jsonl", [{"id": 1, "text": "x"}]))
    with pytest.raises(UsageError, match="no such gold file"):
        load_gold(tmp_path / "missing.jsonl")


def make_result(raw: RawDocument, events: list[tuple[str, str, str]]) -> DocumentResult:
    article = Article(doc_id="d-" + raw.source_id, source_id=raw.source_id, text=raw.text or "")

    def ev(s: str, t: str, root: str) -> Event:
        return Event(
            event_id="e",
            doc_id=article.doc_id,
            sentence=(0, 1),
            trigger=Span("t", 0, 1),
            source=Actor(s, 0, 1, s, country=s),
            target=Actor(t, 0, 1, t, country=t),
            cameo=root + "0",
            root=root,
            plover=None,
            quad_class=1,
            goldstein=0.0,
        )

    return DocumentResult(article=article, events=[ev(*e) for e in events])


class FakePipeline:
    def __init__(self, answers: dict[str, list[tuple[str, str, str]] | None]) -> None:
        self.answers = answers
        self.seen: list[RawDocument] = []

    def process_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult | Rejection]:
        for raw in raws:
            self.seen.append(raw)
            answer = self.answers[raw.source_id]
            yield Rejection(raw.source_id, "empty") if answer is None else make_result(raw, answer)


def triple_gold_file(tmp_path: Path) -> Path:
    rows = [
        {
            **gold_item("a", [("RUS", "MLI", "04")], "International relations"),
            "text": "Lavrov visits Mali.",
            "published": "2025-02-01",
        },
        {
            **gold_item("b", [("UKR", "RUS", "19")], "Armed conflicts and attacks"),
            "text": "Ukraine strikes Russia.",
            "published": "2025-02-02",
        },
        {**gold_item("c", []), "text": "", "published": None},
    ]
    return write_jsonl(tmp_path / "tri.jsonl", rows)


def test_evaluate_path_runs_the_pipeline_and_reports(tmp_path: Path) -> None:
    fake = FakePipeline({"a": [("RUS", "MLI", "04")], "b": [("RUS", "UKR", "19")], "c": None})
    report = evaluate_path(triple_gold_file(tmp_path), pipeline=fake)
    assert [r.source_id for r in fake.seen] == ["a", "b", "c"]
    assert fake.seen[0].published == "2025-02-01" and fake.seen[0].text == "Lavrov visits Mali."
    m = report.metrics
    assert (m["triple_precision"], m["triple_recall"], m["triple_f1"]) == (0.5, 0.5, 0.5)
    assert m["triple_f1.international_relations"] == 1.0
    assert m["triple_f1.armed_conflicts_and_attacks"] == 0.0
    text = format_report(report)
    assert "04 consult" in text and "19 fight" in text and "rejected 1" in text
    assert report.to_dict()["details"]["by_root"]["19"]["fp"] == 1
    limited = evaluate_path(triple_gold_file(tmp_path), pipeline=fake, limit=1)
    assert limited.metrics["triple_f1"] == 1.0


def test_evaluate_path_rejects_a_pipeline_that_reorders(tmp_path: Path) -> None:
    class Reordering(FakePipeline):
        def process_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult | Rejection]:
            yield from reversed(list(super().process_many(raws)))

    with pytest.raises(Exception, match="input order"):
        evaluate_path(triple_gold_file(tmp_path), pipeline=Reordering({"a": [], "b": [], "c": []}))


def test_evaluate_path_scores_a_dyad_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_jsonl(
        out / "articles.jsonl", [{"doc_id": "d1", "source_id": "a", "text": "Lavrov visits Mali."}]
    )
    write_jsonl(out / "events.jsonl", [dict(event("RUS", "MLI", "04"), doc_id="d1")])
    write_jsonl(out / "rejected.jsonl", [{"input": "b", "reason": "too short"}])
    preds = read_predictions(out)
    assert preds["b"].rejected == "too short"
    report = evaluate_path(triple_gold_file(tmp_path), predictions=out)
    assert report.metrics["triple_precision"] == 1.0 and report.metrics["triple_recall"] == 0.5


def test_evaluate_path_seed_feeds_the_article_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "gold.json").write_text(json.dumps(seed_gold()), encoding="utf-8")
    fake = FakePipeline({str(tmp_path / "a.txt"): [("MLI", "RUS", "05"), ("MLI", "FRA", "19")]})
    report = evaluate_path(tmp_path / "gold.json", pipeline=fake)
    assert fake.seen[0].text == SEED_TEXT
    assert report.kind == "seed"
    assert report.metrics["seed_event_recall"] == 1.0
    assert report.metrics["seed_event_precision"] == 0.5
    text = format_report(report)
    assert "PASS  event MLI→RUS 05" in text and "FAIL  title" in text
    assert "outside required ∪ acceptable: MLI→FRA 19" in text


def test_main_eval_reports_missing_resolver_and_bad_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    actors = write_jsonl(tmp_path / "ngec.jsonl", [case(country="RUS", asserts=["country"])])
    monkeypatch.setitem(sys.modules, "dyad.actors", None)  # as if dyad.actors were not written yet
    with pytest.raises(EvalUnavailable, match=r"dyad\.actors does not exist yet"):
        evaluate_path(actors)
    assert main_eval([str(actors)], as_json=False, limit=None) == 1
    assert "dyad.actors does not exist yet" in capsys.readouterr().err
    assert main_eval([str(tmp_path / "nope.jsonl")], as_json=True, limit=None) == 2
    assert "no such gold file" in capsys.readouterr().err


def test_main_eval_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_jsonl(out / "articles.jsonl", [{"doc_id": "d1", "source_id": "a", "text": "x"}])
    status = main_eval(
        [str(triple_gold_file(tmp_path))], as_json=True, limit=2, predictions=str(out)
    )
    assert status == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["kind"] == "triples" and report["metrics"]["triple_recall"] == 0.0


def test_items_sharing_a_text_are_run_once_and_share_the_result(tmp_path: Path) -> None:
    # The pipeline rejects repeated content, so the evaluator must not feed it twice.
    rows = [
        {
            **gold_item("a", [("RUS", "MLI", "04")]),
            "text": "Lavrov visits Mali.",
            "published": "2025-02-01",
        },
        {
            **gold_item("b", [("RUS", "MLI", "04")]),
            "text": "Lavrov  visits Mali.",
            "published": "2025-02-01",
        },
    ]
    fake = FakePipeline({"a": [("RUS", "MLI", "04")]})
    report = evaluate_path(write_jsonl(tmp_path / "dup.jsonl", rows), pipeline=fake)
    assert [r.source_id for r in fake.seen] == ["a"]
    assert report.metrics["triple_recall"] == 1.0


def test_seed_output_folder_is_matched_by_file_name(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "gold.json").write_text(json.dumps(seed_gold()), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    article = {"doc_id": "d1", "source_id": "elsewhere/a.txt", "text": SEED_TEXT}
    write_jsonl(out / "articles.jsonl", [dict(article, title="Mali and Russia")])
    report = evaluate_path(tmp_path, predictions=out)
    assert report.name == tmp_path.name
    assert "PASS  title = 'Mali and Russia'" in format_report(report)
