"""Exact and near-duplicate articles: the same wire story on several sites is coded once.

Each article's cleaned text becomes a set of word 5-shingles ("the two ministers met on"),
summarised by a MinHash signature of 64 values; locality-sensitive hashing (16 bands of 4
values) finds the earlier articles that may be near-duplicates without comparing against all of
them, and the signatures then estimate how much text two articles share. Two articles are
near-duplicates when their shingle sets overlap by Jaccard >= `threshold`, or when nearly all of
the shorter one is inside the longer (a reprint cut short, or one with a local paragraph added).

Memory is bounded: the index remembers at most `capacity` articles and forgets the oldest first,
which suits news, where copies of a story arrive close together. Everything is deterministic
(fixed hash seeds), so the same inputs link the same way on every run and machine.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# A Mersenne prime above 2**32: the universal hash (a*x + b) mod p permutes 32-bit shingle hashes.
_PRIME = np.uint64((1 << 61) - 1)
_MASK = np.uint64(0xFFFFFFFF)
_WORD = re.compile(r"\w+")

Signature = npt.NDArray[np.uint32]


@dataclass(slots=True)
class _Entry:
    doc_id: str
    signature: Signature
    shingles: int


class DuplicateIndex:
    """Finds, for each new article, an earlier exact or near-duplicate one (or None)."""

    def __init__(
        self,
        *,
        threshold: float = 0.8,
        containment: float = 0.9,
        capacity: int = 50_000,
        num_perm: int = 64,
        bands: int = 16,
        shingle_words: int = 5,
        min_words: int = 40,
    ) -> None:
        if num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self.threshold = threshold
        self.containment = containment
        self.capacity = capacity
        self.bands = bands
        self.rows = num_perm // bands
        self.shingle_words = shingle_words
        # Shorter texts are only matched exactly: a few shingles say little about sameness.
        self.min_words = min_words
        rng = np.random.default_rng(20240305)
        # a, b < 2**32, so a*x + b stays below 2**64 for 32-bit x: no overflow in uint64.
        self._a = rng.integers(1, 1 << 32, size=num_perm, dtype=np.uint64)
        self._b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64)
        self._entries: OrderedDict[int, _Entry] = OrderedDict()
        # Band key -> serial of the one article in that bucket, or a list when several share it
        # (rare), which keeps the index to about 3 KB an article.
        self._buckets: dict[int, int | list[int]] = {}
        self._exact: OrderedDict[str, None] = OrderedDict()
        self._serial = 0

    def __len__(self) -> int:
        return len(self._exact)

    def check_and_add(self, doc_id: str, text: str) -> str | None:
        """The doc_id of an earlier duplicate of `text`, or None after remembering this one.

        `doc_id` is the content id (dyad.pipeline.content_id): the same id means the same text.
        A duplicate is not added, so later copies link to the first article of the story.
        """
        if doc_id in self._exact:
            self._exact.move_to_end(doc_id)
            return doc_id
        return self.check_and_add_fingerprint(doc_id, *self.fingerprint(text))

    def fingerprint(self, text: str) -> tuple[Signature | None, int]:
        """(MinHash signature, shingle count) of `text`; no signature for a text too short to
        match other than exactly. Engines compute these in parallel, then index in order."""
        words = words_of(text)
        if len(words) < self.min_words:
            return None, 0
        hashes = shingle_hashes(words, self.shingle_words)
        return self.signature(hashes), len(hashes)

    def check_and_add_fingerprint(
        self, doc_id: str, signature: Signature | None, count: int
    ) -> str | None:
        """check_and_add for an article whose fingerprint is already computed."""
        if doc_id in self._exact:
            self._exact.move_to_end(doc_id)
            return doc_id
        if signature is not None:
            found = self._best_match(signature, count)
            if found is not None:
                return found
        self._add(doc_id, signature, count)
        return None

    def signature(self, hashes: npt.NDArray[np.uint64]) -> Signature:
        """The MinHash signature of a set of 32-bit shingle hashes."""
        permuted = (self._a[:, None] * hashes[None, :] + self._b[:, None]) % _PRIME
        signature: Signature = (permuted & _MASK).min(axis=1).astype(np.uint32)
        return signature

    # ---- internals --------------------------------------------------------------------------

    def _band_keys(self, signature: Signature) -> tuple[int, ...]:
        rows = signature.reshape(self.bands, self.rows)
        return tuple(hash((band, rows[band].tobytes())) for band in range(self.bands))

    def _best_match(self, signature: Signature, count: int) -> str | None:
        candidates: set[int] = set()
        for key in self._band_keys(signature):
            found = self._buckets.get(key)
            if isinstance(found, int):
                candidates.add(found)
            elif found is not None:
                candidates.update(found)
        best: tuple[float, str] | None = None
        for serial in candidates:
            entry = self._entries[serial]
            jaccard = float(np.mean(entry.signature == signature))
            if self._near(jaccard, count, entry.shingles) and (best is None or jaccard > best[0]):
                best = (jaccard, entry.doc_id)
        return best[1] if best is not None else None

    def _near(self, jaccard: float, count: int, other: int) -> bool:
        if jaccard >= self.threshold:
            return True
        if jaccard <= 0.0:
            return False
        # |A ∩ B| = J (|A| + |B|) / (1 + J); containment is that over the smaller set.
        shared = jaccard * (count + other) / (1.0 + jaccard)
        return shared / max(1, min(count, other)) >= self.containment

    def _add(self, doc_id: str, signature: Signature | None, count: int) -> None:
        self._exact[doc_id] = None
        if signature is not None:
            self._serial += 1
            serial = self._serial
            self._entries[serial] = _Entry(doc_id, signature, count)
            for key in self._band_keys(signature):
                found = self._buckets.get(key)
                if found is None:
                    self._buckets[key] = serial
                elif isinstance(found, int):
                    self._buckets[key] = [found, serial]
                else:
                    found.append(serial)
        while len(self._exact) > self.capacity:
            self._exact.popitem(last=False)
        while len(self._entries) > self.capacity:
            self._forget_oldest()

    def _forget_oldest(self) -> None:
        serial, entry = self._entries.popitem(last=False)
        for key in self._band_keys(entry.signature):
            found = self._buckets.get(key)
            if found == serial:
                del self._buckets[key]
            elif isinstance(found, list) and serial in found:
                found.remove(serial)
                if len(found) == 1:
                    self._buckets[key] = found[0]


def words_of(text: str) -> list[str]:
    """The text's words, case-folded and NFKC-normalised, punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(words: list[str], size: int) -> npt.NDArray[np.uint64]:
    """32-bit hashes (CRC-32, stable across runs) of the distinct word n-grams of `words`."""
    grams = {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}
    return np.fromiter(
        (zlib.crc32(gram.encode("utf-8")) for gram in grams), dtype=np.uint64, count=len(grams)
    )
