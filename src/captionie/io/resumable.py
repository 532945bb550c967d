"""Output files of ``captionie extract`` that survive an interruption and can be resumed.

A run never writes its targets directly: records go to ``.OUT.part`` (and error records to
``.ERR.part``) beside the targets, which are renamed into place only when the whole input is
done, so an interrupted run never leaves a truncated output.  After every batch the part files
are flushed and a checkpoint (``.OUT.checkpoint.json``: the inputs, how many input units are
done, the part files' sizes and the counts so far) replaces the previous one atomically.

``--resume`` reads the checkpoint, cuts the part files back to the sizes it recorded (a kill
between a write and the next checkpoint may have left a partial line), skips that many input
units — reading is deterministic, so they are the same units — and appends.  A batch that was
written but not checkpointed is simply done again, so nothing is duplicated or skipped.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Sequence

CHECKPOINT_VERSION = 1


class ResumeError(Exception):
    """The run cannot start or resume (no checkpoint, other inputs, unwritable directory)."""


@dataclass
class Progress:
    """What a checkpoint holds: input units done, and the counts written for them."""

    units: int = 0
    records: int = 0
    errors: int = 0


def part_path(target: Path) -> Path:
    return target.parent / f".{target.name}.part"


def checkpoint_path(target: Path) -> Path:
    return target.parent / f".{target.name}.checkpoint.json"


class ResumableOutput:
    """The output file (and optional errors file) of one run, see the module docstring.

    ``output=None`` (or ``-``) writes records to standard output: nothing to rename and
    nothing to resume.  ``resumable=False`` keeps no checkpoint (``--dedup`` writes its records
    only once every cluster is known) and :meth:`abandon` removes the part files.
    """

    def __init__(self, output: str | None, errors: str | None, inputs: Sequence[str], resumable: bool = True) -> None:
        self.target = Path(output) if output not in (None, "-") else None
        self.errors_target = Path(errors) if errors else None
        self.inputs = [str(Path(i).resolve()) if i != "-" else i for i in inputs]
        self.checkpoint = checkpoint_path(self.target) if self.target is not None and resumable else None
        self.progress = Progress()
        self.out: IO[bytes] | None = None
        self.err: IO[bytes] | None = None
        for target in (t for t in (self.target, self.errors_target) if t is not None):
            directory = target.parent if str(target.parent) else Path(".")
            if not directory.is_dir():
                raise ResumeError(f"{target}: cannot write: directory {directory} does not exist")

    @property
    def resumable(self) -> bool:
        return self.checkpoint is not None

    def start(self, resume: bool) -> Progress:
        """Open the part files, fresh or cut back to the last checkpoint; return the progress."""
        sizes = {"out": 0, "err": 0}
        if resume:
            if self.checkpoint is None:
                raise ResumeError("--resume needs a resumable run: -o OUT.jsonl, without --dedup")
            state = self._load_checkpoint()
            self.progress = Progress(state["units"], state["records"], state["errors"])
            sizes = {"out": state["out_bytes"], "err": state["err_bytes"]}
        if self.target is None:
            self.out = sys.stdout.buffer
        else:
            self.out = self._open(part_path(self.target), sizes["out"], resume)
        if self.errors_target is not None:
            self.err = self._open(part_path(self.errors_target), sizes["err"], resume)
        if not resume:
            self._write_checkpoint()
        return self.progress

    def _open(self, path: Path, size: int, resume: bool) -> IO[bytes]:
        try:
            if resume:
                handle = open(path, "r+b")
                handle.truncate(size)
                handle.seek(size)
                return handle
            return open(path, "wb")
        except FileNotFoundError:
            raise ResumeError(f"{path}: cannot resume: the part file of the interrupted run is gone") from None
        except OSError as exc:
            raise ResumeError(f"{path}: cannot write: {exc.strerror or exc}") from None

    def _load_checkpoint(self) -> dict[str, Any]:
        assert self.checkpoint is not None and self.target is not None
        try:
            state = json.loads(self.checkpoint.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ResumeError(f"{self.target}: nothing to resume (no checkpoint {self.checkpoint.name}); "
                              "run without --resume") from None
        except (OSError, ValueError) as exc:
            raise ResumeError(f"{self.checkpoint}: unreadable checkpoint: {exc}") from None
        if state.get("version") != CHECKPOINT_VERSION or state.get("inputs") != self.inputs:
            raise ResumeError(f"{self.target}: the interrupted run read other inputs "
                              f"({', '.join(state.get('inputs') or [])}); run without --resume to start over")
        if (state.get("errors_file") is not None) != (self.errors_target is not None):
            raise ResumeError(f"{self.target}: the interrupted run {'had' if state.get('errors_file') else 'had no'} "
                              "--errors; resume with the same options")
        return state

    def write_record(self, line: str) -> None:
        assert self.out is not None
        self.out.write(line.encode("utf-8") + b"\n")
        self.progress.records += 1

    def write_error(self, line: str) -> None:
        """An error record: to the errors file when there is one (counted either way)."""
        if self.err is not None:
            self.err.write(line.encode("utf-8") + b"\n")
        self.progress.errors += 1

    def commit(self, units: int) -> None:
        """``units`` more input units are completely written: flush and checkpoint them."""
        self.progress.units += units
        for handle in (self.out, self.err):
            if handle is not None:
                handle.flush()
        self._write_checkpoint()

    def _write_checkpoint(self) -> None:
        if self.checkpoint is None:
            return
        state = {
            "version": CHECKPOINT_VERSION, "inputs": self.inputs,
            "errors_file": str(self.errors_target) if self.errors_target else None,
            "units": self.progress.units, "records": self.progress.records, "errors": self.progress.errors,
            "out_bytes": self.out.tell() if self.out else 0, "err_bytes": self.err.tell() if self.err else 0,
        }
        scratch = self.checkpoint.with_name(self.checkpoint.name + ".tmp")
        scratch.write_text(json.dumps(state), encoding="utf-8")
        os.replace(scratch, self.checkpoint)

    def finish(self) -> None:
        """Everything is written: the part files become the targets, the checkpoint goes."""
        self.close()
        for target in self._targets():
            os.replace(part_path(target), target)
        if self.checkpoint is not None:
            self.checkpoint.unlink(missing_ok=True)

    def abandon(self) -> None:
        """The run stopped early and cannot be resumed: remove its part files."""
        self.close()
        for target in self._targets():
            part_path(target).unlink(missing_ok=True)

    def _targets(self) -> list[Path]:
        return [t for t in (self.target, self.errors_target) if t is not None]

    def close(self) -> None:
        for handle in (self.out, self.err):
            if handle is not None and handle is not sys.stdout.buffer and not handle.closed:
                handle.close()
        if self.out is sys.stdout.buffer:
            self.out.flush()
