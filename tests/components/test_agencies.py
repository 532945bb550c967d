"""Agencies: bare service names only standing alone, every department of a list, described
names and abbreviations of something else are not the agency, lost apostrophes."""

from __future__ import annotations

import pytest

from captionie import extract


def _agencies(text: str) -> list[tuple[str, str]]:
    return [(m["text"], m["value"]) for m in extract(text)["agencies"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("An Air Force C-17 delivered it to Edwards Air Force Base.", [("Air Force", "U.S. Air Force")]),
    ("She is a commander in the Navy. The Royal Navy and the Soviet Army watched.", [("Navy", "U.S. Navy")]),
    ("Navy divers and a U.S. Navy ship met a USAF-type suit.",
     [("Navy", "U.S. Navy"), ("U.S. Navy", "U.S. Navy"), ("USAF", "U.S. Air Force")]),
    ("EDWARDS AIR FORCE BASE at Cape Canaveral Air Force Station.", []),
    ("He joined the Army Ballistic Missile Agency (ABMA) and the Army Air Forces.",
     [("Army Ballistic Missile Agency", "ABMA"), ("ABMA", "ABMA"), ("Army Air Forces", "U.S. Army Air Forces")]),
])
def test_services(text: str, expected: list[tuple[str, str]]) -> None:
    assert _agencies(text) == expected


def test_department_lists_tag_each_department() -> None:
    text = ("Working with NASA are the Departments of Agriculture, Commerce, Interior, the Environmental "
            "Protection Agency and the Corps of Engineers; data from the Department of Labor and the State of Ohio.")
    assert _agencies(text) == [
        ("NASA", "NASA"), ("Departments of Agriculture", "USDA"), ("Commerce", "DOC"), ("Interior", "DOI"),
        ("Environmental Protection Agency", "EPA"), ("Corps of Engineers", "USACE"), ("Department of Labor", "DOL"),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("It was supported by ASI, the Italian space agency.", [("ASI", "ASI")]),
    ("The American Satellite Company (ASC) satellite, shot on ASA 64 film.", []),
    ("Work on the AEM (Animal Enclosure Module) began.", []),
    ("ESA (European Space Agency) and the Canadian Space Agency (CSA).",
     [("ESA", "ESA"), ("European Space Agency", "ESA"), ("Canadian Space Agency", "CSA"), ("CSA", "CSA")]),
    ("Garneau represents Canada's National Research Council (NRC).",
     [("National Research Council", "National Research Council"), ("NRC", "National Research Council")]),
])
def test_descriptions_and_other_abbreviations(text: str, expected: list[tuple[str, str]]) -> None:
    assert _agencies(text) == expected


def test_possessive_with_a_lost_apostrophe() -> None:
    assert _agencies("He flew aboard NASA?s KC-135 and the Department of Interior?s plane.") == [
        ("NASA", "NASA"), ("Department of Interior", "DOI")]


def test_names_in_the_credit_and_kb_ids() -> None:
    record = extract("The Navy recovered it. PHOTO COURTESY: USSR ACADEMY OF SCIENCES")
    assert [(m["value"], m["kb_id"]) for m in record["agencies"]] == [("U.S. Navy", "agency:u-s-navy")]
