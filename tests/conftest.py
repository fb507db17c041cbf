"""Fixtures shared by the coding tests."""

from __future__ import annotations

import pytest

from dyad.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    # Language detection is not under test here; short sentences are English by construction.
    # A module that needs another pipeline (French, a publication date) defines its own.
    return Pipeline(lang="en")
