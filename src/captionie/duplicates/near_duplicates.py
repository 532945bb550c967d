"""Clustering distinct comparison texts into near-duplicate groups, sub-quadratically.

Only captions with the same guard can merge (``captionie.duplicates.fingerprint``), so the corpus is
first split into guard partitions.  Within a partition:

* up to :data:`ALL_PAIRS_MAX` texts: every pair is scored with ``rapidfuzz.process.cdist``
  (C++, exact);
* larger partitions — thousands of photos of one event — use *exemplars*: each text is
  scored (``rapidfuzz.process.extract``, C++) only against the exemplars that share one of its
  rarest words (an inverted index, so candidate generation never looks at the whole partition).
  A text that matches no exemplar closely (below ``threshold + (100 - threshold) / 2``) becomes
  one itself, so the exemplars cover the partition at half the merge radius.  When a text
  misses every exemplar but lands just short of one, that exemplar's followers are scored too,
  which catches a neighbour on the far side of an exemplar.

Every merge is a verified edge (:func:`edge_rule`): ``fuzz.ratio(a, b) >= threshold`` on the
comparison texts, or — the labeling rule's "one text, lightly edited" (``docs/dedup.md``) —
word-level differences that, besides differences of form (:func:`_form_only`), lie in *one
place* of at most :data:`EDIT_WORDS` words on either side ("helicopters fly" / "a plane
flies"), with :data:`EDIT_CONTEXT` words unchanged and ``ratio >= EDIT_FLOOR`` on the texts
without the differences of form (:func:`short_edit`).  Two changes in two places ("arrive at
... shortly after" / "chase ... as it lands") are two moments, however high the ratio; a person
put in another's place is another photo.  Candidates are searched down to
``min(threshold, SEARCH_FLOOR)``, since a whole extra sentence lowers the ratio of the texts.
Clusters are the union-find components of the edges.  ``benchmarks/dedup_scaling.py``
measures the pairs this finds against exhaustive all-pairs scoring.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from captionie.duplicates.fingerprint import LISTED, form_words
from captionie.duplicates.union_find import UnionFind

#: Partitions up to this many distinct texts are scored all-pairs.
ALL_PAIRS_MAX = 256
#: How many of a text's rarest words key the exemplar index.
RARE_KEYS = 6
#: Below the threshold, a pair still merges when its texts differ in one short place and,
#: without their differences of form, score at least this (``benchmarks/dedup_threshold.py``
#: sweeps both).
EDIT_FLOOR = 85.0
#: "A short phrase": at most this many words on either side of the one changed place.
EDIT_WORDS = 6
#: Candidates are searched down to this ratio: a whole extra sentence (form) lowers the ratio
#: of the full texts, the floor is then applied without it.
SEARCH_FLOOR = 70.0
#: A short edit needs this many unchanged words around it: in a four-word caption one word
#: ("launch" / "landing") is the whole story.
EDIT_CONTEXT = 10
#: Changes separated by at most this many equal words count as one place ("a plane flies").
EDIT_GAP = 2


#: An opcode's (a start, a end, b start, b end).
Span = tuple[int, int, int, int]


def _crew_only_moved(opcodes: list, a: list[str], b: list[str]) -> bool:
    """Whether the differences leave every crew name in place or merely move it: no opcode
    puts one person standing alone where another stood (Fincke carried ... with Padalka /
    Padalka carried ... with Fincke; list members, ``fingerprint.LISTED``, are sorted and do
    not count), and each name is dropped as often as it is added."""
    balance: Counter[str] = Counter()
    for op in opcodes:
        removed = [w for w in a[op.src_start:op.src_end] if "_" in w]
        added = [w for w in b[op.dest_start:op.dest_end] if "_" in w]
        alone_removed = {w for w in removed if not w.endswith(LISTED)}
        alone_added = {w for w in added if not w.endswith(LISTED)}
        if op.tag == "replace" and alone_removed and alone_added and alone_removed != alone_added:
            return False
        balance.update(w.rstrip(LISTED) for w in added)
        balance.subtract(w.rstrip(LISTED) for w in removed)
    return not any(balance.values())


def _form_only(tag: str, span: Span, a: list[str], b: list[str]) -> bool:
    """Whether one opcode is a difference of form: only function words, places, crew names
    (moved, :func:`_crew_only_moved`) and sentence ends ("as they", "were", a dateline "in
    @astana @kazakhstan" moved, a name listed elsewhere), or a whole sentence
    added or dropped (the guard already holds every name it could add)."""
    s0, s1, d0, d1 = span
    changed = (*a[s0:s1], *b[d0:d1])
    function_words = form_words().function_words
    if all(w == "|" or w in function_words or w.startswith("@") or "_" in w for w in changed):
        return True
    if any("_" in w for w in changed):  # a sentence naming someone is not form
        return False
    if tag == "delete":
        return _whole_sentences(a, s0, s1)
    if tag == "insert":
        return _whole_sentences(b, d0, d1)
    return False


def _whole_sentences(words: list[str], start: int, end: int) -> bool:
    starts = start == 0 or words[start - 1] == "|" or words[start] == "|"
    ends = end == len(words) or words[end] == "|" or words[end - 1] == "|"
    return starts and ends


def _words_between(x: Span, y: Span) -> int:
    """How many words of ``a`` lie between two opcodes (0 when they touch or overlap)."""
    return max(0, x[0] - y[1], y[0] - x[1])


def _settle_moved_places(form: list[Span], content: list[Span], a: list[str], b: list[str]) -> None:
    """Move into ``content`` the form opcodes whose place word a reworded phrase took: while
    the content opcodes add a place word on one side more often than they remove it on the
    other, the nearest form opcode carrying it on the other side is part of the rewording.
    "the @astana airport" / "the international airport @astana" stays one place; "pose ... at
    the @kremlin-wall" / "walk toward the @kremlin-wall ..." becomes two."""
    while True:
        balance: Counter[str] = Counter()
        for s0, s1, d0, d1 in content:
            balance.update(w for w in b[d0:d1] if w.startswith("@"))
            balance.subtract(w for w in a[s0:s1] if w.startswith("@"))
        for word, net in balance.items():
            if net == 0:
                continue
            carriers = [span for span in form if word in (a[span[0]:span[1]] if net > 0 else b[span[2]:span[3]])]
            if carriers:
                nearest = min(carriers, key=lambda span: min(_words_between(span, c) for c in content))
                form.remove(nearest)
                content.append(nearest)
                content.sort()
                break
        else:
            return


@dataclass(frozen=True, slots=True)
class ShortEdit:
    """Two texts that differ in one short place besides form: the texts with the differences
    of form taken out, and how many words the two share unchanged."""

    a_kept: str
    b_kept: str
    shared_words: int


def short_edit(a: str, b: str) -> ShortEdit | None:
    """When the word sequences of ``a`` and ``b`` differ in content in one place only, by at
    most :data:`EDIT_WORDS` words on either side (rule 2 of ``docs/dedup.md``): the two texts
    with their differences of form (:func:`_form_only`) taken out, for the floor test; else
    None.

    Crew names (``_`` words, ``fingerprint.crew_word``) may only move (:func:`_crew_only_moved`):
    the same list of people with another one laying the flowers is another photo.  A moved
    place (an ``@`` word) is form, unless it moved into the reworded phrase ("pose for
    pictures ... at the Kremlin Wall" / "walk toward the Kremlin Wall"): that is a second place.
    """
    a_words, b_words = a.split(), b.split()
    opcodes = [op for op in Levenshtein.opcodes(a_words, b_words) if op.tag != "equal"]
    if not _crew_only_moved(opcodes, a_words, b_words):
        return None
    form: list[Span] = []
    content: list[Span] = []
    for op in opcodes:
        span = (op.src_start, op.src_end, op.dest_start, op.dest_end)
        (form if _form_only(op.tag, span, a_words, b_words) else content).append(span)
    _settle_moved_places(form, content, a_words, b_words)
    place: list[int] | None = None  # [a words, b words, a end, b end] of the current place
    for s0, s1, d0, d1 in content:
        if place is not None and s0 - place[2] <= EDIT_GAP and d0 - place[3] <= EDIT_GAP:
            place[0] += s1 - place[2]
            place[1] += d1 - place[3]
        elif place is None:
            place = [s1 - s0, d1 - d0, 0, 0]
        else:
            return None
        place[2], place[3] = s1, d1
        if max(place[0], place[1]) > EDIT_WORDS:
            return None
    a_kept, b_kept = list(a_words), list(b_words)
    for s0, s1, d0, d1 in form:
        a_kept[s0:s1] = [""] * (s1 - s0)
        b_kept[d0:d1] = [""] * (d1 - d0)
    shared = len(a_words) - sum(s1 - s0 for s0, s1, _, _ in (*form, *content))
    return ShortEdit(" ".join(w for w in a_kept if w), " ".join(w for w in b_kept if w), shared)


def one_short_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ in one short place, besides form (:func:`short_edit`)."""
    return short_edit(a, b) is not None


def search_radius(threshold: float) -> float:
    """The lowest ratio an edge can have at ``threshold``: candidates are searched down to it."""
    return min(threshold, SEARCH_FLOOR)


def edge_rule(a: str, b: str, threshold: float, score: float | None = None) -> str | None:
    """Which test makes ``a`` and ``b`` one caption at ``threshold`` (see :class:`Link`), or
    None when they are not; ``score`` is ``fuzz.ratio(a, b)`` when the caller has it."""
    score = fuzz.ratio(a, b) if score is None else score
    if score >= threshold:
        return "ratio"
    if score < SEARCH_FLOOR:
        return None
    edit = short_edit(a, b)
    if edit is not None and edit.shared_words >= EDIT_CONTEXT and fuzz.ratio(edit.a_kept, edit.b_kept) >= EDIT_FLOOR:
        return "one_short_edit"
    return None


@dataclass(frozen=True, slots=True)
class Link:
    """Why an item is in its cluster: the earlier item it was verified against, the score, and
    which test the pair passed (``"ratio"``: at or above the threshold; ``"one_short_edit"``:
    above :data:`EDIT_FLOOR`, differing in one short place)."""

    other: int
    similarity: float
    rule: str


@dataclass
class Clustering:
    """Result over ``n`` items: ``root[i]`` (equal roots ⇔ one cluster) and ``link[i]``."""

    root: list[int]
    link: list[Link | None]


def cluster_texts(texts: Sequence[str], guards: Sequence[str], threshold: float, workers: int = 1) -> Clustering:
    """Near-duplicate clusters of distinct ``texts``; only items with equal ``guards`` merge."""
    n = len(texts)
    sets = UnionFind(n)
    links: list[Link | None] = [None] * n
    partitions: dict[str, list[int]] = defaultdict(list)
    for item, guard in enumerate(guards):
        partitions[guard].append(item)
    for members in partitions.values():
        if len(members) < 2:
            continue
        if len(members) <= ALL_PAIRS_MAX:
            _all_pairs(members, texts, threshold, sets, links, workers)
        else:
            _ExemplarSearch(members, texts, threshold, sets, links).run()
    return Clustering([sets.find(i) for i in range(n)], links)


def _join(sets: UnionFind, links: list[Link | None], earlier: int, later: int, score: float, rule: str) -> None:
    """Record the edge and merge; the later item keeps its first (best-first) explanation."""
    sets.union(earlier, later)
    if links[later] is None:
        links[later] = Link(earlier, round(float(score), 2), rule)


def _all_pairs(members: list[int], texts: Sequence[str], threshold: float, sets: UnionFind,
               links: list[Link | None], workers: int) -> None:
    chosen = [texts[m] for m in members]
    radius = search_radius(threshold)
    scores = process.cdist(chosen, chosen, scorer=fuzz.ratio, score_cutoff=radius,
                           dtype=np.float32, workers=workers)
    scores = np.triu(scores, k=1)
    rows, cols = np.nonzero(scores >= radius)
    # Best edge first for each later item, so its explanation names its closest earlier match.
    order = np.lexsort((-scores[rows, cols], cols))
    for k in order:
        i, j = int(rows[k]), int(cols[k])
        rule = edge_rule(chosen[i], chosen[j], threshold, float(scores[i, j]))
        if rule is not None:
            _join(sets, links, members[i], members[j], scores[i, j], rule)


class _ExemplarSearch:
    """The large-partition search described in the module docstring."""

    def __init__(self, members: list[int], texts: Sequence[str], threshold: float, sets: UnionFind,
                 links: list[Link | None]) -> None:
        self.members = members
        self.texts = texts
        self.threshold = threshold
        radius = search_radius(threshold)
        self.cover = radius + (100.0 - radius) / 2.0
        # A neighbour y of follower x (cover-close to exemplar e) scores about
        # radius + cover - 100 against e; below that, e's followers are not worth scoring.
        self.near = radius + self.cover - 100.0 - (100.0 - radius) / 2.0
        self.radius = radius
        self.sets = sets
        self.links = links
        self.document_frequency: Counter[str] = Counter()
        for member in members:
            self.document_frequency.update(set(texts[member].split()))
        self.index: dict[str, list[int]] = defaultdict(list)
        self.followers: dict[int, list[int]] = {}

    def rare_words(self, text: str) -> list[str]:
        frequency = self.document_frequency
        return sorted(set(text.split()), key=lambda w: (frequency[w], w))[:RARE_KEYS]

    def run(self) -> None:
        for item in self.members:
            self.place(item)

    def place(self, item: int) -> None:
        text = self.texts[item]
        keys = self.rare_words(text)
        candidates = sorted({e for key in keys for e in self.index.get(key, ())})
        best_score, best_exemplar = 0.0, -1
        near_misses: list[int] = []
        if candidates:
            hits = process.extract(text, [self.texts[c] for c in candidates], scorer=fuzz.ratio,
                                   score_cutoff=self.near, limit=None)
            for _, score, position in hits:  # best first
                exemplar = candidates[position]
                rule = edge_rule(text, self.texts[exemplar], self.threshold, score) if score >= self.radius else None
                if rule is not None:
                    _join(self.sets, self.links, exemplar, item, score, rule)
                    if score > best_score:
                        best_score, best_exemplar = score, exemplar
                else:
                    near_misses.append(exemplar)
        if best_exemplar < 0 and near_misses:
            self.search_followers(item, text, near_misses)
        if best_score >= self.cover:
            self.followers[best_exemplar].append(item)
            return
        self.followers[item] = []
        for key in keys:
            self.index[key].append(item)

    def search_followers(self, item: int, text: str, exemplars: list[int]) -> None:
        for exemplar in exemplars:
            followers = self.followers[exemplar]
            if not followers:
                continue
            hits = process.extract(text, [self.texts[f] for f in followers], scorer=fuzz.ratio,
                                   score_cutoff=self.radius, limit=None)
            for _, score, position in hits:  # best first: the first verified one is enough
                rule = edge_rule(text, self.texts[followers[position]], self.threshold, score)
                if rule is not None:
                    _join(self.sets, self.links, followers[position], item, score, rule)
                    break
