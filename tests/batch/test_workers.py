"""The parallel map behind ``--workers``: input order kept, every item answered once, equal
keys always sent to the same worker (whose result cache then sees every repeat), and new keys
sent to the worker with the least unfinished work."""

from __future__ import annotations

import os

import pytest

from captionie.batch.workers import Router, ordered_map


def _tag_with_worker(part: list[str]) -> list[tuple[str, int]]:
    return [(item, os.getpid()) for item in part]


def _fail_on_boom(part: list[str]) -> list[str]:
    if "boom" in part:
        raise ValueError("boom in a worker")
    return part


def test_results_come_in_input_order_and_equal_keys_meet_one_worker() -> None:
    words = [f"caption {n}" for n in range(50)]  # 50 keys: all on one worker has odds 2**-49
    batches = [[words[(i * 7 + j * 3) % len(words)] for j in range(i % 5 + 1)] for i in range(60)]
    batches.append([])  # an empty batch gives an empty result
    batches.append(["caption 1"] * 6)  # every item of a batch to one worker: the other gets nothing
    results = list(ordered_map(_tag_with_worker, batches, 2, key=str, max_in_flight=3))
    assert [[item for item, _ in result] for result in results] == batches
    worker_of: dict[str, set[int]] = {}
    for result in results:
        for item, pid in result:
            worker_of.setdefault(item, set()).add(pid)
    assert all(len(pids) == 1 for pids in worker_of.values())
    assert len(set().union(*worker_of.values())) == 2  # both workers got work
    assert os.getpid() not in set().union(*worker_of.values())


def test_an_exception_in_a_worker_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="boom in a worker"):
        list(ordered_map(_fail_on_boom, [["a", "b"], ["c", "boom"], ["d"]], 2, key=str))


def test_the_router_sends_new_keys_to_the_least_loaded_worker_and_repeats_where_they_went() -> None:
    router = Router(workers=2, remembered=100)
    slots, parts, fresh = router.split(["a", "b", "c", "d"], str, unfinished=[3, 0])
    # worker 1 has 3 fewer unfinished items: it takes new keys until the two are level
    assert slots == [1, 1, 1, 0] and parts == [["d"], ["a", "b", "c"]] and fresh == [1, 3]
    slots, parts, fresh = router.split(["c", "e", "a", "d"], str, unfinished=[0, 0])
    assert slots == [1, 0, 1, 0]  # repeats go back to their worker; the new "e" to the idle one
    assert parts == [["e", "d"], ["c", "a"]] and fresh == [1, 0]  # only new keys count as load


def test_the_router_forgets_the_least_recently_seen_keys_first() -> None:
    router = Router(workers=2, remembered=2)
    router.split(["a", "b"], str, unfinished=[0, 0])  # a -> 0, b -> 1
    router.split(["a"], str, unfinished=[0, 0])  # a seen again: b is now the oldest
    router.split(["c"], str, unfinished=[0, 5])  # c -> 0; b is forgotten
    slots, _, fresh = router.split(["a", "b"], str, unfinished=[7, 0])
    assert slots == [0, 1] and fresh == [0, 1]  # a is kept; b is new again (to the less loaded worker 1)
