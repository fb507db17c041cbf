"""dyad: structured, source-linked political event data from news articles."""

from dyad.errors import DataError, DyadError, InputError, ModelError, UsageError
from dyad.records import (
    Actor,
    Article,
    CleanDocument,
    DocumentResult,
    Event,
    Location,
    Mention,
    Quote,
    RawDocument,
    Rejection,
    Span,
    TimeMention,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "CleanDocument",
    "DataError",
    "DocumentResult",
    "DyadError",
    "Event",
    "InputError",
    "Location",
    "Mention",
    "ModelError",
    "Quote",
    "RawDocument",
    "Rejection",
    "Span",
    "TimeMention",
    "UsageError",
    "__version__",
]
