"""Near-duplicate detection: the same story on several sites is linked to its first copy."""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np
import pytest

from dyad.clean import clean_document
from dyad.dedupe import DuplicateIndex, shingle_hashes, words_of
from dyad.records import RawDocument

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_857e34fc77add78a.txt"
OTHER = REPO / "tests" / "golden" / "clean" / "wire_story.txt"


def cleaned(path: Path) -> str:
    return clean_document(RawDocument(path.name, text=path.read_text(encoding="utf-8"))).text


@pytest.fixture(scope="module")
def story() -> str:
    return cleaned(SEED)


def test_exact_duplicate_is_its_own_id(story: str) -> None:
    index = DuplicateIndex()
    assert index.check_and_add("d1", story) is None
    assert index.check_and_add("d1", story) == "d1"


def test_the_same_wire_story_on_another_site(story: str) -> None:
    paragraphs = story.split("\n\n")
    # Another site: its own dateline, one paragraph left out, a line of its own at the end.
    reprint = "\n\n".join(
        ["BAMAKO (Reuters) -", *paragraphs[:2], *paragraphs[3:], "Reporting by our Mali desk."]
    )
    index = DuplicateIndex()
    assert index.check_and_add("original", story) is None
    assert index.check_and_add("reprint", reprint) == "original"


def test_a_reprint_cut_short_is_still_the_same_story(story: str) -> None:
    words = story.split()
    index = DuplicateIndex()
    assert index.check_and_add("full", story) is None
    # Only the first 45% of the words: their Jaccard similarity is low, containment is high.
    assert index.check_and_add("short", " ".join(words[: int(len(words) * 0.45)])) == "full"


def test_different_stories_are_not_linked(story: str) -> None:
    index = DuplicateIndex()
    other = cleaned(OTHER)
    shared = "Follow us for more news from the region and around the world every day."
    assert index.check_and_add("mali", f"{story}\n\n{shared}") is None
    assert index.check_and_add("other", f"{other}\n\n{shared}") is None


def test_a_rewritten_story_on_the_same_events_is_not_a_duplicate(story: str) -> None:
    """Every fourth word changed: a different text about the same facts is coded on its own."""
    words = story.split()
    rewritten = " ".join("varied" if i % 4 == 0 else word for i, word in enumerate(words))
    index = DuplicateIndex()
    index.check_and_add("a", story)
    assert index.check_and_add("b", rewritten) is None


def test_short_texts_only_match_exactly() -> None:
    index = DuplicateIndex()
    assert index.check_and_add("s1", "Talks resume in Geneva on Monday.") is None
    assert index.check_and_add("s2", "Talks resume in Geneva on Tuesday.") is None
    assert index.check_and_add("s1", "Talks resume in Geneva on Monday.") == "s1"


def test_memory_is_bounded_and_the_oldest_are_forgotten(story: str) -> None:
    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(3000)]
    index = DuplicateIndex(capacity=50)
    index.check_and_add("first", story)
    for n in range(200):
        index.check_and_add(f"doc{n}", " ".join(rng.choice(vocabulary) for _ in range(120)))
    assert len(index) == 50
    assert len(index._entries) == 50
    # Every bucket points at a remembered article: nothing leaks as articles are forgotten.
    assert len(index._buckets) <= 50 * index.bands
    # The first story has been forgotten, so its copy is new again.
    assert index.check_and_add("copy", story) is None


def test_deterministic_and_case_and_punctuation_blind(story: str) -> None:
    one, two = DuplicateIndex(), DuplicateIndex()
    hashes = shingle_hashes(words_of(story), 5)
    assert np.array_equal(one.signature(hashes), two.signature(hashes))
    index = DuplicateIndex()
    index.check_and_add("a", story)
    assert index.check_and_add("b", story.upper().replace(",", "")) == "a"


def test_fast_enough_for_a_stream(story: str) -> None:
    index = DuplicateIndex()
    started = time.perf_counter()
    for n in range(50):
        index.check_and_add(f"d{n}", f"{n} {story}")
    # A few milliseconds an article: nothing next to parsing it.
    assert time.perf_counter() - started < 5
