"""Hypothesis properties of ``extract``: never raises, offsets slice, order, determinism."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import captionie

FIELDS = ("image_ids", "dates", "expeditions", "spacecraft", "crew", "agencies", "locations")

# Text built from caption vocabulary finds far more mentions than random unicode alone.
WORDS = st.sampled_from([
    "Expedition", "37/38", "Six", "Soyuz", "TMA-12", "MS-05", "Syouz", "NASA", "Roscosmos", "of", "the",
    "Commander", "Flight", "Engineer", "Peggy", "Whitson", "Sergei", "Volkov", ",", ".", "and", "Sept.", "17",
    "2013", "(", ")", "Photo", "Credit:", "NASA/Bill", "Ingalls", "Baikonur", "Cosmodrome", "Kazakhstan",
    "jsc2013e013823", "9-20", "April", "1994", "Wednesday,", "May", "29", "Kazakh", "time", "\n", "“", "’s",
    "astronaut", "cosmonauts", "International", "Space", "Station", "(ISS)", "Red", "Square", "Moscow’s",
])
CAPTIONISH = st.lists(WORDS, max_size=60).map(" ".join)
ANY_TEXT = st.one_of(st.text(max_size=400), CAPTIONISH)


def _all_mentions(record: dict) -> list[tuple[str, dict]]:
    out = [(f, m) for f in FIELDS for m in record[f]]
    if record["credit"]:
        out.append(("credit", record["credit"]))
    return out


@given(ANY_TEXT)
def test_extract_never_raises_and_offsets_slice(text: str) -> None:
    record = captionie.extract(text)
    for key in ("id", "text", "meta", *FIELDS, "credit", "warnings"):
        assert key in record
    for field, mention in _all_mentions(record):
        assert record["text"][mention["start"]:mention["end"]] == mention["text"], field
        assert mention["start"] < mention["end"]


@given(ANY_TEXT)
def test_mentions_are_in_text_order(text: str) -> None:
    record = captionie.extract(text)
    for field in FIELDS:
        starts = [m["start"] for m in record[field]]
        assert starts == sorted(starts), field


@given(CAPTIONISH)
def test_extract_is_deterministic(text: str) -> None:
    assert captionie.extract(text) == captionie.extract(text)
