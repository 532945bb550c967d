"""CelestialMatcher on its own: listed names and their cues, designations and feature names
by shape (one value per object whatever its written form), constellations from astropy's
data file, and names that belong to a rocket, a program or an office instead."""

from __future__ import annotations

import sys

import pytest
import spacy

from captionie import resources
from captionie.matching.celestial import CelestialMatcher, constellations


@pytest.fixture(scope="module")
def matcher() -> CelestialMatcher:
    return CelestialMatcher(spacy.blank("en"))


def found(matcher: CelestialMatcher, text: str) -> list[tuple[str, str]]:
    doc = spacy.blank("en").make_doc(text)
    return [(m.text, m.value) for m in matcher.find(doc, text)]


def test_a_catalog_number_and_a_common_name_give_one_value(matcher: CelestialMatcher) -> None:
    text = "Hubble sees M33, the Triangulum Galaxy, and Messier 31 beside the Whirlpool galaxy (M51)."
    assert found(matcher, text) == [("M33", "Triangulum Galaxy"), ("Triangulum Galaxy", "Triangulum Galaxy"),
                                    ("Messier 31", "Andromeda Galaxy"), ("Whirlpool galaxy", "Whirlpool Galaxy"),
                                    ("M51", "Whirlpool Galaxy")]
    mentions = matcher.find(spacy.blank("en").make_doc(text), text)
    assert mentions[0].attrs == {"country": None, "kind": "celestial", "kb_id": mentions[1].attrs["kb_id"]}


def test_bare_designations_are_normalized(matcher: CelestialMatcher) -> None:
    text = ("The galaxy NGC4261 and NGC 4261, M 100, the star HD 209458 with its planet HD 209458 b, "
            "Kepler-186f, 51 Pegasi b, PSR B1919+21, the quasar 3C 273 and SN 1987A.")
    assert [value for _, value in found(matcher, text)] == [
        "NGC 4261", "NGC 4261", "Messier 100", "HD 209458", "HD 209458 b", "Kepler-186f", "51 Pegasi b",
        "PSR B1919+21", "3C 273", "SN 1987A"]


def test_shapes_other_things_share_need_an_astronomy_caption(matcher: CelestialMatcher) -> None:
    assert found(matcher, "The M1 tank, the M2-F1 lifting body and an M16 rifle at the range.") == []
    assert found(matcher, "A tank, the M1, near the Crab Nebula.") == [("M1", "Crab Nebula"), ("Crab Nebula", "Crab Nebula")]


def test_comets_and_asteroids(matcher: CelestialMatcher) -> None:
    text = ("Deep Space 1 flew by the near-Earth asteroid 1992 KD and Stardust met comet Wild 2; "
            "Comet Shoemaker-Levy 9 hit Jupiter, Comet Kohoutek passed, and so did comet Hyakutake, "
            "67P/Churyumov-Gerasimenko, C/1995 O1, comet Swift-Tuttle, (4179) Toutatis and asteroid Ida.")
    assert found(matcher, text) == [
        ("Earth", "Earth"), ("1992 KD", "9969 Braille"), ("Wild 2", "81P/Wild"),
        ("Comet Shoemaker-Levy 9", "Comet Shoemaker-Levy 9"), ("Jupiter", "Jupiter"),
        ("Comet Kohoutek", "Comet Kohoutek"), ("Hyakutake", "Comet Hyakutake"),
        ("67P/Churyumov-Gerasimenko", "Comet 67P/Churyumov-Gerasimenko"), ("C/1995 O1", "Comet Hale-Bopp"),
        ("Swift-Tuttle", "Comet Swift-Tuttle"), ("(4179) Toutatis", "4179 Toutatis"), ("Ida", "243 Ida")]


def test_surface_features_by_their_descriptor_term(matcher: CelestialMatcher) -> None:
    text = ("Pathfinder landed in Ares Vallis; Magellan mapped Lada Terra, Sedna Planitia and Maat Mons; "
            "the crater Copernicus, Tycho crater, Mare Tranquillitatis, Mare Nubium Basin and Hellas.")
    assert found(matcher, text) == [
        ("Ares Vallis", "Ares Vallis"), ("Lada Terra", "Lada Terra"), ("Sedna Planitia", "Sedna Planitia"),
        ("Maat Mons", "Maat Mons"), ("Copernicus", "Copernicus Crater"), ("Tycho crater", "Tycho Crater"),
        ("Mare Tranquillitatis", "Sea of Tranquility"), ("Mare Nubium", "Sea of Clouds"), ("Hellas", "Hellas Planitia")]
    kinds = {m.attrs["kind"] for m in matcher.find(spacy.blank("en").make_doc(text), text)}
    assert kinds == {"planetary_feature"}


