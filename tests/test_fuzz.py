"""Hypothesis fuzzing of the regexes, ``extract`` and every reader, for bounded work.

A catastrophically backtracking regex does not raise, it hangs — and a C regex engine does not
see Python signal handlers while it runs.  So the time bound is enforced by the harness from
outside: every example runs in a forked child process and the test waits for its answer at
most :data:`BOUND_S` seconds, then fails (and the child is killed).  Normal captions take
milliseconds; the bound is far above that so a slow CI machine never trips it, and far below
what exponential backtracking on these lengths would need.
"""

from __future__ import annotations

import functools
import importlib
import multiprocessing
import pkgutil
import re
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import captionie
from captionie.pipeline.run import MAX_CHARS
from captionie.io.readers import Caption, ReadError, read

pytestmark = pytest.mark.slow

BOUND_S = 20.0

FIELDS = ("dates", "expeditions", "spacecraft", "crew", "locations", "agencies", "image_ids")

# Pieces that the rules' regexes care about: digits, separators, cue words, brackets, quotes.
PIECES = st.sampled_from([
    "1", "12", "2017", ".", "-", "–", "/", " ", "  ", ",", ":", "(", ")", "'", "’", "\"", "\n", "e",
    "Expedition", "Expeditions", "Sept.", "May", "Dec", "Photo Credit:", "Credit", "NASA", "NASA/",
    "jsc", "iss", "S", "A", "Soyuz", "MS-", "TMA-", "STS-", "Apollo", "Commander", "of", "the", "and",
    "Cosmonaut", "Bill", "Ingalls", "Kazakhstan", "Mc", "O'", "-in-", "...", "a.m.", "Jr.",
    "astronauts", "cosmonauts", "Randy Bresnik", "Joe Acaba", "Whitson",
])


def _repeated(max_chars: int) -> st.SearchStrategy[str]:
    """A short run of pieces repeated many times: the shape that makes backtracking explode."""
    return st.builds(lambda parts, times: ("".join(parts) * times)[:max_chars],
                     st.lists(PIECES, min_size=1, max_size=8), st.integers(1, 3000))


def _one_long_run(max_chars: int) -> st.SearchStrategy[str]:
    """Pieces, one piece repeated many times (a long run of spaces, say), then more pieces:
    the shape of a caption padded in the middle, where a rule reads the gap between two names."""
    return st.builds(lambda before, run, times, after: ("".join(before) + run * times + "".join(after))[:max_chars],
                     st.lists(PIECES, max_size=8), PIECES, st.integers(1, 5000), st.lists(PIECES, max_size=8))


#: For single regexes under ``finditer`` (which restarts at every position, so a pattern that
#: opens with ``\s*`` is quadratic on a run of spaces by nature): long enough that cubic or
#: exponential backtracking blows far past the bound, short enough that quadratic does not.
FOR_PATTERNS = _repeated(5_000)
#: For ``extract``, which runs the rules the way the product does, on up to 60,000 characters.
FOR_EXTRACT = st.one_of(_repeated(60_000), _one_long_run(60_000))


