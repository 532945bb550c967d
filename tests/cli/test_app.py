"""The command line's entry points: ``captionie`` and ``python -m captionie``, ``--version``
and ``--help``, and spaCy imported only when a command runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import captionie
from captionie.cli.app import main


def _run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_the_installed_command_prints_the_version() -> None:
    script = shutil.which("captionie", path=str(Path(sys.executable).parent))
    assert script is not None, "the captionie console script is not installed beside this Python"
    done = _run([script, "--version"])
    assert (done.returncode, done.stdout) == (0, f"captionie {captionie.__version__}\n"), done.stderr


def test_python_m_captionie_prints_the_version(captionie_command) -> None:
    done = _run([*captionie_command, "--version"])
    assert (done.returncode, done.stdout) == (0, f"captionie {captionie.__version__}\n"), done.stderr


def test_importing_the_command_line_does_not_import_spacy() -> None:
    """spaCy takes most of a second to import: ``--help`` and ``--version`` do without it."""
    done = _run([sys.executable, "-c", "import captionie.cli, sys; print('spacy' in sys.modules)"])
    assert (done.returncode, done.stdout) == (0, "False\n"), done.stderr


def test_help_lists_the_commands_and_exits_0(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: captionie")
    assert all(command in out for command in ("extract", "dedup", "evaluate"))


@pytest.mark.parametrize("argv", [[], ["transmogrify"], ["extract"]])
def test_a_missing_or_unknown_command_is_a_usage_error(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert capsys.readouterr().err.startswith("usage: captionie")