def test_generic_words_are_no_feature_names(matcher: CelestialMatcher) -> None:
    assert found(matcher, "The crater is young. This Crater, an Impact Crater, and a Spiral Galaxy; the Mare Island yard.") == []


def test_names_that_need_a_cue(matcher: CelestialMatcher) -> None:
    assert found(matcher, "Miranda Smith and Ariel Jones met Castor, the second stage.") == []
    assert found(matcher, "Voyager 2 imaged Miranda and Ariel, moons of Uranus.") == [
        ("Miranda", "Miranda"), ("Ariel", "Ariel"), ("Uranus", "Uranus")]
    # A cue in the caption, but the name is a person's.
    assert found(matcher, "Astronaut M. Rhea Seddon deployed the satellite; Miranda Smith watched.") == []


def test_rockets_programs_and_offices_are_not_the_body(matcher: CelestialMatcher) -> None:
    text = ("Modified Saturn launch vehicles, a Titan IVB, the Gemini-Titan launch, the Mercury capsule, "
            "Earth Resources Experiments and Mission to Planet Earth; a Jupiter-C and the Jupiter-A. "
            "Cassini left for Saturn and its moon Titan; Mariner 10 mapped the planet Mercury.")
    assert found(matcher, text) == [("Saturn", "Saturn"), ("Titan", "Titan"), ("Mercury", "Mercury")]
    assert text.index("Saturn and") == matcher.find(spacy.blank("en").make_doc(text), text)[0].start


def test_constellations_after_or_before_the_word(matcher: CelestialMatcher) -> None:
    text = "It lies in the constellation Sagittarius, near the Orion constellation; Gemini 7 flew."
    mentions = matcher.find(spacy.blank("en").make_doc(text), text)
    assert [(m.text, m.attrs["kb_id"]) for m in mentions] == [
        ("Sagittarius", "celestial:constellation-sgr"), ("Orion", "celestial:constellation-ori")]


def test_the_88_constellations_come_from_astropy_without_importing_it() -> None:
    names = constellations()
    assert len(names) == 88
    assert names["Oph"] == "Ophiuchus" and names["PsA"] == "Piscis Austrinus"  # the file's spellings corrected
    assert "astropy" not in sys.modules or "astropy.coordinates" not in sys.modules


def test_an_acronym_defined_after_a_name_names_the_same_object(matcher: CelestialMatcher) -> None:
    text = "Ice in the South Pole-Aitken Basin (SPA) of the Moon; the SPA is the largest crater."
    assert found(matcher, text) == [("South Pole-Aitken Basin", "South Pole-Aitken Basin"),
                                    ("SPA", "South Pole-Aitken Basin"), ("Moon", "Moon"),
                                    ("SPA", "South Pole-Aitken Basin")]


def test_storms_are_not_places(matcher: CelestialMatcher) -> None:
    text = "Clouds over the Great Dark Spot (GDS) on Neptune and the Great Red Spot of Jupiter."
    assert found(matcher, text) == [("Neptune", "Neptune"), ("Jupiter", "Jupiter")]


def test_celestial_entries_keep_the_ids_they_had_as_places() -> None:
    ids = {entry.name: entry.id for entry in resources.celestial()}
    assert ids["Earth"] == "place:earth" and ids["Tycho Crater"] == "place:tycho-crater"
    assert ids["Andromeda Galaxy"] == "place:andromeda-galaxy"
    assert not any(entry.kind == "celestial_body" for entry in resources.places())


def test_mercury_quadrangles(matcher: CelestialMatcher) -> None:
    text = "Mariner 10 mosaic of the northern half of Mercury Shakespeare Quadrangle and the Tolstoj quadrangle."
    assert found(matcher, text) == [("Mercury", "Mercury"), ("Shakespeare Quadrangle", "Shakespeare quadrangle"),
                                    ("Tolstoj quadrangle", "Tolstoj quadrangle")]
