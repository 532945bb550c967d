"""Gold records that carry a ``split`` are reported split by split, then all together."""

from __future__ import annotations

import json

from captionie.cli import main
from captionie.evaluation.scoring import evaluate_splits

TEXT = "Soyuz TMA-12 launched."
MENTION = {"text": "Soyuz TMA-12", "start": 0, "end": 12, "value": "Soyuz TMA-12"}


def _gold(record_id: str, split: str | None) -> dict:
    record = {"id": record_id, "text": TEXT, "spacecraft": [MENTION]}
    if split:
        record["split"] = split
    return record


def test_each_split_is_scored_on_its_own_records() -> None:
    gold = [_gold("a", "dev"), _gold("b", "test"), _gold("c", "test")]
    predictions = [{"id": "a", "spacecraft": [MENTION]}, {"id": "b", "spacecraft": []},
                   {"id": "c", "spacecraft": [MENTION]}]
    reports = evaluate_splits(gold, predictions)
    assert list(reports) == ["dev", "test", "all"]
    assert reports["dev"].scores["spacecraft"]["value"].recall == 1.0
    assert reports["test"].scores["spacecraft"]["value"].recall == 0.5
    assert reports["all"].records == 3
    assert reports["all"].scores["spacecraft"]["value"].fn == 1


def test_gold_without_splits_gives_one_report() -> None:
    reports = evaluate_splits([_gold("a", None)], [{"id": "a", "spacecraft": []}])
    assert list(reports) == ["all"]


def test_the_command_prints_and_writes_every_split(tmp_path, capsys) -> None:
    gold, pred, report = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", tmp_path / "report.json"
    gold.write_text("".join(json.dumps(g) + "\n" for g in (_gold("a", "dev"), _gold("b", "test"))))
    pred.write_text(json.dumps({"id": "a", "spacecraft": [MENTION]}) + "\n" + json.dumps({"id": "b"}) + "\n")
    assert main(["evaluate", "--gold", str(gold), str(pred), "--json", str(report)]) == 0
    out = capsys.readouterr().out
    assert "== dev (1 records) ==" in out and "== test (1 records) ==" in out and "== all (2 records) ==" in out
    written = json.loads(report.read_text())
    assert written["records"] == 2
    assert written["splits"]["dev"]["fields"]["spacecraft"]["value"]["f1"] == 1.0
    assert written["splits"]["test"]["fields"]["spacecraft"]["value"]["f1"] == 0.0
