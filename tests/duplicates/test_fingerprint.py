"""Fingerprints: the guard values that must agree for two captions to merge, and the
comparison text their similarity is measured on."""

from __future__ import annotations

from captionie.duplicates.fingerprint import comparison_text, guard_values
from captionie.duplicates.near_duplicates import short_edit


def test_guard_counts_expeditions_not_just_the_set() -> None:
    record = {"expeditions": [{"value": [50]}, {"value": [49, 50]}]}
    other = {"expeditions": [{"value": [49]}, {"value": [49, 50]}]}
    assert guard_values(record)["expeditions"] != guard_values(other)["expeditions"]


def test_guard_drops_inferred_years_and_generic_spacecraft() -> None:
    record = {"dates": [{"value": "2017-12-13", "year_inferred": True}],
              "spacecraft": [{"value": "Soyuz"}, {"value": "Soyuz TMA-2"}]}
    guard = guard_values(record)
    assert guard["dates"] == ["--12-13"] and guard["spacecraft"] == ["Soyuz TMA-2"]


def test_comparison_text_drops_credit_ids_and_positions_and_canonicalizes() -> None:
    text = "jsc2003e12345 - Expedition Six crew (left) lands. Photo Credit: (NASA/Bill Ingalls)"
    record = {"text": text,
              "image_ids": [{"start": 0, "end": 13}],
              "expeditions": [{"start": 16, "end": 30, "value": [6]}],
              "crew": [{"start": text.index("crew"), "end": text.index("crew") + 4, "value": "Crew Name"}],
              "credit": {"start": text.index("NASA/"), "end": len(text) - 1}}
    # The expedition is in the guard, so it leaves the text; crew stay as their values, one
    # word each; inflections are stemmed ("lands" / "landed" is form).
    assert comparison_text(record) == "crew_name land"


def test_comparison_text_ignores_where_dates_and_places_stand_and_stray_photo_numbers() -> None:
    """A dateline in front or the date at the end, "(L)" for "left", a quoted credit and a
    photo number the id rules missed are all the same caption."""
    first = 'May 4, 2003, Kazakhstan. CG4G9064 Bob Cabana (L) looks out. Photo Credit: "NASA/Bill Ingalls"'
    second = "Bob Cabana, left, looks out, Tuesday, May 4, 2003, in Kazakhstan. Photo Credit: (NASA/Bill Ingalls)"

    def record(text: str, date: str) -> dict:
        return {"text": text,
                "dates": [{"start": text.index(date), "end": text.index(date) + len(date), "value": "2003-05-04"}],
                "locations": [{"start": text.index("Kazakhstan"), "end": text.index("Kazakhstan") + 10,
                               "value": "Kazakhstan"}],
                "credit": {"start": text.index("NASA/"), "end": text.index("Ingalls") + 7}}

    a, b = comparison_text(record(first, "May 4, 2003")), comparison_text(record(second, "Tuesday, May 4, 2003"))
    assert a == "@kazakhstan | bob cabana look out"
    assert b == "bob cabana look out in @kazakhstan"
    # The place moved with its dateline: a difference of form, nothing else differs.
    edit = short_edit(a, b)
    assert edit is not None and edit.a_kept == edit.b_kept == "bob cabana look out"
