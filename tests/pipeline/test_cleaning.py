"""Cleaning a raw caption: mojibake repaired, markup dropped, lone surrogates replaced, and
what was done said in the warnings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from captionie.pipeline.cleaning import clean_caption


def _damaged(text: str, encoding: str = "cp1252") -> str:
    """``text`` as UTF-8 read back in ``encoding``: mojibake."""
    return text.encode("utf-8").decode(encoding)


@pytest.mark.parametrize("text", [
    "jsc2015e012345 - St. Basil’s Cathedral on Red Square, Moscow.",
    "Expedition 53 crew members Sergey Ryazanskiy of Roscosmos and Randy Bresnik at the Gagarin Cosmonaut Training Center in Star City, Russia – Oct. 5, 2017.",
    "Pilot Jörg Müller with the crew of ‘Soyuz MS-05’ in Zhezkazgan.",
    "Café at the Musée de l’Air, Le Bourget, 1960.",
])
def test_mojibake_is_repaired(text: str) -> None:
    damaged = _damaged(text)
    assert damaged != text
    cleaned = clean_caption(damaged)
    assert cleaned.text == text
    assert cleaned.changed and "mojibake repaired" in cleaned.warnings


def test_a_repeated_damaged_caption_is_repaired_the_same_way() -> None:
    damaged = _damaged("St. Basil’s Cathedral") + " in Moscow"
    assert clean_caption(damaged) == clean_caption(damaged)
    assert clean_caption(damaged).text == "St. Basil’s Cathedral in Moscow"


def test_markup_is_dropped_keeping_link_text_and_decoding_entities() -> None:
    cleaned = clean_caption('<p>The <a href="https://www.nasa.gov">Soyuz</a> landed &amp; the crew&#8217;s <i>fine</i>.</p>')
    assert cleaned.text == "The Soyuz landed & the crew’s fine."
    assert cleaned.warnings == ["html markup removed"]


def test_damage_and_markup_together() -> None:
    cleaned = clean_caption(_damaged("Bresnik’s") + " <i>crew</i> &amp; 5")
    assert cleaned.text == "Bresnik’s crew & 5"
    assert cleaned.warnings == ["mojibake repaired", "html markup removed"]


def test_lone_surrogates_become_replacement_characters_one_for_one() -> None:
    raw = "Soyuz \ud800 lands"
    cleaned = clean_caption(raw)
    assert cleaned.text == "Soyuz \ufffd lands" and len(cleaned.text) == len(raw)
    assert cleaned.warnings == ["lone surrogates replaced by U+FFFD",
                                "text contains U+FFFD replacement characters (lost bytes)"]


@given(st.text(alphabet=st.characters(max_codepoint=0x7F, blacklist_characters="<&"), max_size=80))
def test_ascii_without_markup_is_left_as_it_is(text: str) -> None:
    cleaned = clean_caption(text)
    assert (cleaned.text, cleaned.changed, cleaned.warnings) == (text, False, [])


@given(st.text(alphabet="abc é’–“”Łł€Ö©\n", max_size=40))
def test_text_that_is_not_damaged_is_left_as_it_is(text: str) -> None:
    """Correct non-ASCII text (no UTF-8 read as cp1252 in it) is not "repaired"."""
    cleaned = clean_caption(text)
    assert cleaned.text == text and not cleaned.changed


def test_no_ascii_character_starts_a_mojibake_hint() -> None:
    """Cleaning looks for mojibake only in non-ASCII text: no hint may start with an ASCII
    character (every second character up to U+2200 tried: the pattern's all lie below it)."""
    from captionie.pipeline import cleaning

    seconds = [chr(cp) for cp in range(0x2200)]
    assert not [c for c in map(chr, range(128)) for d in seconds if cleaning._MOJIBAKE_HINT.match(c + d)]
