"""Bad input to ``captionie extract`` never crashes the run and never loses a caption.

Every kind of bad input ends as one error record or one clearly marked record; outputs plus
errors always equal inputs; problems the user can fix are one line on stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import srsly

import captionie
from captionie.cli.app import main


def _mixed_lines() -> list[bytes]:
    """One JSONL line per kind of bad input, plus good ones around them."""
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


@pytest.mark.slow
def test_mixed_bad_file_accounts_for_every_line_without_traceback(tmp_path: Path, captionie_command) -> None:
    source = tmp_path / "mixed.jsonl"
    lines = _mixed_lines()
    source.write_bytes(b"\n".join(lines) + b"\n")
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    run = subprocess.run([*captionie_command, "extract", str(source), "-o", str(out), "--errors", str(err)],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
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


# --- files ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "reason"), [
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("utf16.txt", "Soyuz lands".encode("utf-16"), "UTF-16"),
    ("empty.jsonl", b"", "empty file"),
    ("blank.txt", b"\n\n   \n", "no captions in file"),
])
def test_an_unreadable_file_is_one_line_on_stderr_and_an_empty_output(tmp_path: Path, name: str, content: bytes,
                                                                      reason: str, capsys) -> None:
    """The reader makes it one error naming the file (tests/io/test_readers.py); the command
    reports it without a traceback and exits 1."""
    path = tmp_path / name
    path.write_bytes(content)
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


def test_unwritable_output_and_errors_file_are_one_line_usage_errors(tmp_path: Path, seeds: Path, capsys) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # running as root: permissions do not stop us
            target = tmp_path / "missing-dir" / "out.jsonl"
        else:
            target = locked / "out.jsonl"
        assert main(["extract", str(seeds), "-o", str(target)]) == 2
        stderr = capsys.readouterr().err
        assert stderr.count("\n") == 1 and "cannot write" in stderr and str(target) in stderr
        assert main(["extract", str(seeds), "-o", str(tmp_path / "o.jsonl"), "--errors", str(target)]) == 2
        assert "cannot write" in capsys.readouterr().err
    finally:
        locked.chmod(0o700)


@pytest.mark.regression
def test_lone_surrogates_become_replacement_characters_and_the_caption_a_record(tmp_path: Path) -> None:
    """JSON may escape half a surrogate pair (``"\\ud800"``), which reads as a code point no
    UTF-8 encoder takes, spaCy's tokenizer included: the caption was an error record and
    ``captionie.extract`` raised.  It is analysed with U+FFFD in its place (offsets unchanged),
    the raw text kept in ``meta.raw_text``."""
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
