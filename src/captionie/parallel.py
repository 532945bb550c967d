"""Order-preserving parallel map over batches with a bounded number of batches in flight.

``nlp.pipe(n_process=2)`` pickles whole Docs back to the parent and was measured *slower*
than one process (MEASUREMENTS.md).  Here each worker loads the pipeline once, receives a
batch of plain captions and returns finished records (or JSON lines); the parent keeps at most
``max_in_flight`` batches submitted, so memory stays flat however long the input is.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator, TypeVar

Batch = TypeVar("Batch")
Result = TypeVar("Result")


def _start_worker(initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]) -> None:
    """Workers leave Ctrl-C and ``kill`` to the parent, which stops the pool and keeps its
    checkpoint (a forked worker would otherwise inherit the parent's SIGTERM handler, and
    every worker would print its own KeyboardInterrupt traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer(*initargs)


def ordered_map(
    func: Callable[[Batch], Result],
    batches: Iterable[Batch],
    workers: int,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    max_in_flight: int | None = None,
) -> Iterator[Result]:
    """``map(func, batches)`` on ``workers`` processes, results in input order.

    ``initializer`` must be idempotent (a cached load): with the fork start method it also runs
    in the parent before the workers start."""
    limit = max_in_flight or workers * 3
    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    if forking and initializer is not None:
        # Forked workers inherit what the initializer loaded in the parent (copy-on-write), so
        # the pipeline is built once, not once per worker; in the workers it is then a no-op.
        initializer(*initargs)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(initializer, initargs)) as pool:
        pending: deque[Future[Result]] = deque()
        for batch in batches:
            pending.append(pool.submit(func, batch))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
