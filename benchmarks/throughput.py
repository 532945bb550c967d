"""Batch extraction speed, start-up time and peak memory of captionie, against a floor and a
naive alternative.

    python -m benchmarks.throughput table --n 100000
    python -m benchmarks.throughput startup
    python -m benchmarks.throughput memory --n 100000 --n 1000000 --workers 1

Defaults (corpus seed, N values, batch sizes, repeats) live in ``benchmarks/throughput.json``.
The table's default is 100,000 captions; at 20,000 (``--n 20000``) forking the workers and
the last parts weigh more in a 2-worker run, and the result cache has seen fewer repeats.
``--config`` (before the subcommand) reads another file and flags override single values.
Every subcommand first prints the command line that produced it, so the output can be pasted
into docs/performance.md as is.

The corpus is ``benchmarks/corpus.py``: N captions drawn with a fixed seed from ``seeds/``,
most lightly edited (typos, rewritten credit lines, prepended image ids, ...), so the
extractor does not see N exact copies.  It is written once to a JSONL file
(``{"id", "text"}`` per line) in a temporary directory and read back once, with the reader
``captionie extract`` uses (``captionie.read``, which makes each line a ``Caption``).
Reading is outside every clock: captionie's contenders get those captions, the others their
texts.
MB/s is the UTF-8 bytes of the caption texts divided by seconds.

``table`` reads the corpus into memory once and times, in one process:

(a) the spaCy tokenizer alone (``spacy.blank("en")``, ``nlp.pipe(texts, batch_size=1000)``).
    Every spaCy-based extractor tokenizes first, so this is the floor any of them sits on;
    the other rows are given as a ratio to it.  Each round builds a new tokenizer (warmed on
    the first 1,000 captions before its clock starts, as captionie's pipeline is warmed), so it
    tokenizes the corpus once, as an extractor run over an archive does.  Row (a2) reuses
    one tokenizer for every round: from the second round on, every whitespace-separated
    chunk is in spaCy's tokenizer cache and skips the prefix, suffix and infix rules, which
    no run over an archive gets, so (a2) is faster than (a); the ratio to it is printed too.  Row (a3) is the tokenizer
    captionie's pipeline runs, timed as (a): spaCy's English one without its special cases
    (abbreviations, contractions, emoticons), which hid some names
    (``pipeline.without_special_cases`` says why), built as captionie builds it
    (``pipeline.blank_without_special_cases``).  Alone it is faster than (a); inside captionie's
    batch runs it gains little, since their tokenizer reads nearly every chunk from the cache its
    first batches filled.  The target ratio is to (a), the stock tokenizer; the ratio to (a3)
    is printed too.
(b) captionie with 1 and 2 worker processes, the way ``captionie extract --workers N`` runs
    it (reading and writing files aside): batches of captions in, finished JSON lines out, in
    input order.  ``nlp.pipe(n_process=...)`` pickles whole Docs back to the parent, which
    costs more than the parsing it parallelises, so captionie's workers get plain captions and
    send back JSON lines.  Each run starts with an empty result cache (``result_cache.py``:
    a caption repeated word for word is answered from the first run's result); one more
    1-worker row runs with no cache, so the cost of a caption that is run is shown too.
(c) the naive alternative: ``spacy.blank("en")`` with an ``EntityRuler`` holding every
    gazetteer name and alias under ``patterns/`` as a phrase pattern (``LOWER``) plus
    ``dateparser.search.search_dates`` on each caption.  It runs at about 150 captions/s, so
    it runs once over the first ``naive_n`` captions of the same corpus (in parts, one a round).

Each pipeline is built and warmed up before its clock starts (start-up is its own subcommand).
The contenders are timed in ``repeats`` rounds, each round running every one of them once (the
naive alternative on its next part of its captions), so a busy moment of a shared machine hits
all of them; the fast contenders report the median of their rounds.  The target ratios are
paired: each round's ratio of two contenders, which ran back to back, and the median of those
(with every round's value printed).  The 2-worker run includes
forking its worker pool, which inherits the parent's already-loaded pipeline.

``startup`` starts fresh interpreters (``sys.executable -c ...``) that ``import captionie``,
build the pipeline ``captionie.extract`` uses (``captionie.pipeline.default_pipeline()``, a
cached ``captionie.load()``) and extract one caption, and reports the median time to each
point over ``runs`` processes, after one untimed process that warms the file cache (and
the bytecode cache, where Python is allowed to write one).

``memory`` streams a corpus of each N to disk, runs the real command line
(``python -m captionie.cli.app extract CORPUS -o OUT --workers W``) in a subprocess, samples the
summed RSS of that process and its workers from /proc every 0.2 s, and reports wall time
(command start-up included), throughput and peak RSS; memory should not grow with N.
Temporary files are deleted after each N.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import srsly

from benchmarks.corpus import generate
from captionie.batch.result_cache import DEFAULT_SIZE
from captionie.io.readers import Caption, read

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
BENCHMARKS = ROOT / "benchmarks"
DEFAULT_CONFIG = BENCHMARKS / "throughput.json"

#: Label of each gazetteer file's entries in the naive EntityRuler.
NAIVE_LABELS = {"agencies": "AGENCY", "crew": "CREW", "places": "PLACE", "spacecraft": "SPACECRAFT"}

#: The ratios captionie holds itself to: (name, lower bound on the ratio).
TARGETS = {
    "captionie 1 worker / tokenizer": 0.22,
    "captionie 2 workers / 1 worker": 1.7,
    "captionie 1 worker / naive": 20.0,
}
#: The floor: a new tokenizer each round, so it tokenizes the corpus once, as an extractor run
#: over an archive does (and as captionie, whose result cache starts empty each round, does).
FLOOR = "(a) spaCy tokenizer, a new one each round"
#: The same tokenizer every round: from the second round on, every chunk of text is in its
#: cache.  Shown beside the floor as the best case a tokenizer can reach.
SEEN_FLOOR = "(a2) spaCy tokenizer, the same one every round"
#: The tokenizer captionie's own pipeline runs: (a)'s without spaCy's English special cases
#: (``pipeline.without_special_cases`` says why), a new one each round like (a).
OWN_TOKENIZER = "(a3) captionie's tokenizer (spaCy's without English special cases), a new one each round"
STARTUP_TARGET_SECONDS = 1.5
RSS_GROWTH_TARGET = 1.10


# --- corpus -------------------------------------------------------------------------------

@dataclass
class CorpusFile:
    """A corpus written to JSONL: where it is, how many captions, how many text bytes."""

    path: Path
    captions: int
    text_bytes: int


def write_corpus(path: Path, n: int, seed: int) -> CorpusFile:
    """Stream ``n`` generated captions to ``path`` as ``{"id", "text"}`` lines."""
    totals = {"captions": 0, "bytes": 0}

    def rows() -> Iterator[dict[str, str]]:
        for synthetic in generate(n, seed=seed):
            totals["captions"] += 1
            totals["bytes"] += len(synthetic.text.encode("utf-8"))
            yield {"id": synthetic.id, "text": synthetic.text}

    srsly.write_jsonl(path, rows())
    return CorpusFile(path, totals["captions"], totals["bytes"])


def read_corpus(path: Path) -> list[Caption]:
    """Every caption of a corpus file, read as ``captionie extract`` reads its input
    (``captionie.readers.read``): what the contenders time starts after reading."""
    captions: list[Caption] = []
    for item in read(path):
        if not isinstance(item, Caption):
            raise SystemExit(f"corpus line did not read as a caption: {item.source}: {item.error}")
        captions.append(item)
    return captions


def text_bytes(captions: list[Caption]) -> int:
    return sum(len(caption.text.encode("utf-8")) for caption in captions)


# --- timing -------------------------------------------------------------------------------

@dataclass
class Timing:
    """One contender's result: captions processed, their text bytes, seconds taken."""

    name: str
    captions: int
    text_bytes: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.captions / self.seconds

    @property
    def mb_per_s(self) -> float:
        return self.text_bytes / 2**20 / self.seconds


