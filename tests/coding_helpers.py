"""Helpers shared by the actor and event coding tests."""

from __future__ import annotations

from dyad.pipeline import Pipeline
from dyad.records import DocumentResult, RawDocument

Triple = tuple[str | None, str | None, str]


def run(pipeline: Pipeline, text: str) -> DocumentResult:
    return pipeline.process(RawDocument(source_id="test", text=text, published="2024-05-02"))


def triples(result: DocumentResult) -> set[Triple]:
    """(source key, target key, root) of the events evaluation counts: not denied, not
    hypothetical."""
    return {
        (e.source.key, e.target.key if e.target else None, e.root)
        for e in result.events
        if not e.negated and e.modality != "hypothetical"
    }


def all_events(result: DocumentResult) -> list[tuple[str | None, str | None, str, str, bool]]:
    """Every event as (source key, target key, root, modality, negated)."""
    return [
        (e.source.key, e.target.key if e.target else None, e.root, e.modality, e.negated)
        for e in result.events
    ]
