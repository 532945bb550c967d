"""The benchmarks still run end to end and report every row and check.

Timings are machine-dependent, so nothing here asserts a speed: only that the script the
README's figures come from produces a complete table, with one paired ratio per round.  The
scripts are run as the README runs them: ``python -m benchmarks.<name>`` from the repository
root."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

def _run(root, *args: str, env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, timeout=timeout,
                          check=False, cwd=root, env=env)


@pytest.mark.slow
def test_throughput_table_runs_every_contender_and_reports_each_rounds_ratios(root) -> None:
    result = _run(root, "benchmarks.throughput", "table", "--n", "40", "--naive-n", "6", "--repeats", "2",
                  timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    rows = {"(a) spaCy tokenizer, a new one each round": 40, "(a2) spaCy tokenizer, the same one every round": 40,
            "(a3) captionie's tokenizer": 40,
            "(b) captionie extract, 1 worker (": 40, "(b) captionie extract, 2 workers": 40,
            "(b) captionie extract, 1 worker, no result cache": 40, "(c) naive EntityRuler + search_dates": 6}
    for row, captions in rows.items():
        assert re.search(rf"^\| {re.escape(row)}[^|]*\| {captions} \|", out, re.MULTILINE), (row, out)
    for check in ("captionie 1 worker / tokenizer", "captionie 2 workers / 1 worker", "captionie 1 worker / naive"):
        line = next(line for line in out.splitlines() if line.startswith(check + ":"))
        per_round = re.search(r"ratios \(([^)]*)\)", line)
        assert per_round is not None and len(per_round.group(1).split(", ")) == 2, line


@pytest.mark.slow
def test_beside_runs_the_command_line_of_both_checkouts_and_checks_every_record(root, tmp_path) -> None:
    corpus = tmp_path / "captions.jsonl"
    corpus.write_text("".join(f'{{"id": "c{i}", "text": "Soyuz TMA-{i} landed in Kazakhstan on May {i}, 2010."}}\n'
                              for i in range(1, 9)), encoding="utf-8")
    result = _run(root, "benchmarks.beside", "--corpus", str(corpus), "--reference", str(root), "--rounds", "1",
                  "--workers", "1", "2", "--startup-runs", "1", timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    for name in ("this", "reference"):
        for workers in (1, 2):
            assert re.search(rf"^\| {name} \| {workers} \| [\d.]+ \| [\d,]+ \| \d+ \| 0 \|$", out, re.MULTILINE), out
    assert re.search(r"^per-caption time, 1 worker, this / reference: -?[\d.]+ \(rounds -?[\d.]+\)", out, re.MULTILINE), out
    assert re.search(r"^peak RSS with 2 workers: \d+ MB", out, re.MULTILINE), out


@pytest.mark.slow
@pytest.mark.parametrize("step", ["tokenizer", "crew", "batch run"])
def test_instruction_count_child_runs_each_kind_of_step(root, step) -> None:
    """The work ``benchmarks/instructions.py`` counts under callgrind runs as a plain process
    (valgrind only watches it), for the tokenizer, a component and the whole batch run."""
    result = _run(root, "benchmarks.instructions", "child", step, "1", "4")
    assert result.returncode == 0, result.stderr[-2000:]


def test_instruction_count_without_valgrind_says_so_in_one_line(root, tmp_path) -> None:
    result = _run(root, "benchmarks.instructions", "--n", "4", env={"PATH": str(tmp_path)})
    assert result.returncode != 0
    assert result.stderr.strip() == "benchmarks/instructions.py needs valgrind on PATH (apt install valgrind)"


@pytest.mark.slow
def test_every_benchmark_script_imports_as_a_module_of_the_benchmarks_package(root) -> None:
    """No script puts a folder on ``sys.path`` to find another: each imports as
    ``benchmarks.<name>`` from the repository root and leaves the path as it was (checked in a
    fresh interpreter: this one imported some of them while collecting tests)."""
    names = [path.stem for path in sorted((root / "benchmarks").glob("*.py")) if path.stem != "__init__"]
    assert {"corpus", "throughput", "instructions"} <= set(names)
    code = ("import importlib, sys; before = list(sys.path); "
            f"[importlib.import_module('benchmarks.' + name) for name in {names!r}]; "
            "print(sys.path == before)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False,
                            cwd=root)
    assert (result.returncode, result.stdout) == (0, "True\n"), result.stderr[-2000:]
