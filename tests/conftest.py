"""Shared fixtures: the repository's paths, the seed captions, one pipeline per test session
(loading patterns is the slow part), the command line as a subprocess, and a hypothesis
profile that is thorough but bounded for CI's two cores."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return _ROOT


@pytest.fixture(scope="session")
def seeds(root: Path) -> Path:
    """The folder of seed caption files."""
    return root / "seeds"


@pytest.fixture(scope="session")
def fixtures_dir(root: Path) -> Path:
    """``tests/fixtures``: the gold records and the labeled dedup pairs."""
    return root / "tests" / "fixtures"


@pytest.fixture(scope="session")
def seed_captions(seeds: Path) -> tuple:
    """Every caption of the seeds (read errors left out), in reading order."""
    from captionie.io.readers import Caption, read

    return tuple(c for c in read(seeds) if isinstance(c, Caption))


@pytest.fixture(scope="session")
def captionie_command() -> list[str]:
    """The command line, as a user starts it: ``python -m captionie``."""
    return [sys.executable, "-m", "captionie"]


@pytest.fixture(scope="session")
def nlp():
    import captionie

    return captionie.load()
