"""Crew in archive captions: roles written after a name, generational suffixes, the
historical fliers of the gazetteer, and the people who stand beside crew but are not crew."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from captionie import extract, resources

ROOT = Path(__file__).resolve().parents[2]


def _crew(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(m["value"], m["role"], m["agency"]) for m in extract(text)["crew"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("The crew: Neil A. Armstrong, commander; Michael Collins, command module pilot; and Edwin E. Aldrin Jr., "
     "lunar module pilot.",
     [("Neil A. Armstrong", "Commander", None), ("Michael Collins", "Command Module Pilot", None),
      ("Edwin E. Aldrin Jr.", "Lunar Module Pilot", None)]),
    ("Astronauts John W. Young (left), pilot, and Virgil I. Grissom, command pilot, wave.",
     [("John W. Young", "Pilot", None), ("Virgil I. Grissom", "Command Pilot", None)]),
    ("Astronaut Michael L. Coats, STS-39 mission commander, looks out.", [("Michael L. Coats", "Commander", None)]),
    ("Scientist-astronaut Owen K. Garriott, Skylab 3 science pilot, took this photograph.",
     [("Owen K. Garriott", "Science Pilot", None)]),
    ("Astronaut Walter M. Schirra Jr., the Gemini-Titan 3 backup crew command pilot, trains.",
     [("Walter M. Schirra Jr.", "backup", None)]),
    ("Aboard were Kathryn D. Sullivan, payload commander; and Dirk D. Frimout, payload specialist 2.",
     [("Kathryn D. Sullivan", "Payload Commander", None), ("Dirk D. Frimout", "Payload Specialist", None)]),
])
def test_a_role_after_the_name_is_the_names(text: str, expected: list) -> None:
    assert _crew(text) == expected


def test_a_role_phrase_before_the_next_name_is_not_the_previous_names() -> None:
    """``X, Pilot Y``: the role word opens Y's title; it is Y's role, not X's."""
    assert _crew("Commander Curtis L. Brown Jr., Pilot Steven W. Lindsey and others wave.") == [
        ("Curtis L. Brown Jr.", "Commander", None), ("Steven W. Lindsey", "Pilot", None)]


def test_a_plural_role_after_a_list_is_each_names() -> None:
    assert _crew("They are John M. Fabian, Steven R. Nagel and Shannon W. Lucid, mission specialists; "
                 "and Patrick Baudry, payload specialist.") == [
        ("John M. Fabian", "Mission Specialist", None), ("Steven R. Nagel", "Mission Specialist", None),
        ("Shannon W. Lucid", "Mission Specialist", None), ("Patrick Baudry", "Payload Specialist", None)]


def test_respectively_gives_each_name_its_own_role() -> None:
    assert _crew("Seated are astronauts Jack R. Lousma and Alan L. Bean, pilot and commander, respectively.") == [
        ("Jack R. Lousma", "Pilot", None), ("Alan L. Bean", "Commander", None)]


def test_a_role_stated_after_a_name_is_not_inherited_down_the_list() -> None:
    assert _crew("They are astronauts Robert L. Gibson, commander; Guy S. Gardner, pilot; Jerry L. Ross, "
                 "Richard M. (Mike) Mullane and William M. Shepherd, mission specialists.") == [
        ("Robert L. Gibson", "Commander", None), ("Guy S. Gardner", "Pilot", None),
        ("Jerry L. Ross", "Mission Specialist", None), ("Richard M. Mullane", "Mission Specialist", None),
        ("William M. Shepherd", "Mission Specialist", None)]


def test_a_suffix_is_part_of_the_span_and_the_value_and_a_surname_has_no_role() -> None:
    text = "Astronaut Charles Conrad Jr., commander, and John H. Glenn, Jr. smile. Conrad waves."
    record = extract(text)
    assert [(m["text"], m["value"], m["role"]) for m in record["crew"]] == [
        ("Charles Conrad Jr.", "Charles Conrad Jr.", "Commander"), ("John H. Glenn, Jr.", "John H. Glenn, Jr.", None),
        ("Conrad", "Charles Conrad Jr.", None)]


def test_a_surnames_statement_gives_the_person_an_agency_not_a_role() -> None:
    text = "Cosmonaut Valery I. Tokarev prepares a camera. Tokarev represents the Russian Space Agency (RSA)."
    assert _crew(text) == [("Valery I. Tokarev", None, "Roscosmos"), ("Valery I. Tokarev", None, None)]


