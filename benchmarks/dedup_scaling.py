"""Dedup at scale: our pairs against exhaustive all-pairs rapidfuzz, then wall time and peak
memory of ``captionie dedup`` at larger sizes.

    python -m benchmarks.dedup_scaling compare --n 10000
    python -m benchmarks.dedup_scaling scale --n 100000 --n 1000000 --workers 2

``compare`` extracts the corpus once, then clusters the distinct comparison texts two ways and
times only that step: ours (``cluster_texts``: guard partitions, exemplar index, verified
edges) and the obvious alternative, ``rapidfuzz.process.cdist`` over every pair of distinct
texts with the same threshold and the same guard.  Recall is the share of the exhaustive
verified pairs (``edge_rule``: ratio >= threshold, or one short edit above the floor; equal guards) that our clustering puts in one cluster.

``scale`` writes a corpus of N captions (``benchmarks/corpus.py``, seed 13) and runs the real
command line on it in a subprocess; peak memory is the largest summed RSS of that process and
its workers, sampled every 0.2 s from /proc.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import srsly
from rapidfuzz import fuzz, process

from benchmarks.corpus import generate

ROOT = Path(__file__).resolve().parents[1]


def compare(n: int, threshold: float | None, workers: int) -> None:
    from captionie.duplicates.deduplicator import DEFAULT_THRESHOLD, Deduplicator, feed
    from captionie.duplicates.near_duplicates import cluster_texts, edge_rule, search_radius
    from captionie.io.readers import Caption

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    captions = [Caption(id=s.id, text=s.text) for s in generate(n)]
    started = time.perf_counter()
    collected = Deduplicator(threshold)
    feed(collected, captions, n_process=workers)
    extraction = time.perf_counter() - started
    texts = [f.text for f in collected.distinct]
    guards = [f.guard for f in collected.distinct]
    print(f"{n} captions, {len(texts)} distinct comparison texts, threshold {threshold:g}; "
          f"extraction + fingerprints {extraction:.1f} s ({workers} worker(s))")

    started = time.perf_counter()
    ours = cluster_texts(texts, guards, threshold, workers=workers)
    ours_time = time.perf_counter() - started

    started = time.perf_counter()
    guard_ids = np.unique(np.array(guards, dtype=object), return_inverse=True)[1]
    edges: list[tuple[int, int]] = []
    chunk = 1000
    for first in range(0, len(texts), chunk):
        scores = process.cdist(texts[first:first + chunk], texts, scorer=fuzz.ratio,
                               score_cutoff=search_radius(threshold), dtype=np.float32, workers=workers)
        rows, cols = np.nonzero(scores >= search_radius(threshold))
        for i, j in zip(rows.tolist(), cols.tolist()):
            score = float(scores[i, j])
            i += first
            if i < j and guard_ids[i] == guard_ids[j] and edge_rule(texts[i], texts[j], threshold, score) is not None:
                edges.append((i, j))
    exhaustive_time = time.perf_counter() - started

    found = sum(1 for i, j in edges if ours.root[i] == ours.root[j])
    recall = found / len(edges) if edges else 1.0
    verified = sum(1 for i, link in enumerate(ours.link) if link is not None)
    print(f"exhaustive verified pairs: {len(edges)}; ours in one cluster: {found}; pair recall {recall:.4f}")
    print(f"our merges (each a verified edge): {verified}")
    print(f"clustering time: ours {ours_time:.2f} s, all-pairs cdist {exhaustive_time:.2f} s, "
          f"ratio {exhaustive_time / max(ours_time, 1e-9):.1f}x")


def _tree_rss_mb(root_pid: int) -> float:
    """Summed RSS of ``root_pid`` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / 2**20


def scale(sizes: list[int], workers: int, threshold: float | None) -> None:
    print(f"{'captions':>10} {'distinct':>9} {'clusters':>9} {'wall s':>8} {'captions/s':>11} {'peak RSS MB':>12}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            srsly.write_jsonl(corpus, (s.to_json() for s in generate(n)))
            out = Path(tmp) / "rows.jsonl"
            command = [sys.executable, "-m", "captionie.cli.app", "dedup", str(corpus), "-o", str(out),
                       "--workers", str(workers)]
            if threshold is not None:
                command += ["--threshold", str(threshold)]
            env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
            started = time.perf_counter()
            child = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
            peak = [0.0]

            def sample() -> None:
                while child.poll() is None:
                    peak[0] = max(peak[0], _tree_rss_mb(child.pid))
                    time.sleep(0.2)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            _, err = child.communicate()
            wall = time.perf_counter() - started
            sampler.join()
            if child.returncode != 0:
                raise SystemExit(f"captionie dedup failed ({child.returncode}): {err}")
            clusters, rows = set(), 0
            for row in srsly.read_jsonl(out):
                rows += 1
                clusters.add(row["cluster"])
            assert rows == n, (rows, n)
            distinct = len({s.text for s in generate(n)}) if n <= 200_000 else -1
            shown = f"{distinct:>9}" if distinct >= 0 else f"{'-':>9}"
            print(f"{n:>10} {shown} {len(clusters):>9} {wall:>8.1f} {n / wall:>11.0f} {peak[0]:>12.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="dedup scaling benchmark")
    sub = parser.add_subparsers(dest="mode", required=True)
    one = sub.add_parser("compare")
    one.add_argument("--n", type=int, default=10_000)
    one.add_argument("--workers", type=int, default=2)
    one.add_argument("--threshold", type=float)
    many = sub.add_parser("scale")
    many.add_argument("--n", type=int, action="append", required=True)
    many.add_argument("--workers", type=int, default=2)
    many.add_argument("--threshold", type=float)
    args = parser.parse_args(argv)
    if args.mode == "compare":
        compare(args.n, args.threshold, args.workers)
    else:
        scale(args.n, args.workers, args.threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
