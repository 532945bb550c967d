"""``captionie dedup`` and ``captionie extract --dedup``: one row per caption, the same
clusters both ways, errors kept aside, a bad threshold a usage error."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from captionie.cli.app import main
from captionie.io.readers import read


def test_threshold_outside_range_is_a_usage_error(seeds: Path, capsys) -> None:
    assert main(["dedup", str(seeds), "--threshold", "0"]) == 2
    assert "threshold" in capsys.readouterr().err


def test_cli_dedup_and_extract_dedup_agree(tmp_path: Path, seeds: Path, capsys) -> None:
    rows_path, records_path = tmp_path / "rows.jsonl", tmp_path / "records.jsonl"
    assert main(["dedup", str(seeds), "-o", str(rows_path)]) == 0
    assert "captions in" in capsys.readouterr().err
    assert main(["extract", "--dedup", str(seeds), "-o", str(records_path), "--workers", "2"]) == 0
    rows = [json.loads(l) for l in rows_path.read_text(encoding="utf-8").splitlines()]
    records = [json.loads(l) for l in records_path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(records) == sum(1 for _ in read(seeds))
    assert [r["cluster"] for r in rows] == [r["cluster"] for r in records]
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert Counter(r["cluster"] for r in rows).most_common(1)[0][1] > 1


def test_cli_extract_dedup_with_a_bad_line_keeps_records_and_clusters_aligned(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Soyuz TMA-2 lands in Kazakhstan."}\n{"id": "b", "text": 5}\n'
                      '{"id": "c", "text": "Soyuz TMA-2 lands in Kazakhstan"}\n{"id": "d", "text": "Tsar Bell."}\n',
                      encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    assert main(["extract", "--dedup", str(source), "-o", str(out), "--errors", str(errors)]) == 1
    records = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "c", "d"]
    assert records[0]["cluster"] == records[1]["cluster"] != records[2]["cluster"]
    assert [json.loads(l)["id"] for l in errors.read_text(encoding="utf-8").splitlines()] == ["b"]
