"""Launch pads in their written shapes, each named by its complex."""

from __future__ import annotations

import pytest

from captionie.matching.launch_pads import find_pads


@pytest.mark.parametrize(("text", "written", "form"), [
    ("launched from launch pad 39-A at KSC", "launch pad 39-A", "Launch Complex 39A"),
    ("standing near Pad B, Launch Complex 39, KSC", "Pad B", "Launch Complex 39B"),
    ("from Launch Complex 36, Pad B, Cape Canaveral", "Launch Complex 36, Pad B", "Launch Complex 36B"),
    ("at Launch Pad 17-A, Cape Canaveral", "Launch Pad 17-A", "Launch Complex 17A"),
    ("the gantry at Launch Complex 17-B today", "Launch Complex 17-B", "Launch Complex 17B"),
    ("arrives at Pad 19 during the countdown", "Pad 19", "Launch Complex 19"),
])
def test_pad_shapes(text: str, written: str, form: str) -> None:
    hits = list(find_pads(text))
    assert [(text[h.start:h.end], h.form) for h in hits] == [(written, form)]


@pytest.mark.parametrize("text", ["A launch pad was built.", "The pad leader waves.", "He padded the seat 39 times."])
def test_no_pad(text: str) -> None:
    assert list(find_pads(text)) == []
