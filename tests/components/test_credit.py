"""The photo credit: the forms read, how an attribution splits, and that a credit pattern is
skipped only on text it cannot match."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from captionie import extract
from captionie.components import credit


@pytest.mark.parametrize(("text", "attribution", "rule", "photographer", "organization"), [
    ("Expedition 53 lands. Photo Credit: (NASA/Bill Ingalls)", "NASA/Bill Ingalls", "credit.labeled",
     "Bill Ingalls", "NASA"),
    ("The crew waves.\nImage credit: Bill Ingalls", "Bill Ingalls", "credit.labeled", "Bill Ingalls", None),
    ("Courtesy of NASA/GCTC/Andrey Shelepin.", "NASA/GCTC/Andrey Shelepin", "credit.labeled", "Andrey Shelepin",
     "NASA/GCTC"),
    ("The crew waves.\nPhoto: NASA", "NASA", "credit.photo_label", None, "NASA"),
    ("The crew leaves the International Space Station. NASA/Elizabeth Weissinger.", "NASA/Elizabeth Weissinger",
     "credit.trailing", "Elizabeth Weissinger", "NASA"),
    ("Soyuz lands. Andrey Shelepin / GCTC..", "Andrey Shelepin / GCTC", "credit.trailing", "Andrey Shelepin", "GCTC"),
    ("Smoke over Siberia. NASA Earth Observatory image by Jesse Allen, using data.",
     "NASA Earth Observatory image by Jesse Allen", "credit.by", "Jesse Allen", "NASA Earth Observatory"),
    ("The galaxy.\nCredits: NASA, ESA, CSA, STScI", "NASA, ESA, CSA, STScI", "credit.labeled", None,
     "NASA, ESA, CSA, STScI"),
    ("Credit: NASA/JPL-Caltech/MSSS", "NASA/JPL-Caltech/MSSS", "credit.labeled", None, "NASA/JPL-Caltech/MSSS"),
    ("Flares erupt. Image credit: NASA/Goddard/SDO", "NASA/Goddard/SDO", "credit.labeled", None, "NASA/Goddard/SDO"),
    ("The rock slid. (Credit: J.C. Tinsley, U.S. Geological Survey)", "J.C. Tinsley, U.S. Geological Survey",
     "credit.labeled", "J.C. Tinsley", "U.S. Geological Survey"),
    ("Crystals grow. Credit: NASA/Marshall Space Flight Center (MSFC)", "NASA/Marshall Space Flight Center (MSFC)",
     "credit.labeled", None, "NASA/Marshall Space Flight Center (MSFC)"),
    ("The crew trains. PHOTO COURTESY: USSR ACADEMY OF SCIENCES", "USSR ACADEMY OF SCIENCES", "credit.labeled", None,
     "USSR ACADEMY OF SCIENCES"),
    ("The pilot waves. Photo credit: NASA/Otis Imboden of National Geographic",
     "NASA/Otis Imboden of National Geographic", "credit.labeled", "Otis Imboden", "NASA/National Geographic"),
    ("The orbiter lands. Photo credit: NASA (NOTE: the date is approximate)", "NASA", "credit.labeled", None, "NASA"),
    ("Mars rover. Credit: NASA/JPL-Caltech PIA01234", "NASA/JPL-Caltech", "credit.labeled", None, "NASA/JPL-Caltech"),
    ("The X-15 lands. NASA Photo by Bob Rhine", "NASA Photo by Bob Rhine", "credit.by", "Bob Rhine", "NASA"),
    ("Art By Don Davis Pioneer Venus orbiter in orbit", "Don Davis", "credit.by", "Don Davis", None),
    ("Date: June 16, 1998 Photographer: Tom Trower", "Tom Trower", "credit.by", "Tom Trower", None),
    ("Lightning strikes, as photographed by MSFC photographer Jane Doe on May 2.", "MSFC photographer Jane Doe",
     "credit.by", "Jane Doe", "MSFC"),
    ("The mural, painted by artist Robert T. McCall.", "Robert T. McCall", "credit.by", "Robert T. McCall", None),
    ("S68-51306 --- North American Rockwell artist's concept of the Apollo 8 orbit.", "North American Rockwell",
     "credit.artist", None, "North American Rockwell"),
    ("An artist's concept by Teledyne Ryan Aeronautical, San Diego, California, showing a lander.",
     "Teledyne Ryan Aeronautical", "credit.artist", None, "Teledyne Ryan Aeronautical"),
    ("The Moon over the pad.\nNASA", "NASA", "credit.bare_line", None, "NASA"),
])
def test_credit_forms(text: str, attribution: str, rule: str, photographer: str | None, organization: str | None) -> None:
    found = extract(text)["credit"]
    assert found is not None
    assert (found["text"], found["rule"], found["photographer"], found["organization"]) == \
        (attribution, rule, photographer, organization)
    assert text[found["start"]:found["end"]] == attribution


def test_names_in_the_credit_are_not_crew_or_agencies() -> None:
    record = extract("NASA astronaut Randy Bresnik waves. Photo Credit: (NASA/Bill Ingalls)")
    assert [m["value"] for m in record["crew"]] == ["Randy Bresnik"]
    assert all(m["end"] <= record["credit"]["start"] for m in record["agencies"])


@pytest.mark.parametrize("text", [
    "The crew waves at Baikonur on 3/4/2017 and/or later.",
    "The jet flies at high alpha courtesy of its canards. The crew paid a courtesy call.",
    "This artist's concept shows the station. In this 1970 artist's concept, a tug docks.",
    "The patch was designed by artist Sean Collins.",
    "Photograph by Pioneer Venus Venus image 589",
    "Photo by Voyager 1 (JPL) The spacecraft took this photo.",
    "Gemini artist concept illustrating the sequence of events.",
    "NASA gave the team credit for the repair.",
    "The trio was photographed by Astronaut Guion S. Bluford on the flight deck.",
])
def test_no_credit(text: str) -> None:
    assert extract(text)["credit"] is None


# Pieces of credit lines, URLs and names, so the generated texts reach the patterns' edges.
PIECES = st.sampled_from([
    "Photo", "Credit:", "credit", "Courtesy", "of", "(NASA/Bill", "Ingalls)", "NASA", "/", " / ", "GCTC",
    "Andrey", "Shelepin", ".", "..", ",", "(", ")", "\"", "'", "’", "&", "-", "and", "image", "by", "Jesse",
    "Allen", "Illustration", "Photograph", "Picture", "\n", "  ", "Earth", "Observatory", "[", "<", ";", ":",
])
TEXTS = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map(" ".join),
                  st.lists(PIECES, max_size=40).map("".join))


@example("Illustration \n Credit: NASA/Bill Ingalls")  # the longest label, right at the start
@example("Andrey Shelepin/GCTC.. (x) NASA/Bill Ingalls")
@example("a/b (NASA / GCTC / Andrey Shelepin)")
@given(TEXTS)
def test_credit_scans_from_their_starts_find_what_scans_from_the_text_start_find(text: str) -> None:
    """Each credit pattern is scanned from the first place a match of it can start; that must
    find what a scan of the whole text finds (nothing where it says no match can start)."""
    for pattern, start_of in ((credit._LABELED, credit.labeled_start), (credit._PHOTO_LABEL, credit.photo_label_start),
                              (credit._TRAILING, credit.trailing_start)):
        full = [m.span("attr") for m in pattern.finditer(text)]
        first = start_of(text)
        assert full == ([] if first is None else [m.span("attr") for m in pattern.finditer(text, first)])
