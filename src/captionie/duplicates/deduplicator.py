"""``captionie.duplicates.deduplicator``: every caption → its near-duplicate cluster.

The pipeline: extract each distinct caption once (identical captions share one extraction),
reduce the record to a :class:`~captionie.fingerprint.Fingerprint`, group exact duplicates by
hash, cluster the distinct ones with :func:`~captionie.near_duplicates.cluster_texts`, then
write one row per input caption, in input order — no row is ever dropped:

``{"id", "cluster", "representative", "similarity", "match", "source"?}``

``cluster`` numbers clusters by first appearance; ``representative`` marks the most complete
caption of its cluster (most extracted facts, then the longest, then the earliest);
``similarity`` is ``fuzz.ratio`` between this caption's and the representative's comparison
texts (100 for exact copies); ``match`` (extension) explains the merge: the earlier caption it
was verified against, that similarity, whether the comparison texts were identical
(``exact``), which test the pair passed (``rule``: ``"ratio"`` at or above the threshold, or
``"one_short_edit"``: one place changed by a short phrase, see ``near_duplicates``), and the
guard values both share.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import deque
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import srsly
from rapidfuzz import fuzz

from captionie.batch.engine import BatchEngine, CaptionLike, batched, is_error_record
from captionie.duplicates.fingerprint import Fingerprint, fingerprint
from captionie.duplicates.near_duplicates import Link, cluster_texts
from captionie.io.readers import Caption, ReadError

#: Chosen on the labeled fixtures by ``benchmarks/dedup_threshold.py`` (see the README).
DEFAULT_THRESHOLD = 97.5

_ALIAS = -1


@dataclass(slots=True)
class _Item:
    id: str | None
    source: str | None


class Deduplicator:
    """Collects captions' fingerprints (or read errors) in input order, then clusters them.

    Memory is one small entry per input plus one fingerprint per *distinct* caption, so a
    million captions fit in a few hundred MB.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 100.0:
            raise ValueError(f"threshold must be in (0, 100], got {threshold}")
        self.threshold = threshold
        self.items: list[_Item] = []
        self.errors: dict[int, str] = {}
        self.distinct: list[Fingerprint] = []
        self.item_distinct = array("q")
        # Per input: how complete it is.  Captions with equal comparison texts share one
        # distinct entry but can differ in what the comparison ignores (a credit line).
        self.item_facts = array("q")
        self.item_length = array("q")
        self._by_key: dict[bytes, int] = {}

    def add(self, record_id: str | None, source: str | None, print_: Fingerprint) -> None:
        """One extracted caption."""
        distinct = self._by_key.setdefault(print_.exact_key, len(self.distinct))
        if distinct == len(self.distinct):
            self.distinct.append(print_)
        self._append(record_id, source, distinct, print_.completeness)

    def _append(self, record_id: str | None, source: str | None, distinct: int, completeness: tuple[int, int]) -> None:
        self.items.append(_Item(record_id, source))
        self.item_distinct.append(distinct)
        self.item_facts.append(completeness[0])
        self.item_length.append(completeness[1])

    def add_copy(self, record_id: str | None, source: str | None, earlier: int) -> None:
        """A caption identical (text and context) to the one at input position ``earlier``."""
        self._append(record_id, source, self.item_distinct[earlier],
                     (self.item_facts[earlier], self.item_length[earlier]))

    def add_error(self, record_id: str | None, source: str | None, message: str) -> None:
        """One input that could not be read; it keeps its place as an error row."""
        self.errors[len(self.items)] = message
        self._append(record_id, source, _ALIAS, (0, 0))

    def rows(self, workers: int = 1) -> Iterator[dict[str, Any]]:
        """One row per input, in input order (error rows are ``{"id", "source", "error"}``)."""
        clustering = cluster_texts([f.text for f in self.distinct], [f.guard for f in self.distinct],
                                   self.threshold, workers=workers)
        first_item = self._first_items()
        cluster_of_root: dict[int, int] = {}
        representative_item: dict[int, int] = {}
        for position, distinct in enumerate(self.item_distinct):
            if distinct == _ALIAS:
                continue
            root = clustering.root[distinct]
            cluster_of_root.setdefault(root, len(cluster_of_root))
            best = representative_item.get(root)
            if best is None or self._completeness(position) > self._completeness(best):
                representative_item[root] = position
        representative_of_root = {root: self.item_distinct[p] for root, p in representative_item.items()}
        similarity_cache: dict[int, float] = {}
        for position, (item, distinct) in enumerate(zip(self.items, self.item_distinct)):
            if distinct == _ALIAS:
                yield {"id": item.id, "source": item.source, "error": self.errors[position]}
                continue
            root = clustering.root[distinct]
            rep = representative_of_root[root]
            if distinct not in similarity_cache:
                similarity_cache[distinct] = 100.0 if distinct == rep else round(
                    fuzz.ratio(self.distinct[distinct].text, self.distinct[rep].text), 2)
            row: dict[str, Any] = {
                "id": item.id,
                "cluster": cluster_of_root[root],
                "representative": position == representative_item[root],
                "similarity": similarity_cache[distinct],
                "match": self._match(position, distinct, first_item, clustering.link[distinct]),
            }
            if item.source:
                row["source"] = item.source
            yield row

    def _completeness(self, position: int) -> tuple[int, int]:
        return self.item_facts[position], self.item_length[position]

    def _first_items(self) -> list[int]:
        first = [-1] * len(self.distinct)
        for position, distinct in enumerate(self.item_distinct):
            if distinct != _ALIAS and first[distinct] < 0:
                first[distinct] = position
        return first

    def _match(self, position: int, distinct: int, first_item: list[int], link: Link | None) -> dict[str, Any] | None:
        guard = self.distinct[distinct].guard
        if first_item[distinct] != position:
            other, score, exact, rule = first_item[distinct], 100.0, True, "ratio"
        elif link is not None:
            other, score, exact, rule = first_item[link.other], link.similarity, False, link.rule
        else:
            return None
        return {"id": self.items[other].id, "similarity": score, "exact": exact, "rule": rule,
                "guard": srsly.json_loads(guard)}


