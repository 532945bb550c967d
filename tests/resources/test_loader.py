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
    ('{"id": "place:nowhere", "name": "Nowhere", "kind": "planetoid"}', "kind"),
    ('{"name": "Nowhere", "kind": "city"}', "id: Field required"),
    ('{"id": "Nowhere", "name": "Nowhere", "kind": "city"}', "id: String should match pattern"),
    # Coordinates are finite and in range: a NaN would be written as null (json_lines.py).
    ('{"id": "place:nowhere", "name": "Nowhere", "kind": "city", "lat": 91.0, "lon": 0.0}', "lat: Input should be less than or equal to 90"),
    ('{"id": "place:nowhere", "name": "Nowhere", "kind": "city", "lat": 1e400, "lon": 0.0}', "lat: Input should be a finite number"),
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
        '{"id": "agency:nasa", "name": "NASA", "aliases": ["Agency"]}\n'
        '{"id": "agency:esa", "name": "ESA", "aliases": ["Agency"]}\n', encoding="utf-8")
    monkeypatch.setenv(resources.PATTERNS_ENV, str(tmp_path))
    resources.agencies.cache_clear()
    try:
        with pytest.raises(resources.PatternError, match="'Agency' names both"):
            resources.agencies()
    finally:
        monkeypatch.delenv(resources.PATTERNS_ENV)
        resources.agencies.cache_clear()


def test_one_id_for_two_entries_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "agencies.jsonl").write_text(
        '{"id": "agency:nasa", "name": "NASA"}\n{"id": "agency:nasa", "name": "ESA"}\n', encoding="utf-8")
    monkeypatch.setenv(resources.PATTERNS_ENV, str(tmp_path))
    resources.agencies.cache_clear()
    try:
        with pytest.raises(resources.PatternError, match="id 'agency:nasa' given to both 'NASA' and 'ESA'"):
            resources.agencies()
    finally:
        monkeypatch.delenv(resources.PATTERNS_ENV)
        resources.agencies.cache_clear()


def test_every_gazetteer_entry_has_its_own_id() -> None:
    for field, gazetteer in resources.KB_FIELDS.items():
        ids = [entry.id for entry in gazetteer()]
        assert len(ids) == len(set(ids)), field
    table = resources.kb_ids()
    assert table["locations"]["jhezkazgan"] == table["locations"]["zhezkazgan"]
    assert table["spacecraft"]["iss"] == table["spacecraft"]["international space station"]
