"""``captionie extract`` end to end: records in order, errors file, exit codes, atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from captionie.cli.app import main

KEYS = {"id", "text", "meta", "image_ids", "dates", "expeditions", "spacecraft", "crew", "agencies", "locations", "credit", "warnings"}


def test_extract_seeds_one_record_per_caption(tmp_path: Path, seeds: Path) -> None:
    out = tmp_path / "seeds.jsonl"
    assert main(["extract", str(seeds), "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 100 + 99 + 9 + 112 + 15
    assert all(KEYS <= set(r) for r in records)
    for r in records:
        for field in KEYS - {"id", "text", "meta", "credit", "warnings"}:
            for m in r[field]:
                assert r["text"][m["start"]:m["end"]] == m["text"]
    assert records[0]["id"] == "000_e5e36e2bf2a58f49:1"
    assert len({r["id"] for r in records}) == len(records)


def test_two_workers_give_identical_output(tmp_path: Path, seeds: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(seeds / "001_8234b470123e8680.txt"), "-o", str(one)]) == 0
    assert main(["extract", str(seeds / "001_8234b470123e8680.txt"), "-o", str(two), "--workers", "2", "--batch-size", "7"]) == 0
    assert one.read_bytes() == two.read_bytes()


def test_bad_records_go_to_errors_and_exit_1(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Expedition 6"}\n{oops\n{"text": 5}\n', encoding="utf-8")
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    assert main(["extract", str(src), "-o", str(out), "--errors", str(err)]) == 1
    assert len(out.read_text().splitlines()) == 1
    errors = [json.loads(line) for line in err.read_text().splitlines()]
    assert [e["source"] for e in errors] == [f"{src}:2", f"{src}:3"]


def test_unwritable_output_is_a_one_line_usage_error(tmp_path: Path, seeds: Path, capsys) -> None:
    code = main(["extract", str(seeds / "002_7b9963cde2396057.txt"), "-o", str(tmp_path / "missing" / "o.jsonl")])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not exist" in err[0]


def test_failure_mid_run_leaves_no_output_file(tmp_path: Path, seeds: Path, monkeypatch) -> None:
    import captionie.batch.engine as engine

    calls = {"n": 0}
    real = engine.BatchEngine.records

    def flaky(self, batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("boom")
        return real(self, batch)

    monkeypatch.setattr(engine.BatchEngine, "records", flaky)
    out = tmp_path / "out.jsonl"
    try:
        main(["extract", str(seeds / "000_e5e36e2bf2a58f49.txt"), "-o", str(out), "--batch-size", "10"])
    except RuntimeError:
        pass
    assert not out.exists()
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.regression
def test_metadata_numbers_are_written_exactly(tmp_path: Path) -> None:
    """Output lines keep every digit of the input's numbers (the writer before orjson rounded
    floats to ten digits and crashed on integers beyond 64 bits) and stay ASCII."""
    meta = {"score": 0.1234567890123, "offset": 123456789.123, "tiny": 1e-7, "big": 2**70, "sign": -0.0,
            "note": "Zhezkazgan — Жезказган 🚀"}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Soyuz MS-05 landed near Zhezkazgan, Kazakhstan.", **meta}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out)]) == 0
    line = out.read_bytes().decode("ascii")
    record = json.loads(line)
    assert record["meta"] == {"id": "a", **meta}
    assert str(record["meta"]["sign"]) == "-0.0"
    assert record["locations"][0]["text"] == "Zhezkazgan"
