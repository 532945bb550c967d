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
     "NASA Earth Observatory image by Jesse Allen", "credit.image_by", "Jesse Allen", "NASA Earth Observatory"),
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


def test_no_credit() -> None:
    assert extract("The crew waves at Baikonur on 3/4/2017 and/or later.")["credit"] is None


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
