"""Spacecraft of the 1920-1999 archive: Shuttle orbiters and missions, Apollo call signs,
programs standing alone, serials mapped to their craft, and what is not a spacecraft."""

from __future__ import annotations

import pytest

from captionie import extract


def _spacecraft(text: str) -> list[tuple[str, str, str]]:
    return [(m["text"], m["value"], m["kind"]) for m in extract(text)["spacecraft"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("During STS-32, onboard Columbia, Orbiter Vehicle (OV) 102, a leak was found.",
     [("STS-32", "STS-32", "mission"), ("Columbia", "Space Shuttle Columbia", "crew_vehicle"),
      ("Orbiter Vehicle (OV) 102", "Space Shuttle Columbia", "crew_vehicle")]),
    ("The orbiter Atlantis rolls to Pad 39A.", [("Atlantis", "Space Shuttle Atlantis", "crew_vehicle")]),
    ("The space shuttle Endeavour lands at KSC.",
     [("space shuttle Endeavour", "Space Shuttle Endeavour", "crew_vehicle")]),
    ("The crew of Mission 51-L and the 41-G crew in training for the Shuttle.",
     [("Mission 51-L", "STS-51-L", "mission"), ("41-G", "STS-41-G", "mission")]),
    ("Candid views of the STS-33/51L crew.", [("STS-33/51L", "STS-51-L", "mission")]),
])
def test_shuttle_orbiters_and_missions(text: str, expected: list) -> None:
    assert _spacecraft(text) == expected


@pytest.mark.parametrize("text", [
    "The Columbia River flows past Portland.",
    "Snow covers British Columbia.",
    "The discovery of a new comet was announced.",
    "Atlantis, the lost city of legend.",
])
def test_orbiter_names_that_name_something_else(text: str) -> None:
    assert [value for _, value, _ in _spacecraft(text)] == []


def test_call_signs_need_their_module_or_their_flight() -> None:
    assert _spacecraft('Armstrong and Aldrin descended in the Lunar Module (LM) "Eagle" to the surface.') == [
        ("Eagle", "Eagle", "crew_vehicle")]
    assert _spacecraft("Collins piloted the CM, Columbia, in lunar orbit.") == [
        ("Columbia", "Columbia", "crew_vehicle")]
    assert _spacecraft("An eagle flies over the marsh.") == []
    assert _spacecraft("A bald Eagle nests near the causeway.") == []


def test_an_apollo_flight_in_a_shuttle_caption_leaves_the_name_to_the_orbiter() -> None:
    found = _spacecraft("Apollo 11 veterans watched as Columbia lifted off from Pad 39A on STS-1.")
    assert ("Columbia", "Space Shuttle Columbia", "crew_vehicle") in found


@pytest.mark.parametrize(("text", "expected"), [
    ("Former Apollo program astronauts toured the site.", [("Apollo", "Apollo", "mission")]),
    ("Glenn enters the Mercury capsule.", [("Mercury", "Mercury", "mission")]),
    ("A Project Mercury pressure suit.", [("Project Mercury", "Mercury", "mission")]),
    ("Diagram of Gemini spacecraft re-entry communications.", [("Gemini", "Gemini", "mission")]),
    ("The planet Mercury seen by the spacecraft.", []),
    ("Mercury is the closest planet to the Sun.", []),
])
def test_programs_standing_alone(text: str, expected: list) -> None:
    assert _spacecraft(text) == expected


@pytest.mark.parametrize(("text", "value", "kind"), [
    ("the GOES-K satellite", "GOES-10", "satellite"),
    ("Geostationary Operational Environmental Satellite A", "GOES-1", "satellite"),
    ("the TDRS-D satellite", "TDRS-4", "satellite"),
    ("Mir-22 crew members", "Mir EO-22", "mission"),
    ("the Mir 24 crew", "Mir EO-24", "mission"),
    ("Apollo 16 (SA-511) lifted off", "Saturn V", "launch_vehicle"),
    ("launched on an Atlas 1 expendable launch vehicle", "Atlas I", "launch_vehicle"),
    ("An Atlas IIA rocket is transported", "Atlas II", "launch_vehicle"),
    ("the AC-79 vehicle", "Atlas I", "launch_vehicle"),
    ("aboard a Boeing Delta 7426 rocket", "Delta II", "launch_vehicle"),
    ("aboard a Titan IVB/Centaur launch vehicle", "Titan IV", "launch_vehicle"),
    ("during the Pioneer IV launch", "Pioneer 4", "probe"),
    ("the fourth Shuttle-Mir docking", "Shuttle–Mir program", "mission"),
])
def test_serials_and_letters_name_the_craft(text: str, value: str, kind: str) -> None:
    found = _spacecraft(text)
    assert (value, kind) in [(v, k) for _, v, k in found], found


def test_spans_leave_generic_heads_out() -> None:
    assert _spacecraft("aboard the Skylab space station") == [("Skylab", "Skylab", "station")]
    assert _spacecraft("aboard a Delta II rocket") == [("Delta II", "Delta II", "launch_vehicle")]
    assert _spacecraft("the Mir Space Station") == [("Mir Space Station", "Mir", "station")]


def test_an_abbreviation_the_caption_defines_is_the_craft_wherever_it_is_used() -> None:
    text = "the release of the Gamma Ray Observatory (GRO) on flight day 3. GRO carries four instruments."
    assert [(t, v) for t, v, _ in _spacecraft(text)] == [
        ("Gamma Ray Observatory", "Compton Gamma Ray Observatory"), ("GRO", "Compton Gamma Ray Observatory"),
        ("GRO", "Compton Gamma Ray Observatory")]
    # A credit in brackets is not an abbreviation of the craft before it.
    assert [t for t, _, _ in _spacecraft("Photo by Voyager 1 (JPL) of Jupiter.")] == ["Voyager 1"]


@pytest.mark.parametrize("text", [
    "The lowercase space shuttle is not a name.",
    "Pilots flew the X-15 and the SR-71.",
    "The Lunar Roving Vehicle was unpacked.",
    "Engineers at Redstone Arsenal tested the engine.",
    "A ride on the Shuttle Carrier Aircraft.",
])
def test_not_spacecraft(text: str) -> None:
    assert _spacecraft(text) == []


def test_an_ambiguous_name_confirmed_once_counts_throughout_the_caption() -> None:
    text = "The Stardust spacecraft is prepared. Stardust will capture comet particles."
    assert [t for t, _, _ in _spacecraft(text)] == ["Stardust", "Stardust"]


def test_the_shuttle_orbital_flight_tests_are_not_boeing_s() -> None:
    assert _spacecraft("Crippen, pilot for the initial orbital flight test (OFT) of the shuttle.") == []
    assert ("OFT-1", "mission") in [(v, k) for _, v, k in _spacecraft("Boeing's Orbital Flight Test of Starliner")]
