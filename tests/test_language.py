"""Language identification: function words decide English vs French; langid the rest."""

from __future__ import annotations

import pytest

from dyad import language
from dyad.language import detect_language, load_function_words

ENGLISH = (
    "The foreign ministers of the two countries met in the capital on Monday to discuss trade "
    "and security. It was their first meeting since the border clashes in January, and officials "
    "said that a second round of talks would be held in April."
)
FRENCH = (
    "Les ministres des Affaires étrangères des deux pays se sont rencontrés lundi dans la capitale "
    "pour discuter du commerce et de la sécurité. C'est leur première rencontre depuis les "
    "affrontements de janvier, et selon les responsables, une deuxième série de pourparlers aura "
    "lieu en avril."
)
SPANISH = (
    "Los ministros de Asuntos Exteriores de los dos países se reunieron el lunes en la capital "
    "para discutir el comercio y la seguridad. Fue su primera reunión desde los enfrentamientos "
    "de enero, y según los funcionarios, una segunda ronda de conversaciones se celebrará en abril."
)


def langid_calls() -> int:
    info = language._langid.cache_info()
    return info.hits + info.misses


@pytest.mark.parametrize(("text", "code"), [(ENGLISH, "en"), (FRENCH, "fr")])
def test_english_and_french_take_the_fast_path(text: str, code: str) -> None:
    before = langid_calls()
    lang, confidence = detect_language(text)
    assert lang == code
    assert 0.8 <= confidence <= 1.0
    assert langid_calls() == before  # langid's model was not needed


def test_english_possessive_is_not_french_elision() -> None:
    text = "Mali’s minister’s plan is the country’s answer to the region’s crisis. " * 3
    assert detect_language(text)[0] == "en"


def test_other_languages_go_to_langid() -> None:
    before = langid_calls()
    lang, confidence = detect_language(SPANISH)
    assert lang == "es"
    assert confidence > 0.9
    assert langid_calls() == before + 1


def test_short_text_goes_to_langid() -> None:
    before = langid_calls()
    lang, _ = detect_language("Bonjour à tous, merci beaucoup")
    assert lang == "fr"
    assert langid_calls() == before + 1


def test_text_without_letters_is_undetermined() -> None:
    assert detect_language("") == ("und", 0.0)
    assert detect_language("12 345 — !!") == ("und", 0.0)


def test_function_words_are_data_and_each_word_counts_for_one_language() -> None:
    table = load_function_words()
    assert {"en", "fr"} <= table.decides
    assert "the" in table.profiles["en"] and "les" in table.profiles["fr"]
    # "de" is French and Dutch: it says nothing on its own, so no profile keeps it.
    assert all("de" not in words for words in table.profiles.values())
    seen: set[str] = set()
    for words in table.profiles.values():
        assert not seen & words
        seen |= words


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ana María Núñez takes office as Governor of Nuevo León.", "en"),
        ("The Prime Minister of São Tomé and Príncipe dismisses the Government.", "en"),
        ("El presidente de la república dimitió ayer.", "es"),
        ("Le gouvernement de Bamako a démissionné.", "fr"),
    ],
)
def test_a_one_line_item_is_read_by_its_function_words(text: str, lang: str) -> None:
    assert detect_language(text)[0] == lang
