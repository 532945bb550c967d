"""Locations: curated facilities and pads, the comma pattern with package towns and states,
datelines, and the evidence that keeps place words inside other names out."""

from __future__ import annotations

import pytest

from captionie import extract


def places(text: str) -> list[tuple[str, str]]:
    return [(m["text"], m["value"]) for m in extract(text)["locations"]]


def values(text: str) -> list[str]:
    return [m["value"] for m in extract(text)["locations"]]


def test_dateline_gives_center_and_state() -> None:
    record = extract("KENNEDY SPACE CENTER, FLA. -- Workers move the payload canister.")
    found = [(m["text"], m["value"], m["country"], m["kb_id"]) for m in record["locations"]]
    assert found == [("KENNEDY SPACE CENTER", "Kennedy Space Center", "United States", "place:kennedy-space-center"),
                     ("FLA.", "Florida", "United States", "place:florida")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The rocket stands at Launch Pad 39-B tonight.", [("Launch Pad 39-B", "Launch Complex 39B")]),
    ("Columbia will be moved to pad 39A for testing.", [("pad 39A", "Launch Complex 39A")]),
    ("It lifted off from Space Launch Complex 17, Pad A on time.", [("Space Launch Complex 17, Pad A", "Launch Complex 17A")]),
    ("The crew arrives at Pad 19 for the countdown.", [("Pad 19", "Launch Complex 19")]),
    ("Titan IVB waits at Launch Pad 40 for the launch.", [("Launch Pad 40", "Space Launch Complex 40")]),
])
def test_pads(text: str, expected: list[tuple[str, str]]) -> None:
    assert [p for p in places(text) if p[1].startswith(("Launch", "Space Launch"))] == expected


def test_pad_before_complex_is_two_mentions() -> None:
    assert values("The vehicle stands on Pad A, Launch Complex 39, at dawn.") == ["Launch Complex 39A", "Launch Complex 39"]


def test_town_state_from_packages() -> None:
    record = extract("The optics were built in Danbury, Connecticut, by the contractor.")
    found = {m["value"]: m for m in record["locations"]}
    assert found["Danbury"]["kb_id"].startswith("geonames:")
    assert found["Danbury"]["country"] == "United States"
    assert "Connecticut" in found


def test_moscow_idaho_is_not_the_russian_capital() -> None:
    found = {m["value"]: m for m in extract("The student lives in Moscow, Idaho, with her family.")["locations"]}
    assert found["Moscow"]["country"] == "United States"
    assert found["Moscow"]["kb_id"] != "place:moscow"


def test_ap_abbreviation_after_town() -> None:
    assert ("Calif.", "California") in places("The stage was built in Huntington Beach, Calif., last year.")


def test_washington_dc_is_the_city_not_the_state() -> None:
    assert values("The office is in Washington, D.C. today.") == ["Washington"]


def test_small_unknown_town_keeps_its_written_name() -> None:
    record = extract("Silverton, Oregon high school student Jane Roe proposed the experiment.")
    found = {m["value"]: m for m in record["locations"]}
    assert found["Silverton"]["country"] == "United States"


def test_two_unknown_capitalized_words_before_a_state_are_not_a_town() -> None:
    assert "Joseph Waggoner" not in values("Members were James Corman, California; Joseph Waggoner, Louisiana.")


@pytest.mark.parametrize("text", [
    "The crew includes pilot Joe F. Edwards Jr. and the commander.",
    "The Apollo 10 (Spacecraft 106/Saturn 505) space vehicle rolls out.",
    "The engine was installed on a Martin B-57B Canberra aircraft.",
    "A technician with United Space Alliance (USA) checks the suit.",
    "The module was named \"America\" by the crew.",
    "Landing came at 2:30 PM Pacific Daylight Time on the fourth.",
    "The U.S. Department of Energy funded the test.",
    "The investigator is from the University of Colorado at Boulder.",
    "The instrument is part of the Earth Resources Experiment Package.",
])
def test_place_words_inside_other_names(text: str) -> None:
    assert values(text) == []


def test_job_title_after_center_is_not_a_location() -> None:
    assert values("George Low, MSC Deputy Director, spoke to the crew.") == []


def test_earth_observation_is_earth() -> None:
    assert values("STS-45 Earth observation taken onboard Atlantis.") == ["Earth"]


def test_orbit_count_is_not_a_serial() -> None:
    assert values("The capsule will circle the Earth 22 times.") == ["Earth"]


def test_short_form_of_a_center_once_named_in_full() -> None:
    found = values("The Lewis Research Center tested the engine. Lewis researchers studied the data.")
    assert found == ["Glenn Research Center", "Glenn Research Center"]


def test_short_form_needs_the_full_name() -> None:
    assert values("Lewis researchers studied the data.") == []


def test_feature_with_lowercase_generic_word() -> None:
    assert places("The aircraft turns over the Mojave desert.") == [("Mojave desert", "Mojave Desert")]


def test_hyphenated_country_acronyms() -> None:
    assert values("The joint U.S.-USSR mission docked.") == ["United States", "Soviet Union"]


def test_city_of_names_the_geonames_city() -> None:
    found = {m["value"]: m for m in extract("The city of Leghorn is on the coast.")["locations"]}
    assert found["Livorno"]["kb_id"].startswith("geonames:")


def test_facility_named_after_a_vehicle() -> None:
    assert ("Apollo/Saturn V Center", "Apollo/Saturn V Center") in places(
        "Guests tour the new Apollo/Saturn V Center at KSC.")


def test_town_by_its_unaccented_name_and_a_province() -> None:
    found = {m["value"]: m["kb_id"] for m in extract("southeast of Medellin, Colombia, and in Sonora, Mexico.")["locations"]}
    assert found["Medellín"].startswith("geonames:")
    assert found["Sonora"] == "iso3166-2:MX-SON"


def test_region_inside_an_organization_name() -> None:
    assert values("He flew with the 129th Group, California Air National Guard (ANG).") == []


def test_dateline_town_in_capitals_from_geonames() -> None:
    found = {m["value"]: m for m in extract("TORRANCE, Calif. -- Engineers test the valve.")["locations"]}
    assert found["Torrance"]["kb_id"].startswith("geonames:")
    assert found["Torrance"]["text"] == "TORRANCE"
    assert "California" in found


def test_unknown_words_in_capitals_before_a_state_are_not_a_town() -> None:
    assert values("KENNEDY SPACE CENTE, FLA. -- A typo in the dateline.") == ["Florida"]
