"""The ``captionie`` command line (SPEC section 5).

``captionie extract`` streams every caption of every input to one JSON line, in input order,
with constant memory; ``--workers N`` runs N processes that each load the pipeline once and
return finished JSON lines.  Output files are written to a temporary file beside the target
and renamed at the end, so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

EXIT_OK, EXIT_RECORD_ERRORS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A problem the user can fix, reported as one line without a traceback."""


class Interrupted(Exception):
    """The run was stopped (Ctrl-C, ``kill``); the message says how to resume it."""


def _progress() -> object | None:
    """A tqdm bar on stderr when it is a terminal; None in pipes, files and CI logs."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" captions", file=sys.stderr, dynamic_ncols=True, leave=False)


def cmd_extract(args: argparse.Namespace) -> int:
    import functools
    import itertools
    import json

    from captionie.api import _run_batch_json, _warm, batched, routing_key
    from captionie.io.json_lines import dumps_line
    from captionie.io.readers import SUFFIXES, read
    from captionie.io.resumable import ResumableOutput, ResumeError

    _check_counts(args)
    deduplicator = _deduplicator(args.threshold) if args.dedup else None
    if args.resume and deduplicator is not None:
        raise CliError("--resume cannot be combined with --dedup (clusters need the whole input in one run)")
    try:
        output = ResumableOutput(args.output, args.errors, args.inputs, resumable=deduplicator is None)
        progress = output.start(resume=args.resume)
    except ResumeError as exc:
        raise CliError(str(exc)) from None
    skipped: list[Path] = []
    items = read(*args.inputs, on_skip=skipped.append)
    if progress.units:
        items = itertools.islice(items, progress.units, None)
    worker = functools.partial(_run_batch_json, with_fingerprint=deduplicator is not None)
    batches = batched(items, args.batch_size)
    if args.workers == 1:
        results: Iterator[list[tuple[bool, str, Any]]] = (worker(b) for b in batches)
    else:
        from captionie.batch.workers import ordered_map

        results = ordered_map(worker, batches, args.workers, routing_key, initializer=_warm)
    bar = _progress()
    # With --dedup, records wait in a scratch file until every cluster is known.
    scratch = tempfile.TemporaryFile("w+", encoding="utf-8") if deduplicator is not None else None
    try:
        for lines in results:
            _raise_if_stopped()
            for is_error, line, print_ in lines:
                if is_error:
                    error = json.loads(line)
                    output.write_error(line)
                    if args.errors is None:
                        _print_error(error)
                    if deduplicator is not None:
                        deduplicator.add_error(error.get("id"), error.get("source"), error.get("error", ""))
                elif scratch is not None:
                    scratch.write(line + "\n")
                    deduplicator.add(None, None, print_)
                else:
                    output.write_record(line)
            output.commit(len(lines))
            if bar is not None:
                bar.update(len(lines))  # type: ignore[attr-defined]
        if scratch is not None:
            scratch.seek(0)
            rows = (row for row in _until_stopped(deduplicator.rows(workers=args.workers)) if "error" not in row)
            for line, row in zip(scratch, rows):
                record = json.loads(line)  # exact: the line's floats read back as written
                record["cluster"] = row["cluster"]
                output.write_record(dumps_line(record))
            scratch.close()
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
            bar.close()  # type: ignore[attr-defined]
    done = output.progress
    note = f", {len(skipped)} files skipped (not {', '.join(sorted(SUFFIXES))})" if skipped else ""
    print(f"captionie extract: {done.records} records, {done.errors} errors{note}", file=sys.stderr)
    return EXIT_RECORD_ERRORS if done.errors else EXIT_OK


def _deduplicator(threshold: float | None) -> Any:
    from captionie.duplicates.deduplicator import DEFAULT_THRESHOLD, Deduplicator

    try:
        return Deduplicator(DEFAULT_THRESHOLD if threshold is None else threshold)
    except ValueError as exc:
        raise CliError(f"--threshold: {exc}") from None


def cmd_dedup(args: argparse.Namespace) -> int:
    from captionie.duplicates.deduplicator import feed
    from captionie.io.json_lines import dumps_line
    from captionie.io.readers import read
    from captionie.io.resumable import ResumableOutput, ResumeError

    _check_counts(args)
    deduplicator = _deduplicator(args.threshold)
    bar = _progress()
    feed(deduplicator, _until_stopped(read(*args.inputs)), n_process=args.workers, batch_size=args.batch_size,
         progress=bar)
    if bar is not None:
        bar.close()  # type: ignore[attr-defined]
    clusters: set[int] = set()
    try:
        output = ResumableOutput(args.output, args.errors, args.inputs, resumable=False)
        output.start(resume=False)
    except ResumeError as exc:
        raise CliError(str(exc)) from None
    try:
        for row in _until_stopped(deduplicator.rows(workers=args.workers)):
            line = dumps_line(row)
            if "error" in row:
                output.write_error(line)
                if args.errors is None:
                    _print_error(row)
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


def _print_error(row: dict) -> None:
    """An error record as one line on stderr (when there is no ``--errors`` file)."""
    print(f"captionie: {row.get('source')}: {row.get('error')}", file=sys.stderr)


def _check_counts(args: argparse.Namespace) -> None:
    if args.workers < 1:
        raise CliError(f"--workers must be at least 1, got {args.workers}")
    if args.batch_size < 1:
        raise CliError(f"--batch-size must be at least 1, got {args.batch_size}")


def cmd_evaluate(args: argparse.Namespace) -> int:
    import srsly

    from captionie.evaluation.scoring import evaluate

    def load(path: str) -> list[dict]:
        try:
            return list(srsly.read_jsonl(path))
        except (OSError, ValueError) as exc:
            raise CliError(f"{path}: cannot read JSONL: {exc}") from None

    gold = load(args.gold)
    predictions = load(args.predictions) if args.predictions else None
    report = evaluate(gold, predictions, with_errors=args.errors)
    print(report.table())
    if args.json:
        srsly.write_json(args.json, report.to_json())
    if args.errors:
        for error in report.errors:
            print(f"{error['type']:<14} {error['field']:<11} {error['id']}  {error['context']!r}  "
                  f"value={error['value']!r} rule={error['rule']}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="captionie", description="Structured records from space-imagery captions.")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="every caption of every input -> one JSON record per line")
    extract.add_argument("inputs", nargs="+", help="files, folders, or - for standard input")
    extract.add_argument("-o", "--output", help="output JSONL (default: standard output)")
    extract.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    extract.add_argument("--errors", help="write one error record per unreadable input here (JSONL)")
    extract.add_argument("--batch-size", type=int, default=256, help="captions per batch sent to a worker")
    extract.add_argument("--dedup", action="store_true", help="add each record's near-duplicate \"cluster\" number")
    extract.add_argument("--threshold", type=float, default=None, help="similarity threshold for --dedup")
    extract.add_argument("--resume", action="store_true",
                         help="continue an interrupted run of the same command (same inputs, -o and --errors)")
    extract.set_defaults(func=cmd_extract)
    dedup = sub.add_parser("dedup", help="every caption -> its near-duplicate cluster (one JSON row per caption)")
    dedup.add_argument("inputs", nargs="+", help="files, folders, or - for standard input")
    dedup.add_argument("-o", "--output", help="output JSONL (default: standard output)")
    dedup.add_argument("--threshold", type=float, default=None,
                       help="fuzz.ratio similarity (0-100] above which captions with equal guards merge "
                            "(default: the evaluated value, see docs/dedup.md)")
    dedup.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    dedup.add_argument("--errors", help="write one error record per unreadable input here (JSONL)")
    dedup.add_argument("--batch-size", type=int, default=256, help="captions per batch sent to a worker")
    dedup.set_defaults(func=cmd_dedup)
    evaluate = sub.add_parser("evaluate", help="precision/recall/F1 against gold records (SPEC section 4)")
    evaluate.add_argument("--gold", required=True, help="gold JSONL")
    evaluate.add_argument("predictions", nargs="?", help="prediction JSONL (default: run the extractor on the gold texts)")
    evaluate.add_argument("--json", help="also write the report as JSON here")
    evaluate.add_argument("--errors", action="store_true", help="list every false positive and false negative")
    evaluate.set_defaults(func=cmd_evaluate)
    return parser


#: Set when Ctrl-C or ``kill`` asked this run to stop (:func:`_stop`).
_stop_requested = False


def _stop(signum: int, frame: Any) -> None:
    """Ctrl-C (SIGINT) and ``kill`` (SIGTERM) stop a run: checkpointed, resumable.

    The first signal only asks: the run raises KeyboardInterrupt at its next batch
    (:func:`_raise_if_stopped`), where it stops cleanly.  Raised here, it would land in
    whatever code runs when the signal comes, and some swallows it: the callbacks Python runs
    around forking a worker and a destructor of dateparser's ``regex`` printed it as
    "Exception ignored" with a traceback and went on, and one run finished.  A second signal
    stops at once."""
    global _stop_requested
    if _stop_requested:
        raise KeyboardInterrupt
    _stop_requested = True


def _stop_now(signum: int, frame: Any) -> None:
    """``kill`` (SIGTERM) stops a command that has no batches to stop between (``evaluate``)
    as Ctrl-C does."""
    raise KeyboardInterrupt


def _raise_if_stopped() -> None:
    if _stop_requested:
        raise KeyboardInterrupt


def _until_stopped(items: Iterable[Any]) -> Iterator[Any]:
    """``items``, raising KeyboardInterrupt before the next one once a stop was asked for."""
    for item in items:
        _raise_if_stopped()
        yield item


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    global _stop_requested
    _stop_requested = False
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        batch_run = args.func in (cmd_extract, cmd_dedup)  # they check for a stop between batches
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, _stop if batch_run else _stop_now)
        if batch_run and signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not if ignored
            previous[signal.SIGINT] = signal.signal(signal.SIGINT, _stop)
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"captionie: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Interrupted as exc:
        print(f"captionie: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("captionie: interrupted; no output file was written", file=sys.stderr)
        return 130
    except OSError as exc:  # a disk that fills up, an output that vanishes mid-run
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"captionie: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_RECORD_ERRORS
    except BrokenPipeError:
        return EXIT_OK
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
