"""The mention store: the order it keeps a field's mentions in, and the overlap questions
components ask it (``occupied``, ``overlaps``, ``is_blocked``)."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from captionie.pipeline.mentions import Mention, MentionStore

_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=6)
_MENTION_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12)), max_size=6)


@given(_MENTION_SPANS, _MENTION_SPANS, _SPANS)
def test_occupied_mask_answers_as_the_mentions_and_blocked_regions_do(spacecraft, places, blocked) -> None:
    """For every non-empty span, the mask and ``overlaps`` say whether a mention of the
    fields or a blocked region overlaps it (mentions are never empty; empty blocked regions,
    which ``block`` drops, and mentions running past the text are tried too)."""
    text = "x" * 48
    store = MentionStore(text=text)
    store.add("spacecraft", [Mention(s, s + n, text[s:s + n], "v", "test") for s, n in spacecraft])
    store.add("locations", [Mention(s, s + n, text[s:s + n], "v", "test") for s, n in places])
    for s, n in blocked:
        store.block(s, s + n, "test")
    fields = ("spacecraft", "locations")
    mask = store.occupied(fields)
    assert len(mask) == len(text)
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            expected = any(s < end and start < s + n for s, n in [*spacecraft, *places, *blocked] if n > 0)
            assert (mask.find(1, start, end) >= 0) == expected, (start, end)
            assert store.overlaps(fields, start, end) == expected, (start, end)
            assert store.is_blocked(start, end) == any(s < end and start < s + n for s, n in blocked if n > 0)


def test_occupied_mask_of_a_long_caption() -> None:
    text = "x" * 9000
    store = MentionStore(text=text)
    store.add("spacecraft", [Mention(4000, 8990, "", "v", "test")])
    store.block(10, 4500, "test")
    mask = store.occupied(("spacecraft",))
    assert mask == b"\x00" * 10 + b"\x01" * 8980 + b"\x00" * 10
    assert store.occupied(("locations",)) == b"\x00" * 10 + b"\x01" * 4490 + b"\x00" * 4500


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 4), st.sampled_from("abc")), max_size=8),
       st.lists(st.tuples(st.integers(0, 6), st.integers(1, 4), st.sampled_from("abc")), max_size=8))
def test_stored_mentions_are_in_start_order_longer_first_ties_kept_in_order(first, second) -> None:
    """A field's mentions are kept by start, the longer first at the same start; mentions
    with the same span keep the order they were added in (their values tell them apart)."""
    store = MentionStore(text="x" * 12)
    added = []
    for batch in (first, second):
        mentions = [Mention(s, s + n, "x" * n, value, "test") for s, n, value in batch]
        store.add("crew", mentions)
        added.extend(m.to_json() for m in mentions)
    kept = store.get("crew")
    assert sorted(map(repr, kept)) == sorted(map(repr, added))
    for before, after in zip(kept, kept[1:]):
        assert (before["start"], -before["end"]) <= (after["start"], -after["end"])
    for span in {(m["start"], m["end"]) for m in added}:
        assert [m["value"] for m in kept if (m["start"], m["end"]) == span] == \
            [m["value"] for m in added if (m["start"], m["end"]) == span]


def test_an_empty_region_is_not_blocked() -> None:
    store = MentionStore(text="x" * 10)
    store.block(3, 3, "empty")
    assert not store.is_blocked(0, 10)
    store.block(3, 5, "credit")
    assert store.is_blocked(4, 6) and not store.is_blocked(5, 9)


# ``components.base.longest_non_overlapping`` is the overlap policy for a field's mentions;
# it is tested here, with the mention model.

@example([(5, 0), (3, 5), (5, 5)])
@example([(5, 0), (5, 5)])
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)), max_size=8))
def test_longest_non_overlapping_keeps_the_longest_of_overlapping_mentions(spans) -> None:
    """What is kept overlaps nothing else kept and is in text order; each mention dropped
    overlaps a kept one that is longer, or as long and starting no later."""
    from captionie.components.base import longest_non_overlapping

    mentions = [Mention(s, s + n, "", i, "test") for i, (s, n) in enumerate(spans)]
    kept = longest_non_overlapping(mentions)
    assert [m.start for m in kept] == sorted(m.start for m in kept)
    for i, first in enumerate(kept):
        assert not any(first.overlaps(other.start, other.end) for other in kept[i + 1:])
    for mention in mentions:
        if mention not in kept:
            length = mention.end - mention.start
            assert any(mention.overlaps(k.start, k.end)
                       and (k.end - k.start, -k.start) >= (length, -mention.start) for k in kept)


def test_longest_non_overlapping_prefers_the_longest_then_the_earliest() -> None:
    from captionie.components.base import longest_non_overlapping

    spans = [(0, 4), (2, 9), (8, 12), (10, 14), (20, 22), (21, 23)]
    mentions = [Mention(s, e, "", f"{s}-{e}", "test") for s, e in spans]
    assert [m.value for m in longest_non_overlapping(mentions)] == ["2-9", "10-14", "20-22"]
    assert longest_non_overlapping([]) == []


# ``components.base.block_urls`` blocks a caption's URLs in its mention store; it scans only
# texts ``may_hold_url`` passes, tested here.

_URL_PIECES = st.sampled_from(["www.nasa.gov", "HTTPS://", "x.GOV", "ınt", ".ınt", "x.ınt", ".İnt", "nasa", ".", "/", ":",
                               "w", "gov", " ", "\n", "(", "e", "é"])


@example("x.ınt")
@example("WWW.NASA.GOV/a")
@given(st.one_of(st.text(max_size=60), st.lists(_URL_PIECES, max_size=20).map("".join)))
def test_urls_are_blocked_and_a_text_the_url_check_skips_holds_none(text: str) -> None:
    from captionie.components import base

    store = MentionStore(text=text)
    base.block_urls(store)
    assert [(s, e) for s, e, _ in store.data["blocked"]] == [m.span() for m in base._URL.finditer(text)]
    if not base.may_hold_url(text):
        assert base._URL.search(text) is None


@pytest.mark.regression
def test_a_url_with_a_dotted_capital_i_is_blocked() -> None:
    """``_URL`` matches "X.İNT" ignoring case, though ``lower()`` makes the İ "i" and a
    combining dot: the gate must not skip the text."""
    from captionie.components import base

    store = MentionStore(text="see X.\u0130NT now")
    base.block_urls(store)
    assert store.is_blocked(4, 9)
