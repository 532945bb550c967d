"""Order-preserving parallel map over batches with a bounded number of batches in flight.

``nlp.pipe(n_process=2)`` pickles whole Docs back to the parent and was measured *slower*
than one process (MEASUREMENTS.md).  Here each worker loads the pipeline once, receives
plain captions and returns finished records (or JSON lines); the parent keeps at most
``max_in_flight`` batches submitted, so memory stays flat however long the input is.

Each batch is split into one part per worker (:class:`Router`).  An item whose key (a
caption's text) was seen recently goes to the worker that had it: each worker has its own
result cache (``result_cache.py``), and a repeated caption is answered from it only if its
first occurrence ran in that worker.  Batches handed out whole, to whichever worker was free,
answered about half the repeats of ``benchmarks/corpus.py``; sent by key, all of them, as one
process does.  An item with a new key goes to the worker that would finish it first (its
unfinished work times the pace it has shown), so a worker on a busier or slower core gets less,
and no worker idles while the other finishes a fixed half (results come back in order, so the
faster worker would otherwise wait on the slower).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
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
    to the worker that would finish it first, judged by its unfinished new items and the
    seconds it has been taking for one.

    Only new items count as load: a repeat is answered from its worker's result cache in
    ~9 µs, against ~250 µs for a caption that is run.  Each worker's pace is learned from the
    parts it finishes (:meth:`finished`), so a worker on a busy core is given less; counting
    unfinished items alone would split evenly whenever batches are sent in a burst, before
    either worker has finished its last part.  Keys are remembered by their hash, least
    recently seen forgotten first, so the parent holds no caption texts; two keys with one
    hash only share a worker."""

    #: Weight of a finished part's pace in the running estimate.
    PACE_WEIGHT = 0.2

    def __init__(self, workers: int, remembered: int) -> None:
        self.workers = workers
        self.remembered = remembered
        self.pace = [1.0] * workers  # seconds a new item; only their ratio matters
        self._measured = False
        self._worker_of: OrderedDict[int, int] = OrderedDict()

    def finished(self, slot: int, new_items: int, seconds: float) -> None:
        """Learn from a finished part: ``new_items`` of it took ``seconds`` in worker ``slot``."""
        if new_items <= 0:
            return
        pace = seconds / new_items
        if not self._measured:
            self._measured = True
            self.pace = [pace] * self.workers  # the first measure stands for every worker
        else:
            self.pace[slot] += self.PACE_WEIGHT * (pace - self.pace[slot])

    def split(self, batch: list[Item], key: Callable[[Item], Hashable], unfinished: list[int]
              ) -> tuple[list[int], list[list[Item]], list[int]]:
        """Each item's worker, the parts (items per worker, in batch order) and each part's
        number of new items.  ``unfinished``: each worker's new items still being worked on."""
        pace = list(self.pace)  # a copy: :meth:`finished` runs in the pool's result thread
        due = [items * seconds for items, seconds in zip(unfinished, pace)]  # when each would be free
        fresh = [0] * self.workers
        parts: list[list[Item]] = [[] for _ in range(self.workers)]
        slots: list[int] = []
        worker_of = self._worker_of
        for item in batch:
            hashed = hash(key(item))
            slot = worker_of.get(hashed)
            if slot is None:
                finish = [free + seconds for free, seconds in zip(due, pace)]
                slot = finish.index(min(finish))
                due[slot] = finish[slot]
                fresh[slot] += 1
                worker_of[hashed] = slot
                if len(worker_of) > self.remembered:
                    worker_of.popitem(last=False)
            else:
                worker_of.move_to_end(hashed)
            slots.append(slot)
            parts[slot].append(item)
        return slots, parts, fresh


def _timed(func: Callable[[list[Item]], list[Out]], part: list[Item]) -> tuple[list[Out], float]:
    """Worker side: a part's results and the seconds they took (the router's pace)."""
    started = time.perf_counter()
    results = func(part)
    return results, time.perf_counter() - started


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
    :class:`Router` and its results are put back in the batch's order.

    ``initializer`` must be idempotent (a cached load): with the fork start method it also runs
    in the parent before the workers start."""
    limit = max_in_flight or workers * 3
    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    if forking and initializer is not None:
        # Forked workers inherit what the initializer loaded in the parent (copy-on-write), so
        # the pipeline is built once, not once per worker; in the workers it is then a no-op.
        initializer(*initargs)
    router = Router(workers, workers * REMEMBERED_PER_WORKER)
    with contextlib.ExitStack() as stack:
        # One single-process pool per worker, so a part can be sent to the worker picked for it.
        pools = [stack.enter_context(ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_start_worker,
                                                         initargs=(initializer, initargs)))
                 for _ in range(workers)]
        # Per batch in flight: each item's worker, each part's future and its new items.
        pending: deque[tuple[list[int], list[Future[tuple[list[Out], float]] | None], list[int]]] = deque()
        for batch in batches:
            slots, parts, fresh = router.split(batch, key, _unfinished(pending, workers))
            futures = [pool.submit(_timed, func, part) if part else None for pool, part in zip(pools, parts)]
            for slot, future in enumerate(futures):
                if future is not None:
                    future.add_done_callback(_pacer(router, slot, fresh[slot]))
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


def _pacer(router: Router, slot: int, new_items: int) -> Callable[[Future[Any]], None]:
    """A done-callback telling the router how long a part took (not if it failed)."""
    def tell(future: Future[Any]) -> None:
        if not future.cancelled() and future.exception() is None:
            router.finished(slot, new_items, future.result()[1])
    return tell


def _in_batch_order(slots: list[int], futures: list[Future[tuple[list[Out], float]] | None]) -> list[Out]:
    """A batch's results, from its parts' results and the worker each item went to."""
    parts = [iter(future.result()[0]) if future is not None else iter(()) for future in futures]
    return [next(parts[slot]) for slot in slots]
