"""The Python API: ``extract`` one caption, ``extract_many`` a stream of them."""

from __future__ import annotations

import contextlib
import gc
from itertools import islice
from typing import Any, Iterable, Iterator, Literal, Union, overload

from captionie.batch.collector import collector_paused
from captionie.io.json_lines import dumps_line
from captionie.pipeline.build import default_pipeline
from captionie.pipeline.run import process_batch, process_caption
from captionie.io.readers import Caption, ReadError, caption_from_record
from captionie.pipeline.record import StoredResult
from captionie.batch.result_cache import DEFAULT_SIZE, ResultCache

CaptionLike = Union[str, Caption, ReadError, dict]


def extract(text: str, *, id: str | None = None, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The SPEC record of one caption.  ``meta`` (e.g. ``{"image_id": "jsc2013e013823"}``)
    is carried through and used to infer the year of dates written without one."""
    if not isinstance(text, str):
        raise TypeError(f"captionie.extract expects a str, got {type(text).__name__}")
    return process_caption(default_pipeline(), Caption(id=id or "0", text=text, meta=dict(meta or {})))


def _as_caption(item: CaptionLike, position: int) -> Caption | ReadError:
    if isinstance(item, (Caption, ReadError)):
        return item
    if isinstance(item, str):
        return Caption(id=str(position), text=item)
    return caption_from_record(item, str(position), f"item {position}")


#: Batches a process runs before it starts using memory zones (see :func:`_run_batch`).
WARM_BATCHES = 20
_batches_run = 0
#: Batch runs in this process look repeated captions up here (``result_cache`` says why);
#: it belongs to :func:`default_pipeline`, the pipeline batches run on.
_RESULTS: ResultCache[StoredResult] = ResultCache()


def reset_result_cache(size: int = DEFAULT_SIZE) -> ResultCache[StoredResult]:
    """Empty this process's result cache (giving it ``size`` entries) and return it: a
    benchmark repeating a run starts each from a cold cache, as a new process would."""
    global _RESULTS
    _RESULTS = ResultCache(size)
    return _RESULTS


@overload
def _run_batch(batch: list[Caption | ReadError], copy: bool = ..., as_json: Literal[False] = ...) -> list[dict[str, Any]]: ...


@overload
def _run_batch(batch: list[Caption | ReadError], copy: bool, as_json: Literal[True]) -> list[dict[str, Any] | str]: ...


def _run_batch(batch: list[Caption | ReadError], copy: bool = True, as_json: bool = False) -> list[dict[str, Any]] | list[dict[str, Any] | str]:
    """Records of one batch, in order (``copy=False``: records that are only serialized or
    fingerprinted may share mention lists with each other; see ``record_from_store``;
    ``as_json``: each caption's record as its JSON line, error records as dicts).

    Flat memory however long the run: every new word (a typo, a name) adds an entry to
    spaCy's shared vocab, which grows without end over millions of captions.  After the first
    :data:`WARM_BATCHES` batches (which fill the tokenizer cache with the common words: a
    memory zone does not add to it), each batch runs in ``nlp.memory_zone()``, which evicts
    the vocab entries the batch added.  Records are plain dicts, so nothing outlives the zone.
    The garbage collector is paused for the batch (:func:`collector_paused`): a batch run makes
    no reference cycles (over 20,000 corpus captions the collector freed nothing), yet its
    collections cost ~12 µs a caption (5% of the run, measured with ``gc.callbacks``).  It resumes
    after the batch, so a cycle a failing caption leaves (an exception and its traceback)
    waits at most one batch.
    """
    global _batches_run
    _warm()
    nlp = default_pipeline()
    _batches_run += 1
    zone = nlp.memory_zone() if _batches_run > WARM_BATCHES else contextlib.nullcontext()
    captions = [c for c in batch if isinstance(c, Caption)]
    with zone, collector_paused():
        outcomes = iter(process_batch(nlp, captions, _RESULTS, copy, as_json))
        return [item.to_json() if isinstance(item, ReadError) else _record_or_error(item, next(outcomes))
                for item in batch]


def is_error_record(record: dict[str, Any]) -> bool:
    """Whether an output item is an error record (``{"id", "source", "error"}``)."""
    return "error" in record and "text" not in record


def _record_or_error(caption: Caption, outcome: dict[str, Any] | str | Exception) -> dict[str, Any] | str:
    """A caption's record (or its JSON line), or — should a rule ever fail on some input —
    its error record, so one caption cannot take the batch (and the run) down with it."""
    if not isinstance(outcome, Exception):
        return outcome
    reason = f"extraction failed: {type(outcome).__name__}: {outcome}".splitlines()[0][:300]
    return ReadError(caption.id, caption.source or "", reason).to_json()


def _run_batch_json(batch: list[Caption | ReadError], with_fingerprint: bool = False) -> list[tuple[bool, str, Any]]:
    """Worker side of the CLI: ``(is_error, JSON line, fingerprint or None)`` per caption, so
    only strings and small tuples cross the process boundary."""
    from captionie.duplicates.fingerprint import fingerprint

    out: list[tuple[bool, str, Any]] = []
    if not with_fingerprint:  # records as JSON lines, repeats spliced from the cache's JSON
        for item in _run_batch(batch, copy=False, as_json=True):
            out.append((False, item, None) if isinstance(item, str) else (True, dumps_line(item), None))
        return out
    for record in _run_batch(batch, copy=False):  # each record is dumped and dropped here
        assert isinstance(record, dict)
        is_error = is_error_record(record)
        print_ = fingerprint(record) if not is_error else None
        out.append((is_error, dumps_line(record), print_))
    return out


_settled = False


def _warm() -> None:
    """Load everything a batch run needs once per process (the pipeline and dateparser's
    parsers, which the first date would load), then hand what is loaded to ``gc.freeze()``.

    The pipeline's data (gazetteers, dateparser's language tables, spaCy's vocab) is about
    170,000 objects that live as long as the process.  Without the freeze, every full
    collection of the cyclic garbage collector walks all of them, and the records a batch run
    allocates trigger one every few thousand captions: 36 µs a caption in all, 7% of the run
    (measured with ``gc.callbacks``).  Frozen objects are skipped; they are still freed by
    reference counting.  The collection before the freeze keeps garbage out of the frozen set.
    Batch runs only (the CLI, :func:`extract_many`, dedup): :func:`extract` never freezes.
    Run in the parent before workers fork, it also spares the workers copy-on-write copies
    of the pages the collector would touch."""
    global _settled
    if _settled:
        return
    default_pipeline()
    from captionie.components.dates import normalize_date

    normalize_date(2000, 1, 1)
    gc.collect()
    gc.freeze()
    _settled = True


def routing_key(item: Caption | ReadError) -> str:
    """What picks an item's worker in a parallel run (``parallel.ordered_map``): a caption's
    text, so every repeat of a caption meets the worker whose result cache holds it."""
    return item.text if isinstance(item, Caption) else ""


def batched(items: Iterable[CaptionLike], size: int) -> Iterator[list[Caption | ReadError]]:
    iterator = (_as_caption(item, i) for i, item in enumerate(items))
    while True:
        batch = list(islice(iterator, size))
        if not batch:
            return
        yield batch


def extract_many(items: Iterable[CaptionLike], *, n_process: int = 1, batch_size: int = 256) -> Iterator[dict[str, Any]]:
    """Records for a stream of captions, in input order, streaming.

    ``items`` may mix strings (id = position), :class:`Caption` objects (what
    :func:`captionie.read` yields), dicts with a ``text``/``description``/``caption`` key, and
    :class:`ReadError` objects, which come out as ``{"id", "source", "error"}`` records so no
    input is lost.  ``n_process > 1`` runs worker processes that each load the pipeline once.
    """
    batches = batched(items, batch_size)
    if n_process <= 1:
        for batch in batches:
            yield from _run_batch(batch)
        return
    from captionie.batch.workers import ordered_map

    for records in ordered_map(_run_batch, batches, n_process, routing_key, initializer=_warm):
        yield from records
