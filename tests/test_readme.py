"""The README's examples work as they stand.

* Every ```python block runs, from the repository root, in a namespace of its own.  A line
  ``EXPR  # -> VALUE`` states what ``EXPR`` gives: it runs as ``assert EXPR == VALUE``.
* Every command line of a ```bash block that starts with ``captionie `` and reads the bundled
  files (``seeds/``, ``tests/fixtures/``) runs and exits 0, each block's lines in order in a
  temporary directory, so ``-o`` and ``>`` outputs land there (``seeds`` and ``tests`` are
  linked into it).  The two install commands of the quick start are not run: they create
  virtualenvs, and the second runs this test suite; only the ``captionie`` command at the end
  of the first is.
* Every ```json block is a record captionie gives: its offsets slice its text, and each field
  it shows is what ``captionie.extract`` finds in that text.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^```(?P<lang>\w*)[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
EXPECTATION = re.compile(r"^(?P<code>\S.*?)\s+# -> (?P<expected>.+)$")
BUNDLED = ("seeds/", "tests/fixtures/")


def readme_blocks(lang: str) -> list[tuple[int, str]]:
    """(line number of the opening fence, body) of every block in ``lang``."""
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group("body"))
            for m in FENCE.finditer(text) if m.group("lang") == lang]


def with_assertions(body: str, first_line: int) -> str:
    """The block's source, each ``EXPR  # -> VALUE`` line turned into an assertion."""
    lines = []
    for offset, line in enumerate(body.splitlines(), start=first_line + 1):
        found = EXPECTATION.match(line)
        if found is None:
            lines.append(line)
            continue
        code, expected = found.group("code"), found.group("expected")
        lines.append(f"__got = ({code}); assert __got == ({expected}), "
                     f"'README.md line {offset}: ' + {code!r} + ' gives ' + repr(__got)")
    return "\n".join(lines) + "\n"


PYTHON_BLOCKS = readme_blocks("python")


def test_readme_has_examples() -> None:
    assert PYTHON_BLOCKS, "README.md has no ```python block"
    assert CLI_BLOCKS, "README.md has no captionie command reading seeds/ or tests/fixtures/"
    assert readme_blocks("json"), "README.md has no ```json record"


@pytest.mark.parametrize("first_line, body", PYTHON_BLOCKS, ids=[f"line{n}" for n, _ in PYTHON_BLOCKS])
def test_python_block_runs(first_line: int, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    source = with_assertions(body, first_line)
    exec(compile(source, f"README.md (block at line {first_line})", "exec"), {"__name__": "__readme__"})


def cli_command(line: str) -> str | None:
    """The captionie command a bash line runs, or None when the line is not one to run here."""
    line = line.strip()
    if line.startswith("python3 -m venv"):
        # An install command: not run (it makes a virtualenv); its final captionie command is.
        tail = line.split("&&")[-1].strip()
        return tail if tail.startswith("captionie ") else None
    if not line.startswith("captionie "):
        return None
    return line


def cli_blocks() -> list[tuple[int, list[str]]]:
    blocks = []
    for first_line, body in readme_blocks("bash"):
        commands = [command for command in map(cli_command, body.splitlines())
                    if command is not None and any(path in command for path in BUNDLED)]
        if commands:
            blocks.append((first_line, commands))
    return blocks


CLI_BLOCKS = cli_blocks()


def captionie_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose ``captionie`` is this interpreter's: its console script when
    installed beside it, else ``python -m captionie``."""
    env = dict(os.environ)
    script = Path(sys.executable).parent / "captionie"
    if script.is_file():
        bin_dir = script.parent
    else:
        bin_dir = tmp_path / ".bin"
        bin_dir.mkdir()
        wrapper = bin_dir / "captionie"
        wrapper.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m captionie \"$@\"\n")
        wrapper.chmod(0o755)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def outputs_of(command: str) -> list[str]:
    """The files a command line says it writes (``-o``, ``--errors``, ``--json``, ``>``)."""
    words = shlex.split(command)
    return [words[i + 1] for i, word in enumerate(words[:-1]) if word in ("-o", "--output", "--errors", "--json", ">")]


@pytest.mark.parametrize("first_line, commands", CLI_BLOCKS, ids=[f"line{n}" for n, _ in CLI_BLOCKS])
def test_cli_examples_run(first_line: int, commands: list[str], tmp_path: Path) -> None:
    for name in ("seeds", "tests"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    env = captionie_on_path(tmp_path)
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=900)
        assert done.returncode == 0, (f"README.md block at line {first_line}: `{command}` exited "
                                      f"{done.returncode}\n{done.stderr[-3000:]}")
        for output in outputs_of(command):
            written = tmp_path / output
            assert written.is_file(), f"`{command}` did not write {output}"
            if output.endswith(".jsonl") and "errors" not in output:
                assert written.stat().st_size > 0, f"`{command}` wrote an empty {output}"


JSON_BLOCKS = readme_blocks("json")
LIST_FIELDS = ("image_ids", "dates", "expeditions", "spacecraft", "crew", "agencies", "locations")


@pytest.mark.parametrize("first_line, body", JSON_BLOCKS, ids=[f"line{n}" for n, _ in JSON_BLOCKS])
def test_json_record_is_what_captionie_gives(first_line: int, body: str) -> None:
    import captionie

    shown = json.loads(body)
    text = shown["text"]
    for field in (*LIST_FIELDS, "credit"):
        if field not in shown:
            continue
        mentions = shown[field] if field != "credit" else [shown[field]] if shown[field] else []
        for mention in mentions:
            assert text[mention["start"]:mention["end"]] == mention["text"], (field, mention)
    meta = {key: value for key, value in shown.get("meta", {}).items() if key != "raw_text"}
    record = captionie.extract(text, id=shown.get("id"), meta=meta)
    for field in (*LIST_FIELDS, "credit", "warnings"):
        if field in shown:
            assert record[field] == shown[field], f"README.md block at line {first_line}: {field}"
