"""A bounded cache of extraction results by caption text, for batch runs over archives.

Archives repeat captions word for word: every photo of an event carries the event's caption
(the seeds hold 62 identical-text pairs in 335 captions).  Extraction is a function of the
cleaned text and the context that feeds year inference (image ids, creation date), so a
repeat needs no second pipeline run: its mentions are copied from the first.  The cache keeps
the most recently used :data:`DEFAULT_SIZE` results (least recently used out first), so its
memory is bounded however long the run; it holds plain dicts and lists, nothing of spaCy's,
so memory zones still evict every vocab entry a batch adds.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Hashable

#: Results kept.  A result is a few KB, so this bounds the cache at a few tens of MB; on
#: ``benchmarks/corpus.py``'s 100k captions 4,096 entries catch 30% of captions (1,024: 14%).
DEFAULT_SIZE = 4096


class ResultCache:
    """Least-recently-used map from a caption key to its mention store's data."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        """``size`` 0 keeps nothing (every caption is run: what a benchmark compares against)."""
        if size < 0:
            raise ValueError(f"cache size must be 0 or more, got {size}")
        self.size = size
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, dict[str, Any]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> dict[str, Any] | None:
        """The stored result, marked as just used, or None (counted as a miss)."""
        found = self._entries.get(key)
        if found is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: Hashable, result: dict[str, Any]) -> None:
        """Keep ``result``; the least recently used entry goes when the cache is full."""
        if self.size == 0:
            return
        self._entries[key] = result
        self._entries.move_to_end(key)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
