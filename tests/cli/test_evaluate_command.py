"""``captionie evaluate``: the scores table, the JSON report, the error list, and an unreadable
file as a usage error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from captionie.cli.app import main
from captionie.evaluation.scoring import FIELDS


@pytest.fixture
def gold_file(tmp_path: Path, fixtures_dir: Path) -> Path:
    """The first 12 gold records as a file of their own."""
    lines = (fixtures_dir / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()[:12]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_gold_scored_against_itself_is_perfect_in_the_table_and_the_json(gold_file: Path, tmp_path: Path,
                                                                         capsys) -> None:
    report = tmp_path / "report.json"
    assert main(["evaluate", "--gold", str(gold_file), str(gold_file), "--json", str(report)]) == 0
    out = capsys.readouterr().out
    table, attributes = out.split("\n\n")
    rows = table.splitlines()
    assert [line.split()[0] for line in rows[2:]] == [*FIELDS, "micro"]
    assert rows[-1].split()[1:] == ["1.000"] * 9  # micro P, R, F1 in each of the three modes
    assert [line.split()[-1] for line in attributes.splitlines()[1:]] == ["1.000"] * 5
    written = json.loads(report.read_text(encoding="utf-8"))
    assert set(written["fields"]) == set(FIELDS)
    assert {mode: scores["f1"] for mode, scores in written["micro"].items()} == {"strict": 1.0, "overlap": 1.0,
                                                                                  "value": 1.0}


def test_errors_lists_each_missed_mention(gold_file: Path, tmp_path: Path, capsys) -> None:
    gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines()]
    index = next(i for i, g in enumerate(gold) if g["dates"])
    missed = gold[index]["dates"][0]
    predictions = [dict(g) for g in gold]
    predictions[index] = {**gold[index], "dates": gold[index]["dates"][1:]}
    path = tmp_path / "predictions.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold_file), str(path), "--errors"]) == 0
    [listed] = [line for line in capsys.readouterr().out.splitlines() if gold[index]["id"] in line]
    assert listed.split()[:2] == ["false_negative", "dates"] and f"value={missed['value']!r}" in listed


def test_an_unreadable_gold_file_is_a_one_line_usage_error(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "gold.jsonl"
    broken.write_text('{"id": "a"\n', encoding="utf-8")
    assert main(["evaluate", "--gold", str(broken)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"captionie: {broken}: cannot read JSONL")
