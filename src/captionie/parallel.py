"""Order-preserving parallel map over batches with a bounded number of batches in flight.

``nlp.pipe(n_process=2)`` pickles whole Docs back to the parent and was measured *slower*
than one process (MEASUREMENTS.md).  Here each worker loads the pipeline once, receives
plain captions and returns finished records (or JSON lines); the parent keeps at most
``max_in_flight`` batches submitted, so memory stays flat however long the input is.

Each item of a batch goes to the worker its key picks, so equal keys (a caption's text)
always meet the same worker: each worker has its own result cache (``result_cache.py``), and
a caption repeated in the input is answered from it only if its first occurrence ran in that
worker.  Batches handed out whole, to whichever worker was free, answered about half the
repeats of ``benchmarks/corpus.py``; by key, all of them, as one process does.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Hashable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Out = TypeVar("Out")


def _start_worker(initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]) -> None:
    """Workers leave Ctrl-C and ``kill`` to the parent, which stops the pool and keeps its
    checkpoint (a forked worker would otherwise inherit the parent's SIGTERM handler, and
    every worker would print its own KeyboardInterrupt traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer(*initargs)


def ordered_map(
    func: Callable[[list[Item]], list[Out]],
    batches: Iterable[list[Item]],
    workers: int,
    key: Callable[[Item], Hashable],
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    max_in_flight: int | None = None,
) -> Iterator[list[Out]]:
    """``map(func, batches)`` on ``workers`` processes, results in input order.  ``func``
    returns one result per item, in order; each batch is split by ``hash(key(item))`` into
    one part per worker and its results are put back in the batch's order (module doc).

    ``initializer`` must be idempotent (a cached load): with the fork start method it also runs
    in the parent before the workers start."""
    limit = max_in_flight or workers * 3
    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    if forking and initializer is not None:
        # Forked workers inherit what the initializer loaded in the parent (copy-on-write), so
        # the pipeline is built once, not once per worker; in the workers it is then a no-op.
        initializer(*initargs)
    with contextlib.ExitStack() as stack:
        # One single-process pool per worker, so a part can be sent to the worker its key picks.
        pools = [stack.enter_context(ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_start_worker,
                                                         initargs=(initializer, initargs)))
                 for _ in range(workers)]
        pending: deque[tuple[list[int], list[Future[list[Out]] | None]]] = deque()
        for batch in batches:
            slots = [hash(key(item)) % workers for item in batch]
            parts: list[list[Item]] = [[] for _ in range(workers)]
            for item, slot in zip(batch, slots):
                parts[slot].append(item)
            pending.append((slots, [pool.submit(func, part) if part else None for pool, part in zip(pools, parts)]))
            if len(pending) >= limit:
                yield _in_batch_order(*pending.popleft())
        while pending:
            yield _in_batch_order(*pending.popleft())


def _in_batch_order(slots: list[int], futures: list[Future[list[Out]] | None]) -> list[Out]:
    """A batch's results, from its parts' results and the worker each item went to."""
    parts = [iter(future.result()) if future is not None else iter(()) for future in futures]
    return [next(parts[slot]) for slot in slots]