def timed(run: Callable[[], int], expected: int) -> float:
    """Seconds one call of ``run`` takes; ``run`` returns how many captions it consumed."""
    gc.collect()
    started = time.perf_counter()
    consumed = run()
    seconds = time.perf_counter() - started
    if consumed != expected:
        raise SystemExit(f"a contender consumed {consumed} captions, expected {expected}")
    return seconds


# --- contenders ---------------------------------------------------------------------------

def run_tokenizer(nlp: Any, texts: list[str], batch_size: int) -> int:
    """(a) Tokenize every text; returns the number of Docs consumed."""
    count = 0
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        count += 1
    return count


#: The engine of the last :func:`run_captionie` (its result cache's hits are reported).
_last_engine: Any = None


def run_captionie(items: list[Caption], n_process: int, batch_size: int, cache_size: int) -> int:
    """(b) What ``captionie extract --workers N`` does between reading and writing: batches of
    captions (as its reader yields them) in, finished JSON lines out, in order, on the batch
    engine the command line uses.  Each run starts from an empty result cache of
    ``cache_size`` (0: none), as a new command does."""
    global _last_engine
    from captionie.batch.engine import BatchEngine, batched, record_lines

    _last_engine = BatchEngine(cache_size=cache_size, manage_collector=True)
    results = _last_engine.map(record_lines, batched(items, batch_size), n_process)
    return sum(len(lines) for lines in results)


