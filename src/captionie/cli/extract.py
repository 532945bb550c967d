"""``captionie extract``: every caption of every input to one JSON record per line, in input
order, with constant memory; resumable after an interruption."""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterable

from captionie.cli.common import (
    EXIT_OK,
    EXIT_RECORD_ERRORS,
    CliError,
    Interrupted,
    check_counts,
    print_error,
    progress_bar,
    stop,
)
from captionie.cli.dedup import make_deduplicator

if TYPE_CHECKING:
    from captionie.io.resumable import ResumableOutput


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("extract", help="every caption of every input -> one JSON record per line")
    parser.add_argument("inputs", nargs="+", help="files, folders, or - for standard input")
    parser.add_argument("-o", "--output", help="output JSONL (default: standard output)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--errors", help="write one error record per unreadable input here (JSONL)")
    parser.add_argument("--batch-size", type=int, default=256, help="captions per batch sent to a worker")
    parser.add_argument("--dedup", action="store_true", help="add each record's near-duplicate \"cluster\" number")
    parser.add_argument("--threshold", type=float, default=None, help="similarity threshold for --dedup")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted run of the same command (same inputs, -o and --errors)")
    parser.set_defaults(func=run, batch_run=True)


def run(args: argparse.Namespace) -> int:
    from captionie.batch.engine import BatchEngine, batched, record_lines, record_lines_with_fingerprints
    from captionie.io.readers import SUFFIXES, read
    from captionie.io.resumable import ResumableOutput, ResumeError

    check_counts(args)
    deduplicator = make_deduplicator(args.threshold) if args.dedup else None
    if args.resume and deduplicator is not None:
        raise CliError("--resume cannot be combined with --dedup (clusters need the whole input in one run)")
    try:
        output = ResumableOutput(args.output, args.errors, args.inputs, resumable=deduplicator is None)
        done = output.start(resume=args.resume)
    except ResumeError as exc:
        raise CliError(str(exc)) from None
    skipped: list[Path] = []
    items = itertools.islice(read(*args.inputs, on_skip=skipped.append), done.units, None)
    task = record_lines if deduplicator is None else record_lines_with_fingerprints
    results = BatchEngine(manage_collector=True).map(task, batched(items, args.batch_size), args.workers)
    bar = progress_bar()
    # With --dedup, records wait in a scratch file until every cluster is known.
    scratch = tempfile.TemporaryFile("w+", encoding="utf-8") if deduplicator is not None else None
    try:
        for lines in stop.until_asked(results):
            for is_error, line, print_ in lines:
                if is_error:
                    _write_error(output, line, args.errors is None, deduplicator)
                elif scratch is not None:
                    scratch.write(line + "\n")
                    deduplicator.add(None, None, print_)
                else:
                    output.write_record(line)
            output.commit(len(lines))
            if bar is not None:
                bar.update(len(lines))
        if scratch is not None:
            _write_with_clusters(output, scratch, deduplicator, args.workers)
        output.finish()
    except BaseException as exc:
        if output.resumable and isinstance(exc, KeyboardInterrupt):
            output.close()
            raise Interrupted(f"interrupted after {output.progress.units} input captions; {args.output} "
                              "was not written; run the same command with --resume to continue") from None
        output.abandon()
        raise
    finally:
        if bar is not None:
            bar.close()
        if scratch is not None:
            scratch.close()
    note = f", {len(skipped)} files skipped (not {', '.join(sorted(SUFFIXES))})" if skipped else ""
    print(f"captionie extract: {output.progress.records} records, {output.progress.errors} errors{note}",
          file=sys.stderr)
    return EXIT_RECORD_ERRORS if output.progress.errors else EXIT_OK


def _write_error(output: ResumableOutput, line: str, to_stderr: bool, deduplicator: Any) -> None:
    error = json.loads(line)
    output.write_error(line)
    if to_stderr:
        print_error(error)
    if deduplicator is not None:
        deduplicator.add_error(error.get("id"), error.get("source"), error.get("error", ""))


def _write_with_clusters(output: ResumableOutput, scratch: IO[str], deduplicator: Any, workers: int) -> None:
    """The records waiting in ``scratch``, each with its cluster number."""
    from captionie.io.json_lines import dumps_line

    scratch.seek(0)
    rows: Iterable[dict[str, Any]] = (row for row in stop.until_asked(deduplicator.rows(workers=workers))
                                      if "error" not in row)
    for line, row in zip(scratch, rows):
        record = json.loads(line)  # exact: the line's floats read back as written
        record["cluster"] = row["cluster"]
        output.write_record(dumps_line(record))
