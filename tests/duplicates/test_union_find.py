"""Disjoint sets: clusters are the connected components of the edges, in whatever order the
edges arrive."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from captionie.duplicates.union_find import UnionFind

EDGES = st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60)))


def _components(n: int, edges: list[tuple[int, int]]) -> set[frozenset[int]]:
    """Connected components by search over the edges: the independent answer."""
    neighbours: dict[int, set[int]] = {item: set() for item in range(n)}
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[int] = set()
    components = set()
    for start in range(n):
        if start in seen:
            continue
        component, frontier = {start}, [start]
        while frontier:
            for other in neighbours[frontier.pop()] - component:
                component.add(other)
                frontier.append(other)
        seen |= component
        components.add(frozenset(component))
    return components


@given(EDGES)
def test_sets_are_the_connected_components_of_the_edges(case: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = case
    sets = UnionFind(n)
    joined = 0
    for a, b in edges:
        was_apart = sets.find(a) != sets.find(b)
        assert sets.union(a, b) is was_apart  # True exactly when two sets became one
        joined += was_apart
    groups: dict[int, set[int]] = {}
    for item in range(n):
        groups.setdefault(sets.find(item), set()).add(item)
    assert {frozenset(g) for g in groups.values()} == _components(n, edges)
    assert len(groups) == n - joined
