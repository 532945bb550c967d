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


@example("Andrey Shelepin/GCTC.. (x) NASA/Bill Ingalls")
@example("a/b (NASA / GCTC / Andrey Shelepin)")
@given(TEXTS)
def test_the_trailing_credit_scan_from_its_start_finds_what_a_scan_from_the_text_start_finds(text: str) -> None:
    full = [m.span("attr") for m in credit._TRAILING.finditer(text)]
    late = [m.span("attr") for m in credit._TRAILING.finditer(text, credit.trailing_start(text))] if "/" in text else []
    assert late == full
