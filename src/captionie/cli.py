"""The ``captionie`` command line (SPEC section 5).

``captionie extract`` streams every caption of every input to one JSON line, in input order,
with constant memory; ``--workers N`` runs N processes that each load the pipeline once and
return finished JSON lines.  Output files are written to a temporary file beside the target
and renamed at the end, so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator, Sequence

EXIT_OK, EXIT_RECORD_ERRORS, EXIT_USAGE = 0, 1, 2


@contextmanager
def atomic_writer(path: str | None) -> Iterator[IO[str]]:
    """A text stream that becomes ``path`` only when the block finishes without error
    (stdout when ``path`` is None or ``-``)."""
    if path in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise CliError(f"{target}: cannot write: directory {directory} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise CliError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise


class CliError(Exception):
    """A problem the user can fix, reported as one line without a traceback."""


def _progress() -> object | None:
    """A tqdm bar on stderr when it is a terminal; None in pipes, files and CI logs."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" captions", file=sys.stderr, dynamic_ncols=True, leave=False)


def cmd_extract(args: argparse.Namespace) -> int:
    import functools

    import srsly

    from captionie.api import _run_batch_json, _warm, batched
    from captionie.readers import read

    _check_counts(args)
    deduplicator = _deduplicator(args.threshold) if args.dedup else None
    worker = functools.partial(_run_batch_json, with_fingerprint=deduplicator is not None)
    batches = batched(read(*args.inputs), args.batch_size)
    if args.workers == 1:
        results: Iterator[list[tuple[bool, str, Any]]] = (worker(b) for b in batches)
    else:
        from captionie.parallel import ordered_map

        results = ordered_map(worker, batches, args.workers, initializer=_warm)
    n_records = n_errors = 0
    bar = _progress()
    with atomic_writer(args.output) as out, atomic_writer(args.errors) if args.errors else _null() as err:
        # With --dedup, records wait in a scratch file until every cluster is known.
        sink = tempfile.TemporaryFile("w+", encoding="utf-8") if deduplicator is not None else out
        for lines in results:
            for is_error, line, print_ in lines:
                if is_error:
                    n_errors += 1
                    error = srsly.json_loads(line)
                    _report_error(error, line, err)
                    if deduplicator is not None:
                        deduplicator.add_error(error.get("id"), error.get("source"), error.get("error", ""))
                else:
                    n_records += 1
                    sink.write(line + "\n")
                    if deduplicator is not None:
                        deduplicator.add(None, None, print_)
            if bar is not None:
                bar.update(len(lines))  # type: ignore[attr-defined]
        if deduplicator is not None:
            sink.seek(0)
            rows = (row for row in deduplicator.rows(workers=args.workers) if "error" not in row)
            for line, row in zip(sink, rows):
                record = srsly.json_loads(line)
                record["cluster"] = row["cluster"]
                out.write(srsly.json_dumps(record) + "\n")
            sink.close()
    if bar is not None:
        bar.close()  # type: ignore[attr-defined]
    print(f"captionie extract: {n_records} records, {n_errors} errors", file=sys.stderr)
    return EXIT_RECORD_ERRORS if n_errors else EXIT_OK


def _deduplicator(threshold: float | None) -> Any:
    from captionie.dedup import DEFAULT_THRESHOLD, Deduplicator

    try:
        return Deduplicator(DEFAULT_THRESHOLD if threshold is None else threshold)
    except ValueError as exc:
        raise CliError(f"--threshold: {exc}") from None


def cmd_dedup(args: argparse.Namespace) -> int:
    import srsly

    from captionie.dedup import feed
    from captionie.readers import read

    _check_counts(args)
    deduplicator = _deduplicator(args.threshold)
    bar = _progress()
    feed(deduplicator, read(*args.inputs), n_process=args.workers, batch_size=args.batch_size, progress=bar)
    if bar is not None:
        bar.close()  # type: ignore[attr-defined]
    n_rows = n_errors = 0
    clusters: set[int] = set()
    with atomic_writer(args.output) as out, atomic_writer(args.errors) if args.errors else _null() as err:
        for row in deduplicator.rows(workers=args.workers):
            line = srsly.json_dumps(row)
            if "error" in row:
                n_errors += 1
                _report_error(row, line, err)
                continue
            n_rows += 1
            clusters.add(row["cluster"])
            out.write(line + "\n")
    print(f"captionie dedup: {n_rows} captions in {len(clusters)} clusters "
          f"(threshold {deduplicator.threshold:g}), {n_errors} errors", file=sys.stderr)
    return EXIT_RECORD_ERRORS if n_errors else EXIT_OK


def _report_error(row: dict, line: str, err: IO[str] | None) -> None:
    """An error record goes to ``--errors`` when given, else one line on stderr."""
    if err is not None:
        err.write(line + "\n")
    else:
        print(f"captionie: {row.get('source')}: {row.get('error')}", file=sys.stderr)


def _check_counts(args: argparse.Namespace) -> None:
    if args.workers < 1:
        raise CliError(f"--workers must be at least 1, got {args.workers}")
    if args.batch_size < 1:
        raise CliError(f"--batch-size must be at least 1, got {args.batch_size}")


def cmd_evaluate(args: argparse.Namespace) -> int:
    import srsly

    from captionie.scoring import evaluate

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


@contextmanager
def _null() -> Iterator[None]:
    yield None


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"captionie: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("captionie: interrupted; no output file was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
