"""Bad input never crashes a batch and never loses a caption (issue 6).

Every kind of bad input ends as one error record or one clearly marked record; outputs plus
errors always equal inputs; interrupted runs leave no output and resume without duplicating
or skipping a record.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import srsly

import captionie

from captionie.cli.app import main
from captionie.io.readers import Caption, ReadError, read
from captionie.io.resumable import checkpoint_path, part_path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CLI = [sys.executable, "-c", "import sys; from captionie.cli.app import main; sys.exit(main())"]


def _mixed_lines() -> list[bytes]:
    """One JSONL line per kind of bad input the issue names, plus good ones around them."""
    return [
        json.dumps({"id": "good", "text": "Expedition 6 crew lands in Kazakhstan, May 4, 2003."}).encode(),
        b'{"id": "truncated", "text": "Soyuz',                            # malformed JSON
        b'["a", "list"]',                                                   # not an object
        b'{"id": "number", "text": 42}',                                    # caption not a string
        b'{"id": "no-text", "title": "Soyuz"}',                             # missing text field
        b'{"id": "bad-utf8", "text": "Soyuz \xff\xfe lands"}',             # invalid UTF-8
        json.dumps({"id": "mojibake", "text": "St. Basil\u00e2\u20ac\u2122s Cathedral"}).encode(),
        json.dumps({"id": "controls", "text": "\u202eSoyuz\u202c lands\x00 \x1b[31m Dec. 13, 2017"}).encode(),
        json.dumps({"id": "empty", "text": ""}).encode(),
        json.dumps({"id": "huge", "text": "Expedition 53 crew lands. " * 80_000}).encode(),  # ~2 MB
        b'{"id": "deep", "text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",   # nested too deeply
        b'{"id": "giant", "text": "' + b"x" * (100 * 2**20) + b'"}',       # a 100 MB line
        b"",                                                                 # blank: not a unit
        json.dumps({"id": "last", "text": "Apollo 11 lifts off, July 16, 1969."}).encode(),
    ]


def test_mixed_bad_file_accounts_for_every_line_without_traceback(tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    lines = _mixed_lines()
    source.write_bytes(b"\n".join(lines) + b"\n")
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    run = subprocess.run([*CLI, "extract", str(source), "-o", str(out), "--errors", str(err)],
                         capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=300)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    records, errors = list(srsly.read_jsonl(out)), list(srsly.read_jsonl(err))
    units = sum(1 for line in lines if line.strip())
    assert len(records) + len(errors) == units
    assert run.stderr.strip().splitlines()[-1] == f"captionie extract: {len(records)} records, {len(errors)} errors"
    assert [e["source"].rsplit(":", 1)[1] for e in errors] == ["2", "3", "4", "5", "11", "12"]
    assert "100 MB, over the 32 MB limit" in errors[-1]["error"]
    by_id = {r["id"]: r for r in records}
    assert set(by_id) == {"good", "bad-utf8", "mojibake", "controls", "empty", "huge", "last"}
    assert any("U+FFFD" in w for w in by_id["bad-utf8"]["warnings"])
    assert by_id["mojibake"]["text"] == "St. Basil’s Cathedral" and "mojibake repaired" in by_id["mojibake"]["warnings"]
    assert by_id["empty"]["text"] == "" and by_id["empty"]["dates"] == [] and by_id["empty"]["crew"] == []
    huge = by_id["huge"]
    assert any("truncated" in w for w in huge["warnings"])
    assert len(huge["meta"]["raw_text"]) == len("Expedition 53 crew lands. " * 80_000)  # nothing lost
    for record in records:  # offsets index the text that is written out, control characters or not
        for field in ("dates", "expeditions", "spacecraft", "crew", "locations", "agencies", "image_ids"):
            for mention in record[field]:
                assert record["text"][mention["start"]:mention["end"]] == mention["text"]
    controls = by_id["controls"]
    assert controls["dates"] and controls["dates"][0]["value"] == "2017-12-13"
    assert by_id["good"]["dates"][0]["value"] == "2003-05-04"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


# --- files ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "reason"), [
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("utf16.txt", "Soyuz lands".encode("utf-16"), "UTF-16"),
    ("empty.jsonl", b"", "empty file"),
    ("blank.txt", b"\n\n   \n", "no captions in file"),
])
def test_unreadable_files_are_one_error_naming_path_and_reason(tmp_path: Path, name: str, content: bytes,
                                                               reason: str, capsys) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    items = list(read(path))
    assert len(items) == 1 and isinstance(items[0], ReadError)
    assert items[0].source == str(path) and reason in items[0].error
    assert main(["extract", str(path), "-o", str(tmp_path / "out.jsonl")]) == 1
    stderr = capsys.readouterr().err
    assert f"captionie: {path}: " in stderr and reason in stderr and "Traceback" not in stderr
    assert (tmp_path / "out.jsonl").read_text() == ""


def test_directory_of_mixed_files_reads_captions_and_reports_the_rest(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Expedition 6 crew lands.\n")
    (folder / "sub" / "b.jsonl").write_text('{"id": "b", "text": "Soyuz lands."}\n{"id": "c"}\n')
    (folder / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (folder / "notes.md").write_text("# notes\n")
    (folder / "broken.txt").write_bytes(b"GIF89a\x00\x01")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out)]) == 1
    stderr = capsys.readouterr().err
    assert [r["id"] for r in srsly.read_jsonl(out)] == ["a:1", "b"]
    assert f"{folder / 'broken.txt'}: binary file" in stderr
    assert f"{folder / 'sub' / 'b.jsonl'}:2: no text field" in stderr
    assert stderr.strip().splitlines()[-1].startswith("captionie extract: 2 records, 2 errors, 2 files skipped")


def test_empty_directory_and_missing_input_are_errors(tmp_path: Path, capsys) -> None:
    (tmp_path / "nothing").mkdir()
    assert main(["extract", str(tmp_path / "nothing"), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.jsonl")]) == 1
    stderr = capsys.readouterr().err
    assert "nothing: no caption files" in stderr and "missing.txt: no such file or directory" in stderr


def test_unwritable_output_and_errors_file_are_one_line_usage_errors(tmp_path: Path, capsys) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # running as root: permissions do not stop us
            target = tmp_path / "missing-dir" / "out.jsonl"
        else:
            target = locked / "out.jsonl"
        assert main(["extract", str(SEEDS), "-o", str(target)]) == 2
        stderr = capsys.readouterr().err
        assert stderr.count("\n") == 1 and "cannot write" in stderr and str(target) in stderr
        assert main(["extract", str(SEEDS), "-o", str(tmp_path / "o.jsonl"), "--errors", str(target)]) == 2
        assert "cannot write" in capsys.readouterr().err
    finally:
        locked.chmod(0o700)


def test_csv_field_over_the_csv_module_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    text = "Soyuz lands. " * 20_000  # 260 kB, over csv's default 128 kB field limit
    path.write_text(f"id,text\nbig,{text}\nsmall,Apollo 11\n")
    items = list(read(path))
    assert [i.id for i in items] == ["big", "small"] and all(isinstance(i, Caption) for i in items)


def test_lone_surrogates_become_replacement_characters_and_the_caption_a_record(tmp_path: Path) -> None:
    """JSON may escape half a surrogate pair (``"\\ud800"``), which reads as a code point no
    UTF-8 encoder takes, spaCy's tokenizer included: the caption was an error record and
    ``captionie.extract`` raised.  It is analysed with U+FFFD in its place (offsets unchanged),
    the raw text kept in ``meta.raw_text``."""
    import captionie

    source = tmp_path / "surrogates.jsonl"
    source.write_bytes(b'{"id": "s", "text": "Expedition 53 crew \\ud800 Randy Bresnik of NASA \\udc00, Dec. 13, 2017."}\n')
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out)]) == 0
    (record,) = srsly.read_jsonl(out)
    assert record["text"] == "Expedition 53 crew \ufffd Randy Bresnik of NASA \ufffd, Dec. 13, 2017."
    assert record["meta"]["raw_text"] == "Expedition 53 crew \ud800 Randy Bresnik of NASA \udc00, Dec. 13, 2017."
    assert "lone surrogates replaced by U+FFFD" in record["warnings"]
    assert [(m["text"], m["start"]) for m in record["crew"]] == [("Randy Bresnik", 21)]
    assert [m["value"] for m in record["dates"]] == ["2017-12-13"]
    assert captionie.extract("Soyuz MS-05 \udfff lands")["spacecraft"][0]["value"] == "Soyuz MS-05"


def test_overlong_line_is_skipped_as_one_error_in_bounded_memory(tmp_path: Path, monkeypatch) -> None:
    """A line over the limit (here lowered to 1 MB; the real one is 32 MB) is read through in
    chunks, becomes one error record, and the lines after it are read normally."""
    import captionie.io.readers as readers

    monkeypatch.setattr(readers, "MAX_LINE_BYTES", 2**20)
    path = tmp_path / "long.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"id": "before", "text": "Soyuz lands."}\n')
        handle.write(b'{"id": "long", "text": "' + b"x" * (5 * 2**20) + b'"}\n')
        handle.write(b'{"id": "after", "text": "Apollo 11."}\n')
    items = list(read(path))
    assert [type(i).__name__ for i in items] == ["Caption", "ReadError", "Caption"]
    assert items[1].source == f"{path}:2" and "over the 1 MB limit" in items[1].error
    text_path = tmp_path / "long.txt"
    text_path.write_bytes(b"Soyuz lands.\n" + b"y" * (3 * 2**20) + b"\nApollo 11 lifts off.\n")
    items = list(read(text_path))
    assert [type(i).__name__ for i in items] == ["Caption", "ReadError", "Caption"]


def test_one_failing_caption_does_not_take_the_batch_down(monkeypatch) -> None:
    """A rule that raises on one caption (here: the dates component, mid-pipeline) turns that
    caption into an error record; the captions before and after it in the batch, and the
    components after the failing one, still run."""
    from captionie.pipeline.build import default_pipeline

    dates = default_pipeline().get_pipe("captionie_dates")
    real = dates.find

    def flaky(doc, store):
        if "BOOM" in store.text:
            raise RuntimeError("rule exploded")
        return real(doc, store)

    monkeypatch.setattr(dates, "find", flaky)
    records = list(captionie.extract_many(["Soyuz lands on Dec. 14, 2017.", "BOOM", "Apollo 11 with Neil Armstrong.", "BOOM"]))
    assert [r.get("error", "") for r in records] == ["", "extraction failed: RuntimeError: rule exploded", "",
                                                     "extraction failed: RuntimeError: rule exploded"]
    assert records[0]["dates"][0]["value"] == "2017-12-14"
    assert records[2]["text"] == "Apollo 11 with Neil Armstrong."
    assert [c["value"] for c in records[2]["crew"]] == ["Neil Armstrong"]


# --- interrupted runs -------------------------------------------------------------------------

def _corpus(tmp_path: Path, n: int) -> Path:
    captions = [c for c in read(SEEDS) if isinstance(c, Caption)]
    path = tmp_path / "corpus.jsonl"
    rows = [{"id": f"c{i}", "text": captions[i % len(captions)].text} for i in range(n)]
    rows.insert(n // 2, {"id": "broken"})  # one error record mid-run
    srsly.write_jsonl(path, rows)
    return path


def test_killed_run_resumed_gives_the_uninterrupted_output(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 1200)
    whole, whole_err = tmp_path / "whole.jsonl", tmp_path / "whole_err.jsonl"
    done = subprocess.run([*CLI, "extract", str(corpus), "-o", str(whole), "--errors", str(whole_err)],
                          capture_output=True, text=True, env=_env(), timeout=300)
    assert done.returncode == 1, done.stderr

    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    command = [*CLI, "extract", str(corpus), "-o", str(out), "--errors", str(err), "--batch-size", "16"]
    victim = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    checkpoint = checkpoint_path(out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and victim.poll() is None:
        try:
            if json.loads(checkpoint.read_text())["units"] >= 64:
                break
        except (OSError, ValueError):
            pass
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=60)
    assert victim.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert not out.exists() and part_path(out).exists()  # no truncated output, a resumable part
    units_done = json.loads(checkpoint.read_text())["units"]
    assert 0 < units_done < 1201

    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, env=_env(), timeout=300)
    assert resumed.returncode == 1, resumed.stderr
    assert out.read_bytes() == whole.read_bytes()
    assert err.read_bytes() == whole_err.read_bytes()
    assert resumed.stderr.strip().splitlines()[-1] == "captionie extract: 1200 records, 1 errors"
    assert not checkpoint.exists() and not part_path(out).exists()


def test_sigterm_stops_cleanly_with_a_resume_hint(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 4000)  # the run must outlast the 0.5 s before the signal
    out = tmp_path / "out.jsonl"
    victim = subprocess.Popen([*CLI, "extract", str(corpus), "-o", str(out), "--batch-size", "16", "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_env())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not checkpoint_path(out).exists():
        time.sleep(0.02)
    time.sleep(0.5)
    victim.send_signal(signal.SIGTERM)
    _, stderr = victim.communicate(timeout=120)
    assert victim.returncode == 130, stderr
    assert "Traceback" not in stderr and "--resume" in stderr
    assert not out.exists()
    resumed = subprocess.run([*CLI, "extract", str(corpus), "-o", str(out), "--batch-size", "16", "--resume"],
                             capture_output=True, text=True, env=_env(), timeout=300)
    assert [r["id"] for r in srsly.read_jsonl(out)] == [f"c{i}" for i in range(4000)]
    assert "4000 records, 1 errors" in resumed.stderr


def test_a_stop_asked_while_a_batch_runs_stops_the_run_at_the_next_batch(tmp_path: Path, monkeypatch, capsys) -> None:
    """A SIGTERM that comes while a batch runs is kept and honoured at the next batch (raised
    at once, it could land in code that swallows it: a fork callback, a destructor), with the
    checkpoint, so ``--resume`` completes the run; a second one stops at once."""
    import captionie.batch.engine as engine
    from captionie.cli.common import StopRequest, stop

    corpus = _corpus(tmp_path, 100)
    out = tmp_path / "out.jsonl"
    real = engine.BatchEngine.records
    calls: list[int] = []

    def swallowing(self, batch):
        calls.append(len(batch))
        if len(calls) == 2:
            stop.handle(signal.SIGTERM, None)  # the first signal only asks
        return real(self, batch)

    monkeypatch.setattr(engine.BatchEngine, "records", swallowing)
    assert main(["extract", str(corpus), "-o", str(out), "--batch-size", "16"]) == 130
    assert "--resume" in capsys.readouterr().err
    assert not out.exists() and len(calls) == 2
    monkeypatch.setattr(engine.BatchEngine, "records", real)
    assert main(["extract", str(corpus), "-o", str(out), "--batch-size", "16", "--resume"]) == 1
    assert [r["id"] for r in srsly.read_jsonl(out)] == [f"c{i}" for i in range(100)]
    request = StopRequest()
    request.handle(signal.SIGTERM, None)
    with pytest.raises(KeyboardInterrupt):
        request.handle(signal.SIGTERM, None)  # a second signal stops at once


def test_resume_refuses_without_a_checkpoint_or_with_other_inputs(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(SEEDS), "-o", str(out), "--resume"]) == 2
    assert "nothing to resume" in capsys.readouterr().err
    assert main(["extract", str(SEEDS), "--resume"]) == 2  # standard output cannot be resumed
    assert main(["extract", str(SEEDS), "-o", str(out), "--dedup", "--resume"]) == 2
    # A checkpoint of a run over other inputs is not silently continued.
    checkpoint_path(out).write_text(json.dumps({"version": 1, "inputs": ["/elsewhere"], "errors_file": None,
                                                "units": 3, "records": 3, "errors": 0, "out_bytes": 0,
                                                "err_bytes": 0}))
    part_path(out).write_text("")
    capsys.readouterr()
    assert main(["extract", str(SEEDS), "-o", str(out), "--resume"]) == 2
    assert "other inputs" in capsys.readouterr().err


# --- flat memory ------------------------------------------------------------------------------

def test_batches_in_memory_zones_keep_the_vocab_flat_and_records_unchanged(monkeypatch) -> None:
    """Every new word would stay in spaCy's vocab for the life of the process; batches after
    the warm-up run in memory zones, which must free them without changing any record."""
    import captionie.batch.engine as engine
    from captionie.pipeline.build import default_pipeline

    captions = [c for c in read(SEEDS) if isinstance(c, Caption)][:120]
    plain = [captionie.extract(c.text, id=c.id, meta=c.meta) for c in captions]
    for record, caption in zip(plain, captions):
        record["source"] = caption.source
    monkeypatch.setattr(engine, "WARM_BATCHES", 0)
    batch_engine = engine.BatchEngine()
    zoned = [r for batch in engine.batched(captions, 16) for r in batch_engine.records(batch)]
    assert [json.dumps(r, sort_keys=True) for r in zoned] == [json.dumps(r, sort_keys=True) for r in plain]
    strings = default_pipeline().vocab.strings
    before = len(strings)
    novel = [f"Expedition {i} crew member Zqx{i}vort{i * 7} lands near Qyzyl{i}orda." for i in range(400)]
    for batch in engine.batched(novel, 50):
        batch_engine.records(batch)
    assert len(strings) == before
