"""Pausing Python's cyclic garbage collector for a block that makes many objects and no
garbage cycles: a batch run of the command line (``BatchEngine`` with ``manage_collector``).

The collector starts a young-generation collection every 700 allocations and, now and then,
a full one over every object alive.  Work that allocates a great deal and frees nothing in
cycles pays for those walks and gets nothing back from them.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a block, and back as it was after (a caller who
    had it off keeps it off), also when the block raises.  Reference counting still frees
    everything that is not in a cycle; a cycle made in the block waits for the next
    collection after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
