"""A bounded cache of extraction results by caption text, for batch runs over archives.

Archives repeat captions word for word: every photo of an event carries the event's caption.
Extraction is a function of the cleaned text and the context that feeds year inference (image
ids, creation date), so a repeat needs no second pipeline run: its record is made from the
first one's result.  The cache keeps the most recently used :data:`DEFAULT_SIZE` results (least recently used out
first), so its memory is bounded however long the run.

What it keeps of a result is up to the caller: batch runs keep its JSON
(``record.stored_result``), bytes that are no work for the cyclic garbage collector and hold
nothing of spaCy's, so memory zones still evict every vocab entry a batch adds.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, Hashable, TypeVar

#: Results kept: enough to answer the repeats of an archive's photo series, bounded in memory.
DEFAULT_SIZE = 16384

Result = TypeVar("Result")


class ResultCache(Generic[Result]):
    """Least-recently-used map from a caption key to what is kept of its result."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        """``size`` 0 keeps nothing (every caption is run: what a benchmark compares against)."""
        if size < 0:
            raise ValueError(f"cache size must be 0 or more, got {size}")
        self.size = size
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, Result] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Result | None:
        """The stored result, marked as just used, or None (counted as a miss)."""
        found = self._entries.get(key)
        if found is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: Hashable, result: Result) -> None:
        """Keep ``result``; the least recently used entry goes when the cache is full."""
        if self.size == 0:
            return
        self._entries[key] = result
        self._entries.move_to_end(key)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
