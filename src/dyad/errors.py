"""dyad's exception tree. Every message says what went wrong and how to fix it.

DyadError
├── InputError          an input that cannot be used (the batch goes on; it becomes a rejected line)
│   ├── EmptyInput
│   ├── BinaryInput
│   ├── EncodingError
│   ├── TruncatedInput
│   └── MalformedInput
├── UsageError          a bad command line or argument (exit status 2)
├── ModelError          a required NLP model is not installed
└── DataError           a lexicon, codebook or gold file is broken
"""

from __future__ import annotations


class DyadError(Exception):
    """Base of every error dyad raises on purpose."""


class InputError(DyadError):
    """An input could not be turned into an article; the rest of the batch goes on."""


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class EncodingError(InputError):
    pass


class TruncatedInput(InputError):
    pass


class MalformedInput(InputError):
    pass


class OversizedInput(InputError):
    pass


class UnsupportedInput(InputError):
    pass


class MissingInput(InputError):
    pass


class UsageError(DyadError):
    pass


class ModelError(DyadError):
    pass


class DataError(DyadError):
    pass
