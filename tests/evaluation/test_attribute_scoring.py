"""Attributes scored as accuracy over value-matched mentions; fields a gold record leaves out
are not scored; predictions that match no gold record are refused."""

from __future__ import annotations

import pytest

from captionie.cli import main
from captionie.evaluation.scoring import NoMatchingRecords, evaluate

GOLD = {"id": "a", "text": "Commander Peggy Whitson and Oleg Kotov of Roscosmos", "crew": [
    {"text": "Peggy Whitson", "start": 10, "end": 23, "value": "Peggy Whitson", "role": "Commander", "agency": None},
    {"text": "Oleg Kotov", "start": 28, "end": 38, "value": "Oleg Kotov", "role": None, "agency": "Roscosmos"},
]}


def _pred(**changes: dict) -> dict:
    crew = [dict(m) for m in GOLD["crew"]]
    for index, attrs in changes.items():
        crew[int(index[1:])].update(attrs)
    return {"id": "a", "crew": crew}


def test_attributes_are_scored_on_value_matched_mentions_only() -> None:
    report = evaluate([GOLD], [_pred(m1={"agency": "NASA"})])
    assert report.attributes["crew.role"].to_json() == {"correct": 2, "total": 2, "accuracy": 1.0}
    assert report.attributes["crew.agency"].to_json() == {"correct": 1, "total": 2, "accuracy": 0.5}
    # a mention whose value is wrong is a value error, not an attribute error
    report = evaluate([GOLD], [_pred(m0={"value": "Peggy A. Whitson", "role": None})])
    assert report.attributes["crew.role"].total == 1
    assert report.scores["crew"]["value"].fn == 1


def test_a_field_the_gold_record_leaves_out_is_not_scored() -> None:
    pred = {**_pred(), "dates": [{"text": "x", "start": 0, "end": 1, "value": "2000"}]}
    report = evaluate([GOLD], [pred])
    assert report.scores["dates"]["value"].fp == 0  # gold says nothing about dates
    report = evaluate([{**GOLD, "dates": []}], [pred])
    assert report.scores["dates"]["value"].fp == 1


def test_predictions_for_other_captions_are_refused(tmp_path, capsys) -> None:
    with pytest.raises(NoMatchingRecords):
        evaluate([GOLD], [{"id": "b", "crew": []}])
    report = evaluate([GOLD, {**GOLD, "id": "c"}], [_pred()])
    assert (report.records, report.missing) == (2, 1)
    assert "1 of 2 gold records had no prediction" in report.table()
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text('{"id": "a", "text": "x", "crew": []}\n')
    pred.write_text('{"id": "z", "crew": []}\n')
    assert main(["evaluate", "--gold", str(gold), str(pred)]) == 2
    assert "none of the 1 predictions" in capsys.readouterr().err
