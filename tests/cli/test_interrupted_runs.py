"""Interrupted runs of ``captionie extract`` leave no output and resume without duplicating or
skipping a record.

The runs that get a real signal are held at a gate, not raced against a clock: the command
runs in a child whose caption reader stops before a given caption and waits for a line on
standard input.  The test signals the child while it waits, so the run is certainly unfinished
when the signal comes, however fast or slow the machine.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import srsly

from captionie.cli.app import main
from captionie.io.resumable import checkpoint_path, part_path

#: The command line in a child whose reader waits before caption ``sys.argv[1]`` (counted from
#: 0) until a line comes on standard input, after saying so on standard output.
GATED_COMMAND = """\
import sys

import captionie.io.readers as readers
from captionie.cli.app import main

gate, argv = int(sys.argv[1]), sys.argv[2:]
read = readers.read


def gated(*paths, **options):
    for position, item in enumerate(read(*paths, **options)):
        if position == gate:
            print("at the gate", flush=True)
            sys.stdin.readline()
        yield item


readers.read = gated
sys.exit(main(argv))
"""


def _corpus(tmp_path: Path, seed_captions, n: int) -> Path:
    """``n`` captions c0 .. c{n-1} from the seeds, with one error record in the middle."""
    path = tmp_path / "corpus.jsonl"
    rows = [{"id": f"c{i}", "text": seed_captions[i % len(seed_captions)].text} for i in range(n)]
    rows.insert(n // 2, {"id": "broken"})  # one error record mid-run
    srsly.write_jsonl(path, rows)
    return path


def _held_at(gate: int, argv: list[str]) -> subprocess.Popen:
    """``captionie *argv`` in a child, once it waits before caption ``gate``."""
    child = subprocess.Popen([sys.executable, "-c", GATED_COMMAND, str(gate), *argv], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "at the gate\n", child.communicate(timeout=60)[1][-2000:]
    except BaseException:
        child.kill()
        child.communicate()
        raise
    return child


@pytest.mark.slow
def test_killed_run_resumed_gives_the_uninterrupted_output(tmp_path: Path, seed_captions, captionie_command) -> None:
    corpus = _corpus(tmp_path, seed_captions, 480)
    whole, whole_err = tmp_path / "whole.jsonl", tmp_path / "whole_err.jsonl"
    assert main(["extract", str(corpus), "-o", str(whole), "--errors", str(whole_err)]) == 1

    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    command = ["extract", str(corpus), "-o", str(out), "--errors", str(err), "--batch-size", "16"]
    victim = _held_at(100, command)
    victim.kill()
    victim.communicate(timeout=60)
    assert victim.returncode == -signal.SIGKILL
    assert not out.exists() and part_path(out).exists()  # no truncated output, a resumable part
    checkpoint = checkpoint_path(out)
    units_done = json.loads(checkpoint.read_text())["units"]
    assert 0 < units_done <= 100  # batches before the gate were checkpointed; none after it ran

    resumed = subprocess.run([*captionie_command, *command, "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1, resumed.stderr
    assert out.read_bytes() == whole.read_bytes()
    assert err.read_bytes() == whole_err.read_bytes()
    assert resumed.stderr.strip().splitlines()[-1] == "captionie extract: 480 records, 1 errors"
    assert not checkpoint.exists() and not part_path(out).exists()


@pytest.mark.slow
def test_sigterm_stops_cleanly_with_a_resume_hint(tmp_path: Path, seed_captions, captionie_command) -> None:
    corpus = _corpus(tmp_path, seed_captions, 400)
    out = tmp_path / "out.jsonl"
    victim = _held_at(100, ["extract", str(corpus), "-o", str(out), "--batch-size", "16", "--workers", "2"])
    victim.send_signal(signal.SIGTERM)
    _, stderr = victim.communicate("go on\n", timeout=120)
    assert victim.returncode == 130, stderr
    assert "Traceback" not in stderr and "--resume" in stderr
    assert not out.exists()
    resumed = subprocess.run([*captionie_command, "extract", str(corpus), "-o", str(out), "--batch-size", "16",
                              "--resume"], capture_output=True, text=True, timeout=300)
    assert [r["id"] for r in srsly.read_jsonl(out)] == [f"c{i}" for i in range(400)]
    assert "400 records, 1 errors" in resumed.stderr


@pytest.mark.regression
def test_a_stop_asked_while_a_batch_runs_stops_the_run_at_the_next_batch(tmp_path: Path, seed_captions, monkeypatch,
                                                                         capsys) -> None:
    """A SIGTERM that comes while a batch runs is kept and honoured at the next batch (raised
    at once, it could land in code that swallows it: a fork callback, a destructor), with the
    checkpoint, so ``--resume`` completes the run; a second one stops at once."""
    import captionie.batch.engine as engine
    from captionie.cli.common import StopRequest, stop

    corpus = _corpus(tmp_path, seed_captions, 100)
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


def test_resume_refuses_without_a_checkpoint_or_with_other_inputs(tmp_path: Path, seeds: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(seeds), "-o", str(out), "--resume"]) == 2
    assert "nothing to resume" in capsys.readouterr().err
    assert main(["extract", str(seeds), "--resume"]) == 2  # standard output cannot be resumed
    assert main(["extract", str(seeds), "-o", str(out), "--dedup", "--resume"]) == 2
    # A checkpoint of a run over other inputs is not silently continued.
    checkpoint_path(out).write_text(json.dumps({"version": 1, "inputs": ["/elsewhere"], "errors_file": None,
                                                "units": 3, "records": 3, "errors": 0, "out_bytes": 0,
                                                "err_bytes": 0}))
    part_path(out).write_text("")
    capsys.readouterr()
    assert main(["extract", str(seeds), "-o", str(out), "--resume"]) == 2
    assert "other inputs" in capsys.readouterr().err