def gazetteer_phrases(patterns_dir: Path) -> list[dict[str, str]]:
    """One EntityRuler phrase pattern per distinct (label, name or alias) in the gazetteers;
    files without ``name`` entries (the id and serial regexes) contribute nothing."""
    seen: set[tuple[str, str]] = set()
    for path in sorted(patterns_dir.glob("*.jsonl")):
        label = NAIVE_LABELS.get(path.stem, path.stem.upper())
        for entry in srsly.read_jsonl(path):
            if "name" not in entry:
                continue
            for form in [entry["name"], *entry.get("aliases", [])]:
                if form.strip():
                    seen.add((label, form))
    return [{"label": label, "pattern": form} for label, form in sorted(seen)]


def build_naive(patterns_dir: Path) -> Any:
    """(c) ``spacy.blank("en")`` with an EntityRuler over every gazetteer form."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(gazetteer_phrases(patterns_dir))  # type: ignore[attr-defined]
    return nlp


def run_naive(nlp: Any, texts: list[str], errors: list[str]) -> int:
    """(c) Entities from the ruler and dates from ``search_dates`` per caption, encoded as a
    JSON line; a caption ``search_dates`` raises on is recorded in ``errors`` and kept."""
    from dateparser.search import search_dates

    count = 0
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=256)):
        try:
            found = search_dates(text, languages=["en"]) or []
        except Exception as exc:  # the naive extractor's failures are a result, not a crash
            errors.append(f"{type(exc).__name__}: {exc}")
            found = []
        record = {"entities": [[ent.label_, ent.start_char, ent.end_char] for ent in doc.ents],
                  "dates": [[substring, moment.isoformat()] for substring, moment in found]}
        srsly.json_dumps(record)
        count += 1
    return count


# --- table --------------------------------------------------------------------------------

def measure_table(items: list[Caption], naive_n: int, repeats: int,
                  tokenizer_batch: int, captionie_batch: int
                  ) -> tuple[list[Timing], dict[str, list[float]], list[str], int, float]:
    """Warm up every contender, then time them in ``repeats`` rounds; returns the timings,
    each contender's captions/s in each round (keyed by the timing's name), the naive run's
    errors, its number of phrase patterns and the cache's hit share.

    Each round times every contender once, the naive alternative on its next part of the
    first ``naive_n`` captions, so a busy moment of this shared machine slows every contender,
    not only the one that happened to run then.  The fast contenders report the median of
    their rounds, the naive alternative the total of its parts."""
    import spacy

    from captionie.pipeline.build import blank_without_special_cases, default_pipeline
    from captionie.resources import patterns_dir

    texts = [item.text for item in items]
    n, size = len(items), text_bytes(items)

    def warmed_tokenizer(special_cases: bool = True) -> Any:
        """A new tokenizer, warmed on the first 1,000 captions before any clock starts (as
        captionie's pipeline is warmed below, and by the batches it runs outside memory zones);
        ``special_cases=False``: captionie's."""
        tokenizer = spacy.blank("en") if special_cases else blank_without_special_cases()
        run_tokenizer(tokenizer, texts[:1000], tokenizer_batch)
        return tokenizer

    fresh: dict[str, Any] = {}

    def new_tokenizer() -> None:
        fresh["tokenizer"] = warmed_tokenizer()

    def new_own_tokenizer() -> None:
        fresh["own"] = warmed_tokenizer(special_cases=False)

    seen_tokenizer = warmed_tokenizer()
    default_pipeline()
    run_captionie(items[:200], 1, captionie_batch, DEFAULT_SIZE)
    naive = build_naive(patterns_dir())
    run_naive(naive, texts[:20], [])
    sample = texts[:naive_n]
    parts = [sample[r * len(sample) // repeats:(r + 1) * len(sample) // repeats] for r in range(repeats)]

    # (name, untimed set-up before each round's run or None, the timed run)
    contenders: list[tuple[str, Callable[[], None] | None, Callable[[], int]]] = [
        (FLOOR, new_tokenizer, lambda: run_tokenizer(fresh["tokenizer"], texts, tokenizer_batch)),
        (SEEN_FLOOR, None, lambda: run_tokenizer(seen_tokenizer, texts, tokenizer_batch)),
        (OWN_TOKENIZER, new_own_tokenizer, lambda: run_tokenizer(fresh["own"], texts, tokenizer_batch)),
        ("(b) captionie extract, 1 worker", None, lambda: run_captionie(items, 1, captionie_batch, DEFAULT_SIZE)),
        ("(b) captionie extract, 2 workers", None, lambda: run_captionie(items, 2, captionie_batch, DEFAULT_SIZE)),
        ("(b) captionie extract, 1 worker, no result cache", None, lambda: run_captionie(items, 1, captionie_batch, 0)),
    ]
    rounds: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
    errors: list[str] = []
    naive_seconds, hits = 0.0, 0.0
    naive_rates: list[float] = []
    for part in parts:
        for name, set_up, run in contenders:
            if set_up is not None:
                set_up()
            rounds[name].append(timed(run, n))
            if name == "(b) captionie extract, 1 worker":
                hits = _last_run_hit_share()
        seconds = timed(lambda: run_naive(naive, part, errors), len(part))
        naive_seconds += seconds
        naive_rates.append(len(part) / seconds)
    timings = [Timing(f"{name} (median of {repeats})", n, size, statistics.median(rounds[name])) for name, _, _ in contenders]
    timings.append(Timing(f"(c) naive EntityRuler + search_dates (first {len(sample)} captions, "
                          f"1 run in {repeats} parts)", len(sample), text_bytes(items[:naive_n]), naive_seconds))
    per_round = {timing.name: [n / seconds for seconds in rounds[name]]
                 for timing, (name, _, _) in zip(timings, contenders)}
    per_round[timings[-1].name] = naive_rates
    return timings, per_round, errors, len(naive.get_pipe("entity_ruler")), hits


def _last_run_hit_share() -> float:
    """Share of the corpus the last 1-worker run answered from its result cache (each run
    starts from an empty one, so this is one run's figure, not a sum over repeats)."""
    cache = _last_engine.cache
    return cache.hits / max(1, cache.hits + cache.misses)


def print_table(timings: list[Timing]) -> None:
    floor = timings[0].rate
    print("| contender | captions | seconds | captions/s | MB/s | ratio to tokenizer |")
    print("|---|---:|---:|---:|---:|---:|")
    for t in timings:
        print(f"| {t.name} | {t.captions} | {t.seconds:.2f} | {t.rate:,.0f} | {t.mb_per_s:.2f} | {t.rate / floor:.3f} |")


def paired_ratios(per_round: dict[str, list[float]], numerator: Timing, denominator: Timing) -> list[float]:
    """The ratio of two contenders' captions/s within each round.  Rounds run every contender
    back to back, so a round's ratio compares them under the same machine load; the median of
    those is steadier than a ratio of medians taken from different rounds."""
    return [a / b for a, b in zip(per_round[numerator.name], per_round[denominator.name])]


def print_checks(ratios: dict[str, list[float]]) -> None:
    print()
    for name, values in ratios.items():
        target = TARGETS[name]
        value = statistics.median(values)
        verdict = "ok" if value >= target else "BELOW TARGET"
        spread = ", ".join(f"{v:.2f}" for v in values)
        print(f"{name}: {value:.2f}, median of the rounds' ratios ({spread}) (target >= {target:g}) {verdict}")


def cmd_table(args: argparse.Namespace, config: dict[str, Any]) -> None:
    settings = config["table"]
    n = args.n or settings["n"]
    naive_n = min(args.naive_n or settings["naive_n"], n)
    repeats = args.repeats or settings["repeats"]
    with tempfile.TemporaryDirectory(prefix="captionie-throughput-") as tmp:
        corpus = write_corpus(Path(tmp) / "corpus.jsonl", n, args.seed)
        items = read_corpus(corpus.path)
    print(f"corpus: {corpus.captions} captions, {corpus.text_bytes / 2**20:.1f} MB of caption text "
          f"(seed {args.seed}); {os.cpu_count()} CPUs")
    print()
    timings, per_round, errors, naive_patterns, hits = measure_table(
        items, naive_n, repeats, settings["tokenizer_batch_size"], settings["captionie_batch_size"])
    print_table(timings)
    tokenizer, seen, own, one, two, uncached, naive = timings
    print_checks({
        "captionie 1 worker / tokenizer": paired_ratios(per_round, one, tokenizer),
        "captionie 2 workers / 1 worker": paired_ratios(per_round, two, one),
        "captionie 1 worker / naive": paired_ratios(per_round, one, naive),
    })
    against_seen = statistics.median(paired_ratios(per_round, one, seen))
    against_own = statistics.median(paired_ratios(per_round, one, own))
    print(f"against the tokenizer re-running texts it has seen (a2), 1 worker is {against_seen:.3f}x; "
          f"against captionie's own tokenizer (a3), {against_own:.3f}x")
    print(f"\nresult cache ({DEFAULT_SIZE:,} results): {hits:.0%} of the captions are repeats it answers; "
          f"with every caption run, 1 worker is {uncached.rate / tokenizer.rate:.3f}x the tokenizer "
          f"and {uncached.rate / naive.rate:.1f}x the naive alternative")
    print(f"\nnaive: {naive_patterns} phrase patterns (every name and alias under patterns/, LOWER); "
          "crew surnames on their own and the id/serial regexes are not gazetteer names")
    if errors:
        print(f"\nsearch_dates raised on {len(errors)} of {naive.captions} captions, e.g. {errors[0]}")


# --- startup ------------------------------------------------------------------------------

STARTUP_CHILD = """\
import json, sys, time
started = time.perf_counter()
import captionie
imported = time.perf_counter()
from captionie.pipeline.build import default_pipeline
default_pipeline()
loaded = time.perf_counter()
captionie.extract(sys.argv[1])
extracted = time.perf_counter()
print(json.dumps({"import": imported - started, "load": loaded - started, "extract": extracted - started}))
"""


def child_env() -> dict[str, str]:
    """The environment for child interpreters: this checkout's ``src`` first on the path."""
    paths = [str(SRC), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths))


def one_startup(text: str) -> dict[str, float]:
    """Cumulative seconds to import, load and first extract in a fresh interpreter, plus the
    whole process's wall time (interpreter start and exit included)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", STARTUP_CHILD, text], env=child_env(),
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"start-up child failed ({done.returncode}): {done.stderr}")
    return {**json.loads(done.stdout.splitlines()[-1]), "process": wall}


def cmd_startup(args: argparse.Namespace, config: dict[str, Any]) -> None:
    runs = args.runs or config["startup"]["runs"]
    text = next(generate(1, seed=args.seed)).text
    one_startup(text)  # untimed: warms the file cache (and bytecode, if written)
    samples = [one_startup(text) for _ in range(runs)]
    rows = [("import captionie", "import"),
            ("+ build the pipeline (default_pipeline, i.e. captionie.load())", "load"),
            ("+ first captionie.extract(...)", "extract"),
            ("whole process (interpreter start to exit)", "process")]
    print(f"median of {runs} fresh processes (after 1 untimed warm-up process)")
    print()
    print("| step (cumulative) | median s | min s | max s |")
    print("|---|---:|---:|---:|")
    for label, key in rows:
        values = [s[key] for s in samples]
        print(f"| {label} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")
    first = statistics.median(s["extract"] for s in samples)
    verdict = "ok" if first < STARTUP_TARGET_SECONDS else "ABOVE TARGET"
    print(f"\nimport + load + first extract: {first:.2f} s (target < {STARTUP_TARGET_SECONDS:g} s) {verdict}")


# --- memory -------------------------------------------------------------------------------

def run_sampling_rss(command: list[str], interval: float,
                     env: dict[str, str] | None = None) -> tuple[float, float, int, str]:
    """Run ``command`` (in ``env``, by default :func:`child_env`); returns (wall seconds, peak
    RSS MB of its process tree, exit code, stderr)."""
    from benchmarks.dedup_scaling import _tree_rss_mb

    started = time.perf_counter()
    child = subprocess.Popen(command, env=env or child_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample() -> None:
        while child.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(child.pid))
            time.sleep(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = child.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    return wall, peak[0], child.returncode, err


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def one_memory_run(n: int, seed: int, workers: int, interval: float) -> tuple[CorpusFile, float, float]:
    """Corpus of ``n`` captions through ``captionie extract``: (corpus, wall s, peak MB)."""
    with tempfile.TemporaryDirectory(prefix="captionie-throughput-") as tmp:
        corpus = write_corpus(Path(tmp) / "corpus.jsonl", n, seed)
        out = Path(tmp) / "records.jsonl"
        command = [sys.executable, "-m", "captionie.cli.app", "extract", str(corpus.path), "-o", str(out),
                   "--workers", str(workers)]
        wall, peak, code, err = run_sampling_rss(command, interval)
        if code != 0:
            raise SystemExit(f"captionie extract failed ({code}): {err}")
        records = count_lines(out)
        if records != n:
            raise SystemExit(f"captionie extract wrote {records} records for {n} captions")
    return corpus, wall, peak


def cmd_memory(args: argparse.Namespace, config: dict[str, Any]) -> None:
    settings = config["memory"]
    sizes = args.n or settings["n"]
    workers = args.workers or settings["workers"]
    print(f"captionie extract --workers {workers}; corpus seed {args.seed}; peak RSS = parent + workers, "
          f"sampled every {settings['sample_seconds']} s; wall time includes start-up")
    print()
    print("| captions | wall s | captions/s | MB/s | peak tree RSS MB |")
    print("|---:|---:|---:|---:|---:|")
    peaks: dict[int, float] = {}
    for n in sizes:
        corpus, wall, peak = one_memory_run(n, args.seed, workers, settings["sample_seconds"])
        peaks[n] = peak
        print(f"| {n} | {wall:.1f} | {n / wall:,.0f} | {corpus.text_bytes / 2**20 / wall:.2f} | {peak:.0f} |",
              flush=True)
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        growth = peaks[large] / peaks[small]
        verdict = "ok" if growth <= RSS_GROWTH_TARGET else "ABOVE TARGET"
        print(f"\npeak RSS at {large} / at {small} captions: {growth:.3f} "
              f"(target <= {RSS_GROWTH_TARGET:.2f}) {verdict}")


# --- command line -------------------------------------------------------------------------

def load_config(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="defaults (JSON)")
    sub = parser.add_subparsers(dest="mode", required=True)
    table = sub.add_parser("table", help="captions/s and MB/s of every contender in one run")
    table.add_argument("--n", type=int, help="corpus size")
    table.add_argument("--naive-n", type=int, help="captions the naive alternative is timed on")
    table.add_argument("--repeats", type=int, help="runs per fast contender (median reported)")
    table.set_defaults(func=cmd_table)
    startup = sub.add_parser("startup", help="import, pipeline load and first extract in fresh processes")
    startup.add_argument("--runs", type=int, help="fresh processes (median reported)")
    startup.set_defaults(func=cmd_startup)
    memory = sub.add_parser("memory", help="wall time and peak RSS of the real CLI at each N")
    memory.add_argument("--n", type=int, action="append", help="corpus size (repeat for several)")
    memory.add_argument("--workers", type=int, help="captionie extract --workers")
    memory.set_defaults(func=cmd_memory)
    for each in (table, startup, memory):
        each.add_argument("--seed", type=int, help="corpus seed")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = load_config(args.config)
    if args.seed is None:
        args.seed = config["seed"]
    print("$ " + shlex.join(["python", *(sys.argv if argv is None else [sys.argv[0], *argv])]))
    import spacy

    print(f"# Python {platform.python_version()}, spaCy {spacy.__version__}, config {args.config.name}")
    print(flush=True)
    args.func(args, config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
