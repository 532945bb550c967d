"""The ``captionie`` command line: the parser, signals and exit codes.

Each command lives in a module of its own and imports spaCy only when it runs, so ``--help``
and ``--version`` answer at once.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any, Sequence

from captionie import __version__
from captionie.cli import dedup, evaluate, extract
from captionie.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_RECORD_ERRORS, EXIT_USAGE, CliError, Interrupted, stop, stop_now


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="captionie", description="Structured records from space-imagery captions.")
    parser.add_argument("--version", action="version", version=f"captionie {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in (extract, dedup, evaluate):
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    stop.asked = False
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        # Batch runs check for a stop between batches; evaluate stops where the signal lands.
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, stop.handle if args.batch_run else stop_now)
        if args.batch_run and signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not if ignored
            previous[signal.SIGINT] = signal.signal(signal.SIGINT, stop.handle)
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"captionie: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Interrupted as exc:
        print(f"captionie: {exc}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print("captionie: interrupted; no output file was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a disk that fills up, an output that vanishes mid-run
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"captionie: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_RECORD_ERRORS
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
