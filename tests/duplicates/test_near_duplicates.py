"""Near-duplicate edges and clusters over comparison texts: the exemplar search finds what
exhaustive scoring finds, clusters are the components of verified edges, and the
one-short-edit rule is the labeling rule's "lightly edited"."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import generate
from captionie.duplicates.near_duplicates import ALL_PAIRS_MAX, cluster_texts, edge_rule, one_short_edit
from captionie.duplicates.union_find import UnionFind


@pytest.mark.slow
def test_exemplar_search_finds_the_all_pairs_components() -> None:
    """A partition larger than ALL_PAIRS_MAX goes through the exemplar index; its clusters
    must be the connected components of the exhaustive verified edges."""
    made = [s for s in generate(3000, seed=5) if not any(e.startswith("other_") for e in s.edits)]
    rng = random.Random(3)
    base = "international space station crew members pose for a photo after the soyuz landing near zhezkazgan"
    texts = sorted({_jitter(base, rng) for _ in range(ALL_PAIRS_MAX * 2)} | {s.text.casefold() for s in made[:200]})
    guards = ["g"] * len(texts)
    ours = cluster_texts(texts, guards, 97.5)
    exhaustive = UnionFind(len(texts))
    for i, j in itertools.combinations(range(len(texts)), 2):
        if edge_rule(texts[i], texts[j], 97.5) is not None:
            exhaustive.union(i, j)
    assert len(texts) > ALL_PAIRS_MAX
    assert _partition(ours.root) == _partition([exhaustive.find(i) for i in range(len(texts))])


def _jitter(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 4)):
        i = rng.randrange(len(chars) - 1)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def _partition(roots: list[int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = defaultdict(set)
    for item, root in enumerate(roots):
        groups[root].add(item)
    return {frozenset(g) for g in groups.values()}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["soyuz lands", "soyuz landz", "crew rests", "crew rest", "station"]),
                min_size=1, max_size=30),
       st.floats(min_value=50.0, max_value=100.0))
def test_clusters_are_components_of_verified_edges(texts: list[str], threshold: float) -> None:
    distinct = sorted(set(texts))
    result = cluster_texts(distinct, [""] * len(distinct), threshold)
    for i, j in itertools.combinations(range(len(distinct)), 2):
        if edge_rule(distinct[i], distinct[j], threshold) is not None:
            assert result.root[i] == result.root[j]
    for item, link in enumerate(result.link):
        if link is not None:
            assert edge_rule(distinct[item], distinct[link.other], threshold) is not None


@pytest.mark.parametrize(("a", "b", "same"), [
    # One place, a short phrase: the labeling rule's "lightly edited".
    ("helicopters fly around the landing zone of the capsule with the crew", "a plane flies around the landing zone of the capsule with the crew", True),
    ("the crew lands in the steppe", "the crew floats to a landing in the steppe", True),
    ("the crew lands in the steppe", "the crew lands in the steppe", True),
    # Two places, however short: two moments.
    ("recovery teams arrive at the capsule shortly after it landed near the town",
     "recovery teams chase the capsule shortly as it lands near the town", False),
    # One place but a long rewrite.
    ("the commander answers questions from behind glass during a press conference before launch",
     "the commander smiles at his family from a quarantined glass room after launch", False),
])
def test_one_short_edit_is_the_labeling_rule(a: str, b: str, same: bool) -> None:
    assert one_short_edit(a, b) is same
    assert one_short_edit(b, a) is same


def test_a_short_edit_alone_does_not_merge_far_apart_texts() -> None:
    """A one-word change in a four-word caption is a different caption: too little context."""
    assert one_short_edit("soyuz crew launch photo", "soyuz crew landing photo")
    assert edge_rule("soyuz crew launch photo", "soyuz crew landing photo", 97.5) is None
