"""The real command line on a real caption file, this checkout beside a reference checkout.

    python -m benchmarks.beside --corpus CAPTIONS.jsonl --reference ../captionie-ref [--rounds 3]

Why: a change that makes the extractor right on more of the archive (bigger gazetteers, more
rules) must not make it much slower or bigger; the figures that matter are those of
``captionie extract`` on real captions, next to the code before the change, on the same
machine in the same minutes.  ``--reference`` is another checkout of captionie (for example
``git worktree add ../captionie-ref <commit>``); both run with their own ``src`` and
``patterns`` on the path, in this interpreter's environment.

Each round runs, for each worker count and each checkout in turn, ``captionie extract CORPUS
-o OUT --workers N`` in a subprocess, sampling the peak RSS of its process tree; it checks that
every caption gave one line and counts error records.  Start-up (import, build, first caption)
is timed in fresh processes.  Ratios are paired: each round's this/reference, median over the
rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.throughput import STARTUP_CHILD, run_sampling_rss

ROOT = Path(__file__).resolve().parents[1]
#: What the ``captionie`` command runs, in a form older checkouts have too.
ENTRY_POINT = "import sys; from captionie.cli import main; sys.exit(main(sys.argv[1:]))"
#: Start-up target (import + build + first caption), seconds.
STARTUP_TARGET_SECONDS = 2.0
#: Per-caption time this checkout may take, as a multiple of the reference's.
SLOWDOWN_LIMIT = 1.15
#: Peak RSS of a two-worker run, MB.
TWO_WORKER_RSS_LIMIT_MB = 700.0


def env_for(tree: Path) -> dict[str, str]:
    """The environment of a child running checkout ``tree``."""
    return dict(os.environ, PYTHONPATH=str(tree / "src"))


def startup_seconds(tree: Path, runs: int) -> float:
    """Median seconds to import, build and extract a first caption, in fresh processes."""
    text = "Expedition 53 Commander Randy Bresnik of NASA launched from Baikonur on Sept. 12, 2017."
    samples = []
    for _ in range(runs + 1):  # the first warms the file cache and is not counted
        done = subprocess.run([sys.executable, "-c", STARTUP_CHILD, text], env=env_for(tree),
                              capture_output=True, text=True, check=True)
        samples.append(json.loads(done.stdout.splitlines()[-1])["extract"])
    return statistics.median(samples[1:])


def one_run(tree: Path, corpus: Path, workers: int, captions: int) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MB, error records) of one ``captionie extract`` of ``corpus``."""
    with tempfile.TemporaryDirectory(prefix="captionie-beside-") as tmp:
        out = Path(tmp) / "records.jsonl"
        command = [sys.executable, "-c", ENTRY_POINT, "extract", str(corpus), "-o", str(out), "--workers", str(workers)]
        wall, peak, code, err = run_sampling_rss(command, 0.2, env_for(tree))
        if code not in (0, 1):
            raise SystemExit(f"{tree}: captionie extract failed ({code}): {err}")
        lines = out.read_text(encoding="utf-8").splitlines()
        if len(lines) != captions:
            raise SystemExit(f"{tree}: {len(lines)} records for {captions} captions")
        errors = sum(1 for line in lines if '"error"' in line and "error" in json.loads(line))
    return wall, peak, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="captions file (any input captionie reads)")
    parser.add_argument("--reference", type=Path, required=True, help="another captionie checkout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--startup-runs", type=int, default=5)
    args = parser.parse_args(argv)
    trees = {"this": ROOT, "reference": args.reference.resolve()}
    captions = sum(1 for line in args.corpus.open(encoding="utf-8") if line.strip())
    print(f"$ python -m benchmarks.beside {' '.join(sys.argv[1:] if argv is None else argv)}")
    print(f"# {captions} captions from {args.corpus.name}; this = {ROOT}, reference = {trees['reference']}")
    startup = {name: startup_seconds(tree, args.startup_runs) for name, tree in trees.items()}
    walls: dict[tuple[str, int], list[float]] = {}
    peaks: dict[tuple[str, int], list[float]] = {}
    errors: dict[str, int] = {}
    for _ in range(args.rounds):
        for workers in args.workers:
            for name, tree in trees.items():
                wall, peak, failed = one_run(tree, args.corpus, workers, captions)
                walls.setdefault((name, workers), []).append(wall)
                peaks.setdefault((name, workers), []).append(peak)
                errors[name] = failed
    print()
    print("| checkout | workers | wall s (median) | captions/s | peak RSS MB (max) | error records |")
    print("|---|---:|---:|---:|---:|---:|")
    for workers in args.workers:
        for name in trees:
            wall = statistics.median(walls[(name, workers)])
            print(f"| {name} | {workers} | {wall:.1f} | {captions / wall:,.0f} | "
                  f"{max(peaks[(name, workers)]):.0f} | {errors[name]} |")
    print()
    print("| start-up (import, build, first caption), median s | this | reference |")
    print("|---|---:|---:|")
    print(f"| | {startup['this']:.2f} | {startup['reference']:.2f} |")
    print()
    one = min(args.workers)
    # Per caption: the wall time less start-up, paired round by round.
    ratios = [(t - startup["this"]) / (r - startup["reference"])
              for t, r in zip(walls[("this", one)], walls[("reference", one)])]
    slowdown = statistics.median(ratios)
    checks = [
        (f"per-caption time, {one} worker, this / reference: {slowdown:.3f} "
         f"(rounds {', '.join(f'{r:.3f}' for r in ratios)})", slowdown <= SLOWDOWN_LIMIT, f"<= {SLOWDOWN_LIMIT}"),
        (f"start-up: {startup['this']:.2f} s", startup["this"] < STARTUP_TARGET_SECONDS, f"< {STARTUP_TARGET_SECONDS:g} s"),
    ]
    if 2 in args.workers:
        peak_two = max(peaks[("this", 2)])
        checks.append((f"peak RSS with 2 workers: {peak_two:.0f} MB", peak_two < TWO_WORKER_RSS_LIMIT_MB,
                       f"< {TWO_WORKER_RSS_LIMIT_MB:g} MB"))
    for text, ok, target in checks:
        print(f"{text} (target {target}) {'ok' if ok else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
