"""The batch engine: captions in, one record (or one error record) per caption out, in order,
in one process or several.

It owns what a long run needs and a single caption does not: the result cache that answers
repeated captions, the warm-up before the first batch, memory zones that keep spaCy's vocab
from growing without end, and error isolation (a caption on which a rule fails becomes an error
record; the batch goes on).  With ``manage_collector`` (the command line's own process) it also
hands the loaded pipeline to ``gc.freeze()`` and pauses the garbage collector for each batch:
both change the whole process, so a library call never does them.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, TypeVar, Union

from spacy.language import Language

from captionie.batch.collector import collector_paused
from captionie.batch.result_cache import DEFAULT_SIZE, ResultCache
from captionie.io.json_lines import dumps_line
from captionie.io.readers import Caption, ReadError, caption_from_record
from captionie.pipeline.record import StoredResult

CaptionLike = Union[str, Caption, ReadError, dict]
Out = TypeVar("Out")

#: Batches an engine runs before it starts using memory zones: the first ones fill the
#: tokenizer's cache with the common words, which a memory zone would not keep.
WARM_BATCHES = 20


def as_caption(item: CaptionLike, position: int) -> Caption | ReadError:
    """A :class:`Caption` (or :class:`ReadError`) from what the Python API accepts; a string's
    id is its position."""
    if isinstance(item, (Caption, ReadError)):
        return item
    if isinstance(item, str):
        return Caption(id=str(position), text=item)
    return caption_from_record(item, str(position), f"item {position}")


def batched(items: Iterable[CaptionLike], size: int) -> Iterator[list[Caption | ReadError]]:
    """``items`` as captions, ``size`` at a time."""
    iterator = (as_caption(item, i) for i, item in enumerate(items))
    while batch := list(islice(iterator, size)):
        yield batch


def is_error_record(record: dict[str, Any]) -> bool:
    """Whether an output item is an error record (``{"id", "source", "error"}``)."""
    return "error" in record and "text" not in record


def routing_key(item: Caption | ReadError) -> str:
    """What picks an item's worker in a parallel run: a caption's text, so every repeat of a
    caption meets the worker whose result cache holds it."""
    return item.text if isinstance(item, Caption) else ""


class BatchEngine:
    """Runs batches of captions on one pipeline (by default the one ``captionie.extract``
    uses).  One engine per run: its result cache belongs to its pipeline."""

    def __init__(self, nlp: Language | None = None, *, cache_size: int = DEFAULT_SIZE,
                 manage_collector: bool = False) -> None:
        self._nlp = nlp
        self.cache: ResultCache[StoredResult] = ResultCache(cache_size)
        self.manage_collector = manage_collector
        self.batches_run = 0
        self._warm = False

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from captionie.pipeline.build import default_pipeline

            self._nlp = default_pipeline()
        return self._nlp

    def warm(self) -> None:
        """Load everything a batch needs (the pipeline, dateparser's parsers) before the first
        one, so worker processes forked after it inherit it instead of each loading it.

        With ``manage_collector``, the loaded objects (gazetteers, language tables, spaCy's
        vocab) go to ``gc.freeze()``: they live as long as the process, and full collections
        would otherwise walk all of them again and again."""
        if self._warm:
            return
        from captionie.components.dates import normalize_date

        with collector_paused() if self.manage_collector else contextlib.nullcontext():
            self.nlp
        normalize_date(2000, 1, 1)
        if self.manage_collector:
            gc.collect()
            gc.freeze()
        self._warm = True

    def records(self, batch: list[Caption | ReadError]) -> list[dict[str, Any]]:
        """Each item's record, in order: read errors and captions a rule failed on as error
        records.

        After :data:`WARM_BATCHES` batches each batch runs in ``nlp.memory_zone()``, which
        drops the vocab entries the batch added (new words, typos), so memory stays flat over
        millions of captions; records are plain dicts, so nothing outlives the zone."""
        from captionie.pipeline.run import process_batch

        self.warm()
        self.batches_run += 1
        zone = self.nlp.memory_zone() if self.batches_run > WARM_BATCHES else contextlib.nullcontext()
        paused = collector_paused() if self.manage_collector else contextlib.nullcontext()
        captions = [item for item in batch if isinstance(item, Caption)]
        with zone, paused:
            outcomes = iter(process_batch(self.nlp, captions, self.cache))
            return [item.to_json() if isinstance(item, ReadError) else _record_or_error(item, next(outcomes))
                    for item in batch]

    def map(self, task: Callable[["BatchEngine", list[Caption | ReadError]], list[Out]],
            batches: Iterable[list[Caption | ReadError]], n_process: int = 1) -> Iterator[list[Out]]:
        """``task(engine, batch)`` for each batch, results in order, here or in ``n_process``
        worker processes that each run an engine like this one."""
        if n_process <= 1:
            for batch in batches:
                yield task(self, batch)
            return
        from captionie.batch.workers import ordered_map

        self.warm()
        settings = (self._nlp, self.cache.size, self.manage_collector)
        yield from ordered_map(_InWorker(task), batches, n_process, routing_key,
                               initializer=_start_worker_engine, initargs=settings)


def _record_or_error(caption: Caption, outcome: dict[str, Any] | Exception) -> dict[str, Any]:
    """A caption's record or, should a rule ever fail on some input, its error record, so one
    caption cannot take the batch (and the run) down with it."""
    if not isinstance(outcome, Exception):
        return outcome
    reason = f"extraction failed: {type(outcome).__name__}: {outcome}".splitlines()[0][:300]
    return ReadError(caption.id, caption.source or "", reason).to_json()


def record_lines(engine: BatchEngine, batch: list[Caption | ReadError]) -> list[tuple[bool, str, None]]:
    """``(is_error, JSON line, None)`` per item: what crosses the process boundary is strings."""
    return [(is_error_record(record), dumps_line(record), None) for record in engine.records(batch)]


def record_lines_with_fingerprints(engine: BatchEngine, batch: list[Caption | ReadError]) -> list[tuple[bool, str, Any]]:
    """:func:`record_lines` with each record's near-duplicate fingerprint (None for errors)."""
    from captionie.duplicates.fingerprint import fingerprint

    out: list[tuple[bool, str, Any]] = []
    for record in engine.records(batch):
        is_error = is_error_record(record)
        out.append((is_error, dumps_line(record), None if is_error else fingerprint(record)))
    return out


#: A worker process's engine, made by :func:`_start_worker_engine` when the worker starts.
_worker_engine: BatchEngine | None = None


def _start_worker_engine(nlp: Language | None, cache_size: int, manage_collector: bool) -> None:
    global _worker_engine
    _worker_engine = BatchEngine(nlp, cache_size=cache_size, manage_collector=manage_collector)
    _worker_engine.warm()


@dataclass(frozen=True)
class _InWorker:
    """A task run on the worker process's engine (picklable: the task is a module-level
    function)."""

    task: Callable[[BatchEngine, list[Caption | ReadError]], list[Any]]

    def __call__(self, batch: list[Caption | ReadError]) -> list[Any]:
        assert _worker_engine is not None, "not in a worker started by BatchEngine.map"
        return self.task(_worker_engine, batch)
