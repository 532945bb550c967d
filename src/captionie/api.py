"""The Python API: ``extract`` one caption, ``extract_many`` a stream of them, ``dedup`` them."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from captionie.batch.engine import BatchEngine, CaptionLike, batched
from captionie.duplicates.deduplicator import DEFAULT_THRESHOLD, Deduplicator, feed
from captionie.io.readers import Caption


def extract(text: str, *, id: str | None = None, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The record of one caption.  ``meta`` (e.g. ``{"image_id": "jsc2013e013823"}``) is
    carried through and used to infer the year of dates written without one."""
    from captionie.pipeline.build import default_pipeline
    from captionie.pipeline.run import process_caption

    if not isinstance(text, str):
        raise TypeError(f"captionie.extract expects a str, got {type(text).__name__}")
    return process_caption(default_pipeline(), Caption(id=id or "0", text=text, meta=dict(meta or {})))


def extract_many(items: Iterable[CaptionLike], *, n_process: int = 1, batch_size: int = 256) -> Iterator[dict[str, Any]]:
    """Records for a stream of captions, in input order, streaming.

    ``items`` may mix strings (id = position), :class:`Caption` objects (what
    :func:`captionie.read` yields), dicts with a ``text``/``description``/``caption`` key, and
    :class:`ReadError` objects, which come out as ``{"id", "source", "error"}`` records so no
    input is lost.  ``n_process > 1`` runs worker processes that each load the pipeline once.
    A caption repeated word for word is answered from a cache of this call's recent results.
    """
    engine = BatchEngine()
    for records in engine.map(BatchEngine.records, batched(items, batch_size), n_process):
        yield from records


def dedup(items: Iterable[CaptionLike], *, threshold: float = DEFAULT_THRESHOLD, n_process: int = 1,
          batch_size: int = 256) -> list[dict[str, Any]]:
    """Near-duplicate clusters: one row per item, in input order
    (``{"id", "cluster", "representative", "similarity", "match", "source"?}``).

    ``items`` takes what :func:`extract_many` takes; identical captions are extracted once.
    ``threshold`` is the ``fuzz.ratio`` similarity at or above which captions whose guards
    agree merge."""
    deduplicator = Deduplicator(threshold)
    feed(deduplicator, items, n_process=n_process, batch_size=batch_size)
    return list(deduplicator.rows(workers=n_process))
