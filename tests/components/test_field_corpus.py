"""Per-field positive and negative corpora (Duckling-style), as parametrized tables.

``tests/corpus/<field>.positive.jsonl``: a snippet of a real caption (most are from the seeds),
optional ``meta``, and the mentions it must yield (``exact``: and nothing else).
``tests/corpus/<field>.negative.jsonl``: a snippet and a substring that must not be (part of)
a mention of that field.  Expected values were written by reading the snippets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import captionie

#: Read while tests are collected (they are parametrized by its rows), so not a fixture.
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FIELDS = ("image_ids", "dates", "expeditions", "spacecraft", "crew", "agencies", "locations", "credit")


def _rows(kind: str) -> list:
    rows = []
    for field in FIELDS:
        path = CORPUS / f"{field}.{kind}.jsonl"
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                rows.append(pytest.param(field, json.loads(line), id=f"{field}:{lineno}"))
    return rows


def _field_mentions(record: dict, field: str) -> list[dict]:
    value = record[field]
    if field == "credit":
        return [value] if value else []
    return value


@pytest.mark.parametrize(("field", "case"), _rows("positive"))
def test_positive(field: str, case: dict) -> None:
    record = captionie.extract(case["text"], meta=case.get("meta"))
    found = _field_mentions(record, field)
    for mention in found:
        assert record["text"][mention["start"]:mention["end"]] == mention["text"]
    texts = [m["text"] for m in found]
    for expected in case["mentions"]:
        matches = [m for m in found if m["text"] == expected["text"]]
        assert matches, f"{expected['text']!r} not found in {field}: {texts}"
        mention = matches.pop(0)
        for key, want in expected.items():
            assert mention.get(key) == want, f"{expected['text']!r}: {key} = {mention.get(key)!r}, expected {want!r}"
        found.remove(mention)
    if case.get("exact"):
        assert not found, f"unexpected {field} mentions: {[m['text'] for m in found]}"


@pytest.mark.parametrize(("field", "case"), _rows("negative"))
def test_negative(field: str, case: dict) -> None:
    record = captionie.extract(case["text"])
    start = case["text"].index(case["absent"])
    end = start + len(case["absent"])
    hits = [m["text"] for m in _field_mentions(record, field) if m["start"] < end and start < m["end"]]
    assert not hits, f"{case['absent']!r} must not be a {field} mention, got {hits}"
