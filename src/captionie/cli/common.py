"""What every command shares: one-line usage errors, exit codes, the progress bar, error
records on stderr, and stopping a run cleanly on Ctrl-C or ``kill``."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Iterable, Iterator

EXIT_OK, EXIT_RECORD_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class CliError(Exception):
    """A problem the user can fix, reported as one line without a traceback."""


class Interrupted(Exception):
    """The run was stopped (Ctrl-C, ``kill``); the message says how to resume it."""


def progress_bar() -> Any:
    """A tqdm bar on stderr when it is a terminal; None in pipes, files and CI logs."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" captions", file=sys.stderr, dynamic_ncols=True, leave=False)


def print_error(row: dict[str, Any]) -> None:
    """An error record as one line on stderr (when there is no ``--errors`` file)."""
    print(f"captionie: {row.get('source')}: {row.get('error')}", file=sys.stderr)


def check_counts(args: argparse.Namespace) -> None:
    if args.workers < 1:
        raise CliError(f"--workers must be at least 1, got {args.workers}")
    if args.batch_size < 1:
        raise CliError(f"--batch-size must be at least 1, got {args.batch_size}")


class StopRequest:
    """Ctrl-C (SIGINT) and ``kill`` (SIGTERM) stop a batch run cleanly, checkpointed.

    The first signal only asks: the run raises KeyboardInterrupt at its next batch
    (:meth:`raise_if_asked`).  Raised where the signal lands, it could meet code that swallows
    it (the callbacks Python runs around forking a worker print it as "Exception ignored" and
    go on).  A second signal stops at once."""

    def __init__(self) -> None:
        self.asked = False

    def handle(self, signum: int, frame: Any) -> None:
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True

    def raise_if_asked(self) -> None:
        if self.asked:
            raise KeyboardInterrupt

    def until_asked(self, items: Iterable[Any]) -> Iterator[Any]:
        """``items``, raising KeyboardInterrupt before the next one once a stop was asked."""
        for item in items:
            self.raise_if_asked()
            yield item


def stop_now(signum: int, frame: Any) -> None:
    """``kill`` stops a command that has no batches to stop between as Ctrl-C does."""
    raise KeyboardInterrupt


#: The stop request of this process's command (``app.main`` installs its handler).
stop = StopRequest()
