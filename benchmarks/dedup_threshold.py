"""Choose the dedup similarity threshold, and the floor of the one-short-edit rule, by
evaluation: pair precision, recall and false merges on the labeled fixtures for every
threshold from 85 to 99.5, then for floors from 75 to 95 at the default threshold.

Labeled pairs come from two places, neither from the program's output:

* ``tests/fixtures/dedup/seed_pairs.jsonl`` — seed caption pairs labeled by reading
  (``docs/dedup.md``), plus every pair of seed captions identical after casefolding and
  whitespace collapsing (the same by definition);
* a synthetic corpus (``benchmarks/corpus.py``): two captions made from one seed caption with
  only same-caption edits are the same; a caption with an event-changing edit (another
  expedition number, another day) is different from every copy without it.

    python -m benchmarks.dedup_threshold [--synthetic 1500]
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections import defaultdict
from pathlib import Path

import srsly

from benchmarks.corpus import generate
from captionie.duplicates.deduplicator import Deduplicator, feed
from captionie.duplicates.pair_scoring import score_pairs
from captionie.io.readers import Caption, read

ROOT = Path(__file__).resolve().parents[1]


def seed_pairs() -> tuple[list[Caption], list[dict]]:
    """Seed captions and their labeled pairs (read pairs + identical-text pairs)."""
    captions = [c for c in read(ROOT / "seeds") if isinstance(c, Caption)]
    pairs = list(srsly.read_jsonl(ROOT / "tests/fixtures/dedup/seed_pairs.jsonl"))
    by_text: dict[str, list[str]] = defaultdict(list)
    for caption in captions:
        by_text[re.sub(r"\s+", " ", caption.text.casefold()).strip()].append(caption.id)
    for ids in by_text.values():
        pairs += [{"a": a, "b": b, "same": True, "why": "identical text"} for a, b in itertools.combinations(ids, 2)]
    return captions, pairs


def synthetic_pairs(n: int) -> tuple[list[Caption], list[dict]]:
    """A synthetic corpus and its pairs labeled by construction (same seed caption only)."""
    made = list(generate(n, seed=7))
    captions = [Caption(id=s.id, text=s.text) for s in made]
    by_seed: dict[str, list] = defaultdict(list)
    for s in made:
        by_seed[s.seed].append(s)
    pairs = []
    for group in by_seed.values():
        for x, y in itertools.combinations(group, 2):
            event_x = [e for e in x.edits if e.startswith("other_")]
            event_y = [e for e in y.edits if e.startswith("other_")]
            if not event_x and not event_y:
                pairs.append({"a": x.id, "b": y.id, "same": True})
            elif bool(event_x) != bool(event_y):
                pairs.append({"a": x.id, "b": y.id, "same": False})
    return captions, pairs


def sweep(captions: list[Caption], pairs: list[dict], thresholds: list[float]) -> list[tuple[float, object]]:
    base = Deduplicator()
    feed(base, captions)
    results = []
    for threshold in thresholds:
        base.threshold = threshold
        clusters = {row["id"]: row["cluster"] for row in base.rows()}
        results.append((threshold, score_pairs(clusters, pairs)))
    return results


def sweep_floor(captions: list[Caption], pairs: list[dict], floors: list[float]) -> list[tuple[float, object]]:
    """The same at the default threshold for each ``near_duplicates.EDIT_FLOOR``."""
    import captionie.duplicates.near_duplicates as near_duplicates

    base = Deduplicator()
    feed(base, captions)
    chosen = near_duplicates.EDIT_FLOOR
    results = []
    try:
        for floor in floors:
            near_duplicates.EDIT_FLOOR = floor
            clusters = {row["id"]: row["cluster"] for row in base.rows()}
            results.append((floor, score_pairs(clusters, pairs)))
    finally:
        near_duplicates.EDIT_FLOOR = chosen
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="dedup threshold sweep on the labeled pairs")
    parser.add_argument("--synthetic", type=int, default=1500, help="synthetic captions (default 1500)")
    args = parser.parse_args(argv)
    thresholds = [t / 2 for t in range(170, 200)]
    sets = {"seeds (read)": seed_pairs(), f"synthetic ({args.synthetic})": synthetic_pairs(args.synthetic)}
    for name, (captions, pairs) in sets.items():
        positives = sum(p["same"] for p in pairs)
        print(f"\n{name}: {len(captions)} captions, {len(pairs)} labeled pairs ({positives} same)")
        print("threshold  precision  recall  false merges  missed")
        for threshold, report in sweep(captions, pairs, thresholds):
            print(f"{threshold:9.1f}  {report.precision:9.3f}  {report.recall:6.3f}  "
                  f"{len(report.false_merges):12d}  {len(report.missed):6d}")
        print("edit floor  precision  recall  false merges  missed   (at the default threshold)")
        for floor, report in sweep_floor(captions, pairs, [f / 2 for f in range(150, 192, 5)]):
            print(f"{floor:10.1f}  {report.precision:9.3f}  {report.recall:6.3f}  "
                  f"{len(report.false_merges):12d}  {len(report.missed):6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