def fingerprints_of_batch(engine: BatchEngine, batch: list[Caption | ReadError]) -> list[tuple[str | None, str | None, Any]]:
    """``(id, source, Fingerprint | error message)`` per caption: small results, never Docs or
    full records, cross the process boundary."""
    out: list[tuple[str | None, str | None, Any]] = []
    for caption, record in zip(batch, engine.records(batch)):  # fingerprinted and dropped
        if is_error_record(record):
            out.append((record.get("id"), record.get("source") or None, record["error"]))
        else:
            out.append((caption.id, caption.source or None, fingerprint(record)))
    return out


def feed(deduplicator: Deduplicator, items: Iterable[CaptionLike], *, n_process: int = 1,
         batch_size: int = 256, progress: Any = None, engine: BatchEngine | None = None) -> None:
    """Extract and fingerprint ``items`` into ``deduplicator``, in input order (on ``engine``,
    or a new one).

    A caption whose text and context were already seen is not extracted again: it takes the
    earlier caption's fingerprint (archives repeat whole captions).
    """
    seen: dict[bytes, int] = {}
    order: deque[tuple[int, str | None, str | None]] = deque()  # (earlier position or -1, id, source)

    def fresh_batches() -> Iterator[list[Caption | ReadError]]:
        position = 0
        for batch in batched(items, batch_size):
            fresh: list[Caption | ReadError] = []
            for caption in batch:
                earlier = -1
                if isinstance(caption, Caption):
                    key = _caption_key(caption)
                    earlier = seen.setdefault(key, position)
                    earlier = -1 if earlier == position else earlier
                if earlier < 0:
                    fresh.append(caption)
                order.append((earlier, caption.id, getattr(caption, "source", None) or None))
                position += 1
            if fresh:
                yield fresh

    engine = engine or BatchEngine()
    for result in engine.map(fingerprints_of_batch, fresh_batches(), n_process):
        computed = deque(result)
        # Every caption up to the last one of this batch is now known; repeats of earlier
        # captions sit between fresh ones in ``order``.
        while computed or (order and order[0][0] >= 0):
            earlier, record_id, source = order.popleft()
            if earlier >= 0:
                deduplicator.add_copy(record_id, source, earlier)
            else:
                _, _, value = computed.popleft()
                if isinstance(value, Fingerprint):
                    deduplicator.add(record_id, source, value)
                else:
                    deduplicator.add_error(record_id, source, value)
            if progress is not None:
                progress.update(1)
    while order:  # trailing repeats after the last fresh batch
        earlier, record_id, source = order.popleft()
        deduplicator.add_copy(record_id, source, earlier)


def _caption_key(caption: Caption) -> bytes:
    meta = caption.meta
    key = f"{caption.text}\x00{meta.get('image_id')}\x00{meta.get('nasa_id')}\x00{meta.get('date_created')}"
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()
