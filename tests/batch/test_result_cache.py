"""The result cache: bounded, the least recently used result forgotten first."""

from __future__ import annotations

import pytest

from captionie.batch.result_cache import ResultCache


def test_the_least_recently_used_result_is_forgotten_first() -> None:
    cache: ResultCache[str] = ResultCache(2)
    cache.put("a", "result a")
    cache.put("b", "result b")
    assert cache.get("a") == "result a"  # a is now used more recently than b
    cache.put("c", "result c")  # full: b goes
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c")) == ("result a", "result c")
    assert len(cache) == 2


def test_a_result_put_again_is_replaced_and_counts_as_just_used() -> None:
    cache: ResultCache[str] = ResultCache(2)
    cache.put("a", "old a")
    cache.put("b", "result b")
    cache.put("a", "new a")  # a is now the most recently used: b goes next
    cache.put("c", "result c")
    assert cache.get("b") is None
    assert cache.get("a") == "new a"
    assert len(cache) == 2


def test_a_full_cache_never_holds_more_than_its_size() -> None:
    cache: ResultCache[int] = ResultCache(3)
    for n in range(100):
        cache.put(n, n)
        assert len(cache) == min(n + 1, 3)
    assert [cache.get(n) for n in (96, 97, 98, 99)] == [None, 97, 98, 99]


def test_hits_and_misses_are_counted() -> None:
    cache: ResultCache[int] = ResultCache(1)
    cache.put("a", 1)
    cache.get("a")
    cache.get("b")
    cache.get("a")
    assert (cache.hits, cache.misses) == (2, 1)


def test_size_zero_keeps_nothing() -> None:
    cache: ResultCache[int] = ResultCache(0)
    cache.put("a", 1)
    assert cache.get("a") is None
    assert len(cache) == 0


@pytest.mark.parametrize("size", [-1, -16384])
def test_a_negative_size_is_an_error(size: int) -> None:
    with pytest.raises(ValueError, match="0 or more"):
        ResultCache(size)
