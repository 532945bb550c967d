"""Hypothesis fuzzing of the regexes, ``extract`` and every reader, for bounded work (issue 6).

A catastrophically backtracking regex does not raise, it hangs — and a C regex engine does not
see Python signal handlers while it runs.  So the time bound is enforced by the harness from
outside: every example runs in a forked worker process and the test waits for its answer at
most :data:`BOUND_S` seconds, then fails (and the worker is killed).  Normal captions take
milliseconds; the bound is far above that so a slow CI machine never trips it, and far below
what exponential backtracking on these lengths would need.
"""

from __future__ import annotations

import functools
import importlib
import multiprocessing
import pkgutil
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import captionie
from captionie.readers import Caption, ReadError, read

BOUND_S = 20.0

# Pieces that the rules' regexes care about: digits, separators, cue words, brackets, quotes.
PIECES = st.sampled_from([
    "1", "12", "2017", ".", "-", "–", "/", " ", "  ", ",", ":", "(", ")", "'", "’", "\"", "\n", "e",
    "Expedition", "Expeditions", "Sept.", "May", "Dec", "Photo Credit:", "Credit", "NASA", "NASA/",
    "jsc", "iss", "S", "A", "Soyuz", "MS-", "TMA-", "STS-", "Apollo", "Commander", "of", "the", "and",
    "Cosmonaut", "Bill", "Ingalls", "Kazakhstan", "Mc", "O'", "-in-", "...", "a.m.", "Jr.",
])
#: A short run of pieces repeated many times: the shape that makes backtracking explode.
PATHOLOGICAL = st.builds(lambda parts, times: "".join(parts) * times,
                         st.lists(PIECES, min_size=1, max_size=8), st.integers(1, 3000)).filter(lambda t: len(t) <= 60_000)


@functools.lru_cache(maxsize=1)
def _captionie_patterns() -> tuple[re.Pattern[str], ...]:
    """Every module-level compiled regex of the package (rules compiled at load time included:
    building the pipeline first fills the modules' caches)."""
    captionie.load()
    found: dict[int, re.Pattern[str]] = {}
    for module_info in pkgutil.walk_packages(captionie.__path__, "captionie."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[id(value)] = value
    return tuple(found.values())


def _extract_check(text: str) -> int:
    record = captionie.extract(text)
    for field in ("dates", "expeditions", "spacecraft", "crew", "locations", "agencies", "image_ids"):
        for mention in record[field]:
            assert record["text"][mention["start"]:mention["end"]] == mention["text"]
    return len(record["text"])


def _patterns_check(text: str) -> int:
    return sum(1 for pattern in _captionie_patterns() for _ in pattern.finditer(text))


@pytest.fixture(scope="module")
def bounded() -> Iterator[Callable[[Callable[[str], Any], str], Any]]:
    """Run ``func(text)`` in a worker process; fail when it takes longer than BOUND_S."""
    context = multiprocessing.get_context("fork")
    state: dict[str, ProcessPoolExecutor] = {"pool": ProcessPoolExecutor(1, mp_context=context)}

    def run(func: Callable[[str], Any], text: str) -> Any:
        future = state["pool"].submit(func, text)
        try:
            return future.result(timeout=BOUND_S)
        except FutureTimeout:
            for process in list(state["pool"]._processes.values()):  # the hung worker
                process.kill()
            state["pool"].shutdown(wait=False, cancel_futures=True)
            state["pool"] = ProcessPoolExecutor(1, mp_context=context)
            pytest.fail(f"{func.__name__} took over {BOUND_S:g} s on a {len(text)}-character text: "
                        f"{text[:120]!r}...")

    yield run
    state["pool"].shutdown(wait=False, cancel_futures=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(PATHOLOGICAL)
def test_no_rule_regex_backtracks_catastrophically(bounded, text: str) -> None:
    assert bounded(_patterns_check, text) >= 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(PATHOLOGICAL)
def test_extract_finishes_on_pathological_text(bounded, text: str) -> None:
    assert bounded(_extract_check, text) == len(text)


def test_the_pattern_collection_sees_the_rules() -> None:
    """Guard for the fuzz test above: it must actually be fuzzing the rules' regexes."""
    patterns = _captionie_patterns()
    assert len(patterns) >= 20
    assert any("Expedition" in p.pattern or "xpedition" in p.pattern for p in patterns)


# --- readers ----------------------------------------------------------------------------------

LINE_BYTES = st.one_of(
    st.binary(max_size=80),
    st.builds(lambda s: s.encode("utf-8", "surrogatepass"), st.text(max_size=80)),
    st.sampled_from([b'{"id": "a", "text": "Soyuz"}', b'{"text": 3}', b"[]", b"{", b'"x"', b"id,text",
                     b'a,"b', b"\xef\xbb\xbf", b"\x00", b"\r", b"   "]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINE_BYTES, max_size=12), st.sampled_from([".jsonl", ".txt", ".csv", ".json", ".ndjson", ".dat"]))
def test_every_reader_survives_any_bytes(tmp_path_factory, lines: list[bytes], suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(b"\n".join(lines))
    items = list(read(path))
    assert items, "every file yields at least one caption or one error"
    assert all(isinstance(i, (Caption, ReadError)) for i in items)
    assert all(i.source.startswith(str(path)) for i in items)
    if suffix in (".jsonl", ".ndjson") and b"\x00" not in b"\n".join(lines)[:8192]:
        units = sum(1 for line in b"\n".join(lines).split(b"\n") if line.decode("utf-8", "replace").strip())
        assert len(items) == max(units, 1)  # one caption or one error per non-blank line


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_stdin_reader_survives_any_bytes(data: bytes) -> None:
    import io

    from captionie.readers import read_stdin

    items = list(read_stdin(io.BytesIO(data)))
    assert items and all(isinstance(i, (Caption, ReadError)) for i in items)
