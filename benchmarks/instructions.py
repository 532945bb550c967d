"""CPU instructions per caption of each step of a batch run, counted with valgrind's callgrind.

    python -m benchmarks.instructions --n 1000

Why: on this shared machine a timing drifts by a third between runs, so a change worth 1-3% is
lost in the noise of ``throughput.py``.  The number of instructions a step executes does not
depend on how loaded the machine is, and varies little from run to run (~1,500 a caption at
N = 1000; see :func:`count`), so steps of tens of thousands of instructions and changes of a
few percent in the big ones can be compared.  It is not time (cache misses
and branch mispredictions are not in it), so the throughput table stays the measure of speed;
this says where the work is, and whether a change removed some.

How: each step is counted in a child process run under ``valgrind --tool=callgrind``.  The
child takes N distinct corpus captions (``corpus.py``, seed 13), tokenizes them, and fills their
mention stores with the components before the step; it runs the step once over all N to fill its
remembered answers, then ``--repeats`` more times.  The same child with no repeats is counted
too; the difference, divided by ``repeats * N``, is the step's instructions per caption.
"tokenizer" is ``make_doc`` in a memory zone (as batch runs do after their first batches), after
the tokenizer has seen N other captions outside one; "batch run" is the batch engine's ``record_lines`` with
no result cache (every caption run, in memory zones), all steps and the JSON line included.
Children run two at a time (valgrind runs Python some 50 times slower).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STEPS = ("tokenizer", "image_ids", "credit", "dates", "expeditions", "agencies", "spacecraft",
         "locations", "crew", "batch run")
_COLLECTED = re.compile(r"Collected : (\d+)")


def child(step: str, repeats: int, n: int) -> None:
    """The counted work of one child (see the module docstring)."""
    from benchmarks.corpus import generate

    from captionie.batch.engine import WARM_BATCHES, BatchEngine, batched, record_lines
    import captionie.pipeline.build as pipeline
    import captionie.pipeline.run as run
    from captionie.components.base import block_urls

    texts = list(dict.fromkeys(s.text for s in generate(8 * n, seed=13)))
    seen, texts = texts[:n], texts[n:2 * n]
    nlp = pipeline.default_pipeline()
    for text in seen:
        nlp.make_doc(text)
    if step == "tokenizer":
        for _ in range(repeats):
            with nlp.memory_zone():
                for text in texts:
                    nlp.make_doc(text)
        return
    if step == "batch run":
        engine = BatchEngine(cache_size=0, manage_collector=True)
        engine.warm()
        engine.batches_run = WARM_BATCHES  # every counted batch in a memory zone
        items = [{"id": str(i), "text": text} for i, text in enumerate(texts)]
        batches = list(batched(items, 256))
        for batch in batches:
            record_lines(engine, batch)
        for _ in range(repeats):
            for batch in batches:
                record_lines(engine, batch)
        return
    pairs = []
    for text in texts:
        doc, store = run.new_doc(nlp, text, None, on_doc=False)
        block_urls(store)
        pairs.append((doc, store))
    name = f"captionie_{step}"
    for other, component in nlp.pipeline:
        if other == name:
            break
        for doc, store in pairs:
            store.add(component.field, component.find(doc, store))
    component = nlp.get_pipe(name)
    for _ in range(1 + repeats):
        for doc, store in pairs:
            component.find(doc, store)


def count(step: str, repeats: int, n: int) -> int:
    """Instructions a child executed, from callgrind's summary line.

    The work both children of a step share (imports, the pipeline: ~6.5G instructions) is
    subtracted away, so what varies in it from child to child lands on the step, divided by
    ``repeats * n``.  Every child therefore hashes strings with one seed and, where ``setarch``
    exists, runs without address randomization (object hashes, and so set orders, follow
    addresses): four children of the same work then spread over 3M instructions, against 9M
    with random hashing and addresses."""
    no_randomization = ["setarch", "-R"] if shutil.which("setarch") else []
    done = subprocess.run(
        [*no_randomization, "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-m", "benchmarks.instructions", "child", step, str(repeats), str(n)],
        capture_output=True, text=True, check=False, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind child for {step!r} failed ({done.returncode}): {done.stderr[-500:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("child", help="(internal) the counted work of one step")
    run.add_argument("step")
    run.add_argument("repeats", type=int)
    run.add_argument("n", type=int)
    parser.add_argument("--n", type=int, default=1000, help="distinct captions per step")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--steps", nargs="*", default=list(STEPS), help=f"some of: {', '.join(STEPS)}")
    args = parser.parse_args(argv)
    if args.command == "child":
        child(args.step, args.repeats, args.n)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("benchmarks/instructions.py needs valgrind on PATH (apt install valgrind)")
    unknown = set(args.steps) - set(STEPS)
    if unknown:
        raise SystemExit(f"unknown steps: {', '.join(sorted(unknown))}; known: {', '.join(STEPS)}")
    print(f"$ python -m benchmarks.instructions --n {args.n}" + (f" --repeats {args.repeats}" if args.repeats != 2 else ""))
    print(f"# Python {sys.version.split()[0]}; valgrind callgrind; {args.n} distinct corpus captions, "
          f"{args.repeats} counted passes per step\n")
    jobs = [(step, repeats) for step in args.steps for repeats in (0, args.repeats)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        totals = dict(zip(jobs, pool.map(lambda job: count(job[0], job[1], args.n), jobs)))
    per_caption = {step: (totals[(step, args.repeats)] - totals[(step, 0)]) / (args.repeats * args.n)
                   for step in args.steps}
    whole = per_caption.get("batch run")
    print("| step | instructions per caption | share of a batch run |")
    print("|---|---:|---:|")
    for step in args.steps:
        share = f"{per_caption[step] / whole:.0%}" if whole else ""
        print(f"| {step} | {per_caption[step]:,.0f} | {share} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
