"""The API fuzzed from its own OpenAPI document with schemathesis: no input gives a 5xx.

Every operation of /api/openapi.json is called with generated valid and invalid parameters
over ASGI (no network), on a store with real-shaped data; ingest is fuzzed with a token set,
so its authorisation and body validation are exercised as well.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from dyad.api import create_app
from dyad.store import Store
from dyad.synthetic import synthetic_documents

DB = Path(tempfile.mkdtemp(prefix="dyad-fuzz-")) / "store.duckdb"


def _app() -> FastAPI:
    # Built at import, as schemathesis needs the schema to generate the tests.
    for leftover in (DB, DB.with_name(DB.name + ".wal")):
        leftover.unlink(missing_ok=True)
    with Store(DB) as store:
        store.add(synthetic_documents(60, events_per_article=5, seed=21))
    # A token that fuzzed requests will not guess: ingest answers 401/422, never runs.
    return create_app(DB, token="fuzz-token-never-sent")


APP = _app()
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield None
    APP.state.dyad.store.close()
    for leftover in (DB, DB.with_name(DB.name + ".wal")):
        leftover.unlink(missing_ok=True)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_a_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