@pytest.mark.parametrize(("text", "value", "role", "agency"), [
    ("Onboard were Chiaki Mukai, (M.D., Ph.D.), with the National Space Development Agency of Japan (NASDA), "
     "and others.", "Chiaki Mukai", None, "NASDA"),
    ("Mission Specialist Pedro Duque of Spain, representing the European Space Agency (ESA), waves.",
     "Pedro Duque", "Mission Specialist", "ESA"),
    ("Behind him is Mission Specialist Jean-Francois Clervoy, an astronaut with the European Space Agency.",
     "Jean-Francois Clervoy", "Mission Specialist", "ESA"),
    ("Mission Specialist (MS) George D. Nelson tests the escape system.", "George D. Nelson", "Mission Specialist", None),
])
def test_roles_and_agencies_written_other_ways(text: str, value: str, role: str | None, agency: str | None) -> None:
    assert _crew(text)[0] == (value, role, agency)


@pytest.mark.parametrize(("text", "value"), [
    ("Onboard were Terrence W. (Terry) Wilcutt and Mark N. Brown.", "Terrence W. Wilcutt"),
    ("Cosmonaut Anatoliy V. Filipchenko (left) trains.", "Anatoliy V. Filipchenko"),
    ("Pilot Eileen Marie Collins waits.", "Eileen Marie Collins"),
    ("Project Mercury astronaut Virgil I. 'Gus' Grissom pauses.", "Virgil I. Grissom"),
    ("Astronaut Jean-Loup J.M. Chretien waves.", "Jean-Loup J.M. Chretien"),
])
def test_historical_fliers_and_the_ways_their_names_are_written(text: str, value: str) -> None:
    mentions = extract(text)["crew"]
    assert [m["value"] for m in mentions][:1] == [value]
    assert mentions[0]["kb_id"] is not None


@pytest.mark.parametrize("text", [
    "Deputy Director for Launch and Payload Processing Loren Shriver (third from right) listens.",
    "Bob Cabana, Director of Flight Crew Operations, talks with the crew.",
    "He is helped by closeout crew members Dave Law (left) and Jack Burritt at the pad.",
    "Pilot Bruce Peterson landed the lifting body safely.",
    "Co-investigators are William Witherow and Dr. Marc Pusey of NASA's Marshall Space Flight Center.",
    "The tests use the Astronaut Maneuvering Unit in Chamber B.",
    "Two payload specialists representing the German Aerospace Research Establishment (DLR) flew.",
])
def test_officials_pad_crews_aircraft_pilots_and_bodies_are_not_crew(text: str) -> None:
    assert extract(text)["crew"] == []


def test_a_name_is_never_cut_to_end_with_an_initial() -> None:
    """When another field holds the last word ("England" as a place), the name is dropped,
    not reported as "Anthony W."."""
    assert all(not m["value"].endswith(".") or m["value"].endswith(("Jr.", "Sr."))
               for m in extract("Scientist-astronaut Anthony W. England waves.")["crew"])


def test_the_gazetteer_holds_the_fliers_of_every_era_once() -> None:
    entries = resources.crew()
    names = {entry.name for entry in entries}
    assert {"Yuri Gagarin", "Valentina Tereshkova", "Alan Shepard", "Neil Armstrong", "Terrence Wilcutt",
            "Georgy Shonin", "Vladimir Remek", "Sultan Salman Abdelazize Al-Saud", "Jeff Bezos"} <= names
    assert len(entries) >= 650
    ids = [entry.id for entry in entries]
    assert len(ids) == len(set(ids))
    forms: dict[str, str] = {}
    for entry in entries:
        for form in {entry.name.casefold(), *(a.casefold() for a in entry.aliases)}:
            assert forms.setdefault(form, entry.id) == entry.id, (form, entry.id, forms[form])


def test_gazetteer_ids_are_stable() -> None:
    """Every id is ``crew:<slug>`` and none given before was changed (those of the first 511)."""
    lines = (ROOT / "patterns" / "crew.jsonl").read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert all(i.startswith("crew:") for i in ids)
    assert ids[:3] == ["crew:william-shepherd", "crew:yuri-gidzenko", "crew:sergei-krikalev"]


def test_a_surname_in_a_list_does_not_cut_the_role_off_the_next_name() -> None:
    assert _crew("With them are Mission Specialists Hawley, Catherine G. Coleman (Ph.D.) and Michel Tognini.")[-2:] == [
        ("Catherine G. Coleman", "Mission Specialist", None), ("Michel Tognini", "Mission Specialist", None)]


def test_a_role_stated_of_a_full_name_in_its_clause_is_its_role() -> None:
    assert _crew("Astronaut Alfred M. Worden, foreground, is the command module pilot.") == [
        ("Alfred M. Worden", "Command Module Pilot", None)]