@functools.lru_cache(maxsize=1)
def _captionie_patterns() -> tuple[re.Pattern[str], ...]:
    """Every compiled regex of the package: module-level ones (rules compiled at load time
    included: building the pipeline first fills the modules' caches) and those the pipeline's
    components build from the data files (crew's cue and role patterns, the date grammar, the
    serial and image-id rules), found in their attributes."""
    nlp = captionie.load()
    found: dict[int, re.Pattern[str]] = {}
    for module_info in pkgutil.walk_packages(captionie.__path__, "captionie."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            _collect_patterns(value, found, depth=3)
    for _, component in nlp.pipeline:
        _collect_patterns(component, found, depth=4)
    return tuple(found.values())


def _collect_patterns(value: Any, found: dict[int, re.Pattern[str]], depth: int) -> None:
    """Put the str patterns in ``value`` into ``found``: itself, or held by a captionie object,
    list, tuple or small dict, ``depth`` levels down (the big dicts are gazetteers and
    remembered answers, which hold no patterns)."""
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            found[id(value)] = value
        return
    if depth == 0:
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        items: Any = value if len(value) <= 200 else ()
    elif isinstance(value, dict):
        items = value.values() if len(value) <= 200 else ()
    elif type(value).__module__.startswith("captionie") and not isinstance(value, type):
        slots = [name for cls in type(value).__mro__ for name in getattr(cls, "__slots__", ())]
        items = [*getattr(value, "__dict__", {}).values(), *(getattr(value, name, None) for name in slots)]
    else:
        return
    for item in items:
        _collect_patterns(item, found, depth - 1)


def _extract_check(text: str) -> int:
    """The length of the record's text, once every mention's offsets (credit's too) are
    checked to slice it to the mention's text."""
    record = captionie.extract(text)
    mentions = [mention for field in FIELDS for mention in record[field]]
    if record["credit"]:
        mentions.append(record["credit"])
    for mention in mentions:
        assert record["text"][mention["start"]:mention["end"]] == mention["text"], mention
    return len(record["text"])


def _patterns_check(text: str) -> tuple[int, ...]:
    """How many times each of the package's regexes matches ``text`` (``finditer``)."""
    return tuple(sum(1 for _ in pattern.finditer(text)) for pattern in _captionie_patterns())


def _counted_another_way(text: str) -> tuple[int, ...]:
    """:func:`_patterns_check` by another route (``findall``), run in this process only once
    the bounded child has shown that every regex finishes on ``text``."""
    return tuple(len(pattern.findall(text)) for pattern in _captionie_patterns())


def _child(func: Callable[[str], Any], text: str, conn: Any) -> None:
    try:
        conn.send(("ok", func(text)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


@pytest.fixture(scope="module")
def bounded() -> Callable[[Callable[[str], Any], str], Any]:
    """Run ``func(text)`` in a forked child; fail when it takes longer than BOUND_S.

    The pipeline and the patterns are loaded in this process first, so each child inherits
    them and starts in milliseconds; a child that overruns is killed."""
    _captionie_patterns()
    captionie.extract("Expedition 6 crew lands, May 4, 2003.")
    context = multiprocessing.get_context("fork")

    def run(func: Callable[[str], Any], text: str) -> Any:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(func, text, sender), daemon=True)
        child.start()
        sender.close()
        try:
            if not receiver.poll(BOUND_S):
                child.kill()
                pytest.fail(f"{func.__name__} took over {BOUND_S:g} s on a {len(text)}-character text: "
                            f"{text[:120]!r}...")
            status, value = receiver.recv()
        finally:
            receiver.close()
            child.join(timeout=10)
        assert status == "ok", value
        return value

    return run


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(FOR_PATTERNS)
def test_no_rule_regex_backtracks_catastrophically(bounded, text: str) -> None:
    assert bounded(_patterns_check, text) == _counted_another_way(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(FOR_EXTRACT)
def test_extract_finishes_on_pathological_text(bounded, text: str) -> None:
    assert bounded(_extract_check, text) == min(len(text), MAX_CHARS)


@pytest.mark.regression
@pytest.mark.parametrize("text", [" " * 5_000, "\n" * 5_000, " ," * 2_500, "12." * 1_600])
def test_whitespace_runs_do_not_backtrack(bounded, text: str) -> None:
    """The shape that found a cubic whitespace pattern in the crew rules (2,210 spaces)."""
    assert bounded(_patterns_check, text) == _counted_another_way(text)


@pytest.mark.regression
@pytest.mark.parametrize("text", [("Expeditione " * 5_000)[:60_000], ("Bill Ingalls " * 4_700)[:60_000],
                                  ("A. O'Neil \"Butch\" " * 3_200)[:60_000]])
def test_long_capitalized_runs_finish(bounded, text: str) -> None:
    """The shape hypothesis found trying every part of a capitalized run against the crew
    gazetteer (cubic: 4,800 characters took 2 s, 6,000 over 20 s)."""
    assert bounded(_extract_check, text) == len(text)


def _list_separator_check(gap: str) -> bool:
    from captionie.components.crew import LIST_SEPARATOR

    return LIST_SEPARATOR.fullmatch(gap) is not None


@pytest.mark.regression
def test_a_long_gap_between_names_is_read_in_linear_time(bounded) -> None:
    """Whether a lone listed surname stands in a list is read from the whole gap to a name
    before it; the list-separator pattern used to split a gap of spaces every way, quadratic
    in its length (8,000 spaces took 0.13 s, 99,000 took 15 s)."""
    assert bounded(_list_separator_check, " " * 200_000 + "x") is False
    text = "NASA astronaut Randy Bresnik" + " " * 99_000 + "Whitson waves."
    assert bounded(_extract_check, text) == len(text)


@pytest.mark.regression
def test_a_long_whitespace_run_in_a_list_of_names_finishes(bounded) -> None:
    """A run of spaces after "of" in the gap between two listed names: the list-gap pattern
    tried every way of splitting it between its whitespace quantifiers (400 spaces took 4 s,
    growing with the cube of the run)."""
    text = "NASA astronauts Randy Bresnik of" + " " * 5_000 + "x Joe Blogs waves."
    assert bounded(_extract_check, text) == len(text)


def test_the_pattern_collection_sees_the_rules() -> None:
    """Guard for the fuzz test above: it must actually be fuzzing the rules' regexes."""
    patterns = _captionie_patterns()
    assert len(patterns) >= 40
    assert any("Expedition" in p.pattern or "xpedition" in p.pattern for p in patterns)
    crew = captionie.load(enable=["crew"]).get_pipe("captionie_crew")
    ids = {id(p) for p in patterns}
    assert {id(crew.run_re), id(crew.list_gap), id(crew.cue_before)} <= ids or all(
        any(p.pattern == q.pattern for p in patterns) for q in (crew.run_re, crew.list_gap, crew.cue_before))


# --- readers ----------------------------------------------------------------------------------

LINE_BYTES = st.one_of(
    st.binary(max_size=80),
    st.builds(lambda s: s.encode("utf-8", "surrogatepass"), st.text(max_size=80)),
    st.sampled_from([b'{"id": "a", "text": "Soyuz"}', b'{"text": 3}', b"[]", b"{", b'"x"', b"id,text",
                     b'a,"b', b"\xef\xbb\xbf", b"\x00", b"\r", b"   "]),
)


#: Where an item came from: ``<where>:<line>``, or for a JSON document's items ``<where>:item:<n>``.
_LINE_SOURCE = re.compile(r":(\d+)")
_ITEM_SOURCE = re.compile(r":item:(\d+)")


def _check_sources(items: list[Any], where: str, last_line: int, items_allowed: bool = False) -> None:
    """Every item is a Caption or a ReadError, and either the one error for the whole input
    (``source == where``: binary, empty, no captions) or items whose sources are ``where:line``
    with lines inside the input, in input order, one item per line."""
    assert items, "every input yields at least one caption or one error"
    assert all(isinstance(item, (Caption, ReadError)) for item in items), items
    if len(items) == 1 and isinstance(items[0], ReadError) and items[0].source == where:
        return
    lines, numbered = [], []
    for item in items:
        assert item.source.startswith(where + ":"), (item.source, where)
        line = _LINE_SOURCE.fullmatch(item.source, len(where))
        numbered_item = _ITEM_SOURCE.fullmatch(item.source, len(where)) if items_allowed else None
        assert line is not None or numbered_item is not None, item.source
        if line is not None:
            lines.append(int(line.group(1)))
        else:
            numbered.append(int(numbered_item.group(1)))
    assert all(1 <= n <= last_line for n in lines), (lines, last_line)
    assert lines == sorted(set(lines)), lines
    assert numbered == list(range(1, len(numbered) + 1)), numbered
    assert not (lines and numbered), items  # a JSON document is one error or its records


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINE_BYTES, max_size=12), st.sampled_from([".jsonl", ".txt", ".csv", ".json", ".ndjson", ".dat"]))
def test_every_reader_survives_any_bytes(tmp_path_factory, lines: list[bytes], suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    data = b"\n".join(lines)
    path.write_bytes(data)
    items = list(read(path))
    # Files read as text (CSV, JSON documents) also end a line at a lone carriage return.
    universal = suffix in (".csv", ".json")
    last_line = (data.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if universal else data).count(b"\n") + 1
    _check_sources(items, str(path), last_line, items_allowed=suffix == ".json")
    if suffix in (".txt", ".dat"):
        assert all(item.text.strip() for item in items if isinstance(item, Caption))  # no blank captions
    # A file that is binary (NUL bytes) or UTF-16 (its BOM) at its start is one error instead.
    whole_file_error = b"\x00" in data[:8192] or data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if suffix in (".jsonl", ".ndjson") and not whole_file_error:
        data = data[3:] if data.startswith(b"\xef\xbb\xbf") else data  # a leading BOM marks the encoding
        units = sum(1 for line in data.split(b"\n") if line.decode("utf-8", "replace").strip())
        assert len(items) == max(units, 1)  # one caption or one error per non-blank line


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_stdin_reader_survives_any_bytes(data: bytes) -> None:
    import io

    from captionie.io.readers import read_stdin

    items = list(read_stdin(io.BytesIO(data)))
    _check_sources(items, "<stdin>", data.count(b"\n") + 1)
    if data.lstrip()[:1] != b"{":  # a text dump
        assert all(item.text.strip() for item in items if isinstance(item, Caption))
