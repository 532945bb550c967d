"""The data files: every one validates, and a bad line fails loudly with file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from captionie import resources


def test_every_pattern_file_loads() -> None:
    resources.load_all()
    assert len(resources.crew()) > 400
    assert len(resources.spacecraft()) > 500
    assert len(resources.places()) > 300
    assert len(resources.agencies()) > 10


def test_gazetteers_cover_the_domain_beyond_the_seeds() -> None:
    crew = {form for e in resources.crew() for form in (e.name, *e.aliases)}
    for name in ("Peggy Whitson", "Yuri Gagarin", "Neil Armstrong", "Sunita Williams", "Christopher Williams"):
        assert name in crew
    expeditions = {f for e in resources.crew() for f in e.flights if f.startswith("Expedition ")}
    assert {f"Expedition {n}" for n in range(1, 75)} <= expeditions
    craft = {e.name for e in resources.spacecraft()}
    for name in ("Soyuz TM-34", "Soyuz TMA-22", "Soyuz TMA-20M", "Soyuz MS-28", "Space Shuttle Discovery", "Starliner"):
        assert name in craft
    places = {form: e for e in resources.places() for form in (e.name, *e.aliases)}
    assert places["Jhezkazgan"].name == "Zhezkazgan"
    assert places["Kustanay"].name == "Kostanay"


@pytest.mark.parametrize(("line", "reason"), [
    ('{"name": "Nowhere", "kind": "planetoid"}', "kind"),
    # Coordinates are finite and in range: a NaN would be written as null (json_lines.py).
    ('{"name": "Nowhere", "kind": "city", "lat": 91.0, "lon": 0.0}', "lat: Input should be less than or equal to 90"),
    ('{"name": "Nowhere", "kind": "city", "lat": 1e400, "lon": 0.0}', "lat: Input should be a finite number"),
])
def test_bad_line_names_file_and_line(line: str, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in resources.patterns_dir().iterdir():
        shutil.copy(path, tmp_path / path.name)
    with (tmp_path / "places.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    lines = (tmp_path / "places.jsonl").read_text(encoding="utf-8").count("\n")
    monkeypatch.setenv(resources.PATTERNS_ENV, str(tmp_path))
    resources.places.cache_clear()
    try:
        with pytest.raises(resources.PatternError, match=rf"places.jsonl:{lines}: {reason}"):
            resources.places()
    finally:
        monkeypatch.delenv(resources.PATTERNS_ENV)
        resources.places.cache_clear()


def test_one_form_naming_two_entries_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "agencies.jsonl").write_text(
        '{"name": "NASA", "aliases": ["Agency"]}\n{"name": "ESA", "aliases": ["Agency"]}\n', encoding="utf-8")
    monkeypatch.setenv(resources.PATTERNS_ENV, str(tmp_path))
    resources.agencies.cache_clear()
    try:
        with pytest.raises(resources.PatternError, match="'Agency' names both"):
            resources.agencies()
    finally:
        monkeypatch.delenv(resources.PATTERNS_ENV)
        resources.agencies.cache_clear()
