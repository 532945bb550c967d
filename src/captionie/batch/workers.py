"""Order-preserving parallel map over batches with a bounded number of batches in flight.

``nlp.pipe(n_process=2)`` pickles whole Docs back to the parent, which is slower than one
process.  Here each worker loads the pipeline once, receives plain captions and returns
finished records (or JSON lines); the parent keeps at most ``max_in_flight`` batches
submitted, so memory stays flat however long the input is.

Each batch is split into one part per worker (:class:`Router`).  A caption whose text was seen
recently goes to the worker that had it, because each worker has its own result cache and
answers a repeat only if it ran the first occurrence; a new text goes to the worker with the
least unfinished work.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections import OrderedDict, deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Hashable, Iterable, Iterator, TypeVar

from captionie.batch.result_cache import DEFAULT_SIZE

Item = TypeVar("Item")
Out = TypeVar("Out")

#: Keys whose worker the router remembers, per worker: as many as a worker's result cache holds,
#: so a repeat its worker may still answer is sent there.
REMEMBERED_PER_WORKER = DEFAULT_SIZE


def _start_worker(initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]) -> None:
    """Workers leave Ctrl-C and ``kill`` to the parent, which stops the pool and keeps its
    checkpoint (a forked worker would otherwise inherit the parent's SIGTERM handler, and
    every worker would print its own KeyboardInterrupt traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer(*initargs)


class Router:
    """Splits batches between ``workers``: a remembered key goes back to its worker, a new one
    to the worker with the fewest unfinished new items.

    Only new items count as load, since a repeat is answered from its worker's result cache at
    almost no cost.  Keys are remembered by their hash, least recently seen forgotten first, so
    the parent holds no caption texts; two keys with one hash only share a worker."""

    def __init__(self, workers: int, remembered: int) -> None:
        self.workers = workers
        self.remembered = remembered
        self._worker_of: OrderedDict[int, int] = OrderedDict()

    def split(self, batch: list[Item], key: Callable[[Item], Hashable], unfinished: list[int]
              ) -> tuple[list[int], list[list[Item]], list[int]]:
        """Each item's worker, the parts (items per worker, in batch order) and each part's
        number of new items.  ``unfinished``: each worker's new items still being worked on."""
        load = list(unfinished)
        fresh = [0] * self.workers
        parts: list[list[Item]] = [[] for _ in range(self.workers)]
        slots: list[int] = []
        worker_of = self._worker_of
        for item in batch:
            hashed = hash(key(item))
            slot = worker_of.get(hashed)
            if slot is None:
                slot = load.index(min(load))
                load[slot] += 1
                fresh[slot] += 1
                worker_of[hashed] = slot
                if len(worker_of) > self.remembered:
                    worker_of.popitem(last=False)
            else:
                worker_of.move_to_end(hashed)
            slots.append(slot)
            parts[slot].append(item)
        return slots, parts, fresh


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
    returns one result per item, in order; each batch is split into one part per worker by
    :class:`Router` and its results are put back in the batch's order.  ``initializer`` runs
    once in each worker; what the parent loaded before the call, forked workers inherit."""
    limit = max_in_flight or workers * 3
    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    router = Router(workers, workers * REMEMBERED_PER_WORKER)
    with contextlib.ExitStack() as stack:
        # One single-process pool per worker, so a part can be sent to the worker picked for it.
        pools = [stack.enter_context(ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_start_worker,
                                                         initargs=(initializer, initargs)))
                 for _ in range(workers)]
        # Per batch in flight: each item's worker, each part's future and its new items.
        pending: deque[tuple[list[int], list[Future[list[Out]] | None], list[int]]] = deque()
        for batch in batches:
            slots, parts, fresh = router.split(batch, key, _unfinished(pending, workers))
            futures = [pool.submit(func, part) if part else None for pool, part in zip(pools, parts)]
            pending.append((slots, futures, fresh))
            if len(pending) >= limit:
                yield _in_batch_order(*pending.popleft()[:2])
        while pending:
            yield _in_batch_order(*pending.popleft()[:2])


def _unfinished(pending: Iterable[tuple[list[int], list[Future[Any] | None], list[int]]], workers: int) -> list[int]:
    """Each worker's new items in parts it has not finished yet."""
    load = [0] * workers
    for _, futures, fresh in pending:
        for slot, future in enumerate(futures):
            if future is not None and not future.done():
                load[slot] += fresh[slot]
    return load


def _in_batch_order(slots: list[int], futures: list[Future[list[Out]] | None]) -> list[Out]:
    """A batch's results, from its parts' results and the worker each item went to."""
    parts = [iter(future.result()) if future is not None else iter(()) for future in futures]
    return [next(parts[slot]) for slot in slots]
