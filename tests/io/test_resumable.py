"""Output files that survive an interruption: written under part names, renamed into place
only when the run is done, and resumed from the last checkpoint without duplicating or
skipping a line (the command's interrupted runs: tests/cli/test_interrupted_runs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from captionie.io.resumable import ResumableOutput, ResumeError, checkpoint_path, part_path


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    return tmp_path / "out.jsonl", tmp_path / "err.jsonl", [str(tmp_path / "in.jsonl")]


def test_targets_appear_only_when_the_run_is_finished(paths) -> None:
    out, err, inputs = paths
    output = ResumableOutput(str(out), str(err), inputs)
    output.start(resume=False)
    output.write_record('{"id": "a"}')
    output.write_error('{"id": "b", "error": "no text field"}')
    output.commit(2)
    assert not out.exists() and not err.exists() and checkpoint_path(out).exists()
    output.finish()
    assert out.read_text() == '{"id": "a"}\n' and err.read_text() == '{"id": "b", "error": "no text field"}\n'
    assert not any(p.exists() for p in (checkpoint_path(out), part_path(out), part_path(err)))


def test_a_resumed_run_continues_from_the_last_checkpoint(paths) -> None:
    """Lines written after the last checkpoint, a half-written one too (a kill mid-write),
    are cut; the resumed run writes them again."""
    out, err, inputs = paths
    first = ResumableOutput(str(out), str(err), inputs)
    first.start(resume=False)
    first.write_record('{"id": "1"}')
    first.write_error('{"id": "2", "error": "invalid JSON"}')
    first.commit(2)
    first.write_record('{"id": "3"}')  # written, never checkpointed
    first.close()
    with part_path(out).open("ab") as handle:
        handle.write(b'{"id": "4", "te')
    second = ResumableOutput(str(out), str(err), inputs)
    progress = second.start(resume=True)
    assert (progress.units, progress.records, progress.errors) == (2, 1, 1)
    second.write_record('{"id": "3"}')
    second.write_record('{"id": "4"}')
    second.commit(2)
    second.finish()
    assert out.read_text() == '{"id": "1"}\n{"id": "3"}\n{"id": "4"}\n'
    assert err.read_text() == '{"id": "2", "error": "invalid JSON"}\n'
    assert (second.progress.units, second.progress.records, second.progress.errors) == (4, 3, 1)


def test_an_abandoned_run_leaves_nothing_behind(paths) -> None:
    out, err, inputs = paths
    output = ResumableOutput(str(out), str(err), inputs, resumable=False)
    output.start(resume=False)
    output.write_record('{"id": "a"}')
    output.abandon()
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("change", ["other inputs", "no errors file"])
def test_a_checkpoint_of_another_run_is_not_continued(paths, tmp_path: Path, change: str) -> None:
    out, err, inputs = paths
    first = ResumableOutput(str(out), str(err), inputs)
    first.start(resume=False)
    first.write_record('{"id": "a"}')
    first.commit(1)
    first.close()
    again = (ResumableOutput(str(out), str(err), [str(tmp_path / "other.jsonl")]) if change == "other inputs"
             else ResumableOutput(str(out), None, inputs))
    with pytest.raises(ResumeError):
        again.start(resume=True)


def test_nothing_to_resume_and_a_missing_directory_are_errors(paths, tmp_path: Path) -> None:
    out, _, inputs = paths
    with pytest.raises(ResumeError, match="nothing to resume"):
        ResumableOutput(str(out), None, inputs).start(resume=True)
    with pytest.raises(ResumeError, match="does not exist"):
        ResumableOutput(str(tmp_path / "missing" / "out.jsonl"), None, inputs)


def test_a_run_started_anew_ignores_what_an_interrupted_one_left(paths) -> None:
    out, err, inputs = paths
    first = ResumableOutput(str(out), str(err), inputs)
    first.start(resume=False)
    first.write_record('{"id": "old"}')
    first.commit(1)
    first.close()
    anew = ResumableOutput(str(out), str(err), inputs)
    assert anew.start(resume=False).units == 0
    anew.write_record('{"id": "new"}')
    anew.commit(1)
    anew.finish()
    assert out.read_text() == '{"id": "new"}\n' and err.read_text() == ""
