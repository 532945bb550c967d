"""``captionie dedup``: every caption to its near-duplicate cluster, one JSON row per caption."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from captionie.cli.common import EXIT_OK, EXIT_RECORD_ERRORS, CliError, check_counts, print_error, progress_bar, stop


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("dedup", help="every caption -> its near-duplicate cluster (one JSON row per caption)")
    parser.add_argument("inputs", nargs="+", help="files, folders, or - for standard input")
    parser.add_argument("-o", "--output", help="output JSONL (default: standard output)")
    parser.add_argument("--threshold", type=float, default=None,
                        help="fuzz.ratio similarity (0-100] above which captions with equal guards merge "
                             "(default: the evaluated value, see docs/dedup.md)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--errors", help="write one error record per unreadable input here (JSONL)")
    parser.add_argument("--batch-size", type=int, default=256, help="captions per batch sent to a worker")
    parser.set_defaults(func=run, batch_run=True)


def make_deduplicator(threshold: float | None) -> Any:
    """A :class:`~captionie.duplicates.deduplicator.Deduplicator`, a bad threshold a usage error."""
    from captionie.duplicates.deduplicator import DEFAULT_THRESHOLD, Deduplicator

    try:
        return Deduplicator(DEFAULT_THRESHOLD if threshold is None else threshold)
    except ValueError as exc:
        raise CliError(f"--threshold: {exc}") from None


def run(args: argparse.Namespace) -> int:
    from captionie.batch.engine import BatchEngine
    from captionie.duplicates.deduplicator import feed
    from captionie.io.json_lines import dumps_line
    from captionie.io.readers import read
    from captionie.io.resumable import ResumableOutput, ResumeError

    check_counts(args)
    deduplicator = make_deduplicator(args.threshold)
    bar = progress_bar()
    try:
        feed(deduplicator, stop.until_asked(read(*args.inputs)), n_process=args.workers, batch_size=args.batch_size,
             progress=bar, engine=BatchEngine(manage_collector=True))
    finally:
        if bar is not None:
            bar.close()
    try:
        output = ResumableOutput(args.output, args.errors, args.inputs, resumable=False)
        output.start(resume=False)
    except ResumeError as exc:
        raise CliError(str(exc)) from None
    clusters: set[int] = set()
    try:
        for row in stop.until_asked(deduplicator.rows(workers=args.workers)):
            line = dumps_line(row)
            if "error" in row:
                output.write_error(line)
                if args.errors is None:
                    print_error(row)
                continue
            output.write_record(line)
            clusters.add(row["cluster"])
        output.finish()
    except BaseException:
        output.abandon()
        raise
    n_rows, n_errors = output.progress.records, output.progress.errors
    print(f"captionie dedup: {n_rows} captions in {len(clusters)} clusters "
          f"(threshold {deduplicator.threshold:g}), {n_errors} errors", file=sys.stderr)
    return EXIT_RECORD_ERRORS if n_errors else EXIT_OK
