"""Expedition mentions: the heads and number forms read, and what is not an expedition."""

from __future__ import annotations

import pytest

from captionie import extract
from captionie.components.expeditions import parse_numbers


def _expeditions(text: str) -> list[tuple[str, list[int], str]]:
    return [(m["text"], m["value"], m["rule"]) for m in extract(text)["expeditions"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Expedition 37/38 crew members land.", [("Expedition 37/38", [37, 38], "expedition.list")]),
    ("the expedition 53 crew", [("expedition 53", [53], "expedition.number")]),
    ("Expeditions 52 and 53 crews", [("Expeditions 52 and 53", [52, 53], "expedition.list")]),
    ("EXPEDITION SIX CREW", [("EXPEDITION SIX", [6], "expedition.words")]),
    ("Exp. 6 and Expedition Twenty-Two", [("Exp. 6", [6], "expedition.number"),
                                          ("Expedition Twenty-Two", [22], "expedition.words")]),
    ("Expedition 68-69", [("Expedition 68-69", [68, 69], "expedition.list")]),
    ("(Expedition 5) and\nExpedition 6", [("Expedition 5", [5], "expedition.number"),
                                          ("Expedition 6", [6], "expedition.number")]),
])
def test_expedition_forms(text: str, expected: list) -> None:
    assert _expeditions(text) == expected


@pytest.mark.parametrize("text", [
    "xExpedition 5", "exp. 53", "eXPEDITION 6", "ExpeditionS 6", "Expedition_5", "the expedition", "Expedition 500",
    "Expedition 6/", "Exp 6",
])
def test_not_an_expedition(text: str) -> None:
    assert _expeditions(text) == []


def test_parse_numbers() -> None:
    assert parse_numbers("37/38") == [37, 38]
    assert parse_numbers("52 through 54") == [52, 53, 54]
    assert parse_numbers("64-5") == [5, 64]
    assert parse_numbers("Six") == [6]
    assert parse_numbers("0") is None
    first = parse_numbers("1, 2 and 3")
    assert first == [1, 2, 3]
    first.append(4)
    assert parse_numbers("1, 2 and 3") == [1, 2, 3]  # each call gets a list of its own
