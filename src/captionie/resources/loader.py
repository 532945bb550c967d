"""Loading the rules and gazetteers under ``patterns/``: validated once, cached per process.

The data is the product (crew, spacecraft, places, agencies, id shapes, vocabularies), so it
lives in JSONL/JSON files a domain expert can edit without touching code.  Every file is
validated against a pydantic model on load (pydantic already ships with spaCy), and a bad
line fails loudly with ``file:line: reason`` instead of silently producing a weaker matcher.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import srsly
from pydantic import BaseModel, ValidationError

from captionie.resources.schemas import (
    AgencyEntry, CelestialEntry, CelestialRule, CrewEntry, PlaceEntry, RegexRule, SpacecraftEntry,
)

PATTERNS_ENV = "CAPTIONIE_PATTERNS"

Model = TypeVar("Model", bound=BaseModel)


class PatternError(ValueError):
    """A pattern file is missing or one of its lines is invalid."""


def patterns_dir() -> Path:
    """Where the data files are: ``$CAPTIONIE_PATTERNS``, the copy installed inside the
    package (wheel installs), or the repository's ``patterns/`` (editable installs)."""
    override = os.environ.get(PATTERNS_ENV)
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "patterns", package.parent.parent / "patterns"):
        if candidate.is_dir():
            return candidate
    raise PatternError(f"captionie: cannot find the patterns directory next to {package}")


def _read_jsonl(name: str, model: type[Model]) -> list[Model]:
    path = patterns_dir() / name
    if not path.is_file():
        raise PatternError(f"{path}: missing pattern file")
    entries: list[Model] = []
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                entries.append(model.model_validate(srsly.json_loads(line)))
            except (ValueError, ValidationError) as exc:
                reason = str(exc).splitlines()[0] if not isinstance(exc, ValidationError) else (
                    "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
                )
                raise PatternError(f"{path}:{lineno}: {reason}") from None
    return entries


def _read_json(name: str) -> dict[str, Any]:
    path = patterns_dir() / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PatternError(f"{path}: missing pattern file") from None
    except json.JSONDecodeError as exc:
        raise PatternError(f"{path}:{exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise PatternError(f"{path}:1: expected a JSON object")
    return data


def _check_unique(name: str, entries: list[Any]) -> None:
    """Refuse a gazetteer in which one written form maps to two entries: the match would be
    decided by file order, silently."""
    seen: dict[str, str] = {}
    ids: dict[str, str] = {}
    for entry in entries:
        other_name = ids.setdefault(entry.id, entry.name)
        if other_name != entry.name:
            raise PatternError(f"{patterns_dir() / name}: id {entry.id!r} given to both {other_name!r} and {entry.name!r}")
        for form in (entry.name, *entry.aliases):
            other = seen.get(form)
            if other is not None and other != entry.name:
                raise PatternError(f"{patterns_dir() / name}: {form!r} names both {other!r} and {entry.name!r}")
            seen[form] = entry.name


def _gazetteer(name: str, model: type[Model]) -> tuple[Model, ...]:
    """The entries of ``patterns/<name>.jsonl``, each form naming one entry."""
    entries = _read_jsonl(f"{name}.jsonl", model)
    _check_unique(f"{name}.jsonl", entries)
    return tuple(entries)


@lru_cache(maxsize=None)
def crew() -> tuple[CrewEntry, ...]:
    return _gazetteer("crew", CrewEntry)


@lru_cache(maxsize=None)
def places() -> tuple[PlaceEntry, ...]:
    return _gazetteer("places", PlaceEntry)


@lru_cache(maxsize=None)
def agencies() -> tuple[AgencyEntry, ...]:
    return _gazetteer("agencies", AgencyEntry)


@lru_cache(maxsize=None)
def spacecraft() -> tuple[SpacecraftEntry, ...]:
    return _gazetteer("spacecraft", SpacecraftEntry)


@lru_cache(maxsize=None)
def celestial() -> tuple[CelestialEntry, ...]:
    """Named celestial objects and features of other bodies (``patterns/celestial.jsonl``)."""
    return _gazetteer("celestial", CelestialEntry)


@lru_cache(maxsize=None)
def celestial_rules() -> tuple[CelestialRule, ...]:
    """Catalog designations and feature names by shape (``patterns/celestial_rules.jsonl``)."""
    return tuple(_read_jsonl("celestial_rules.jsonl", CelestialRule))


#: The fields whose mentions name a gazetteer entry, and the gazetteer of each.
KB_FIELDS = {"spacecraft": spacecraft, "crew": crew, "agencies": agencies, "locations": places}


@lru_cache(maxsize=None)
def kb_ids() -> dict[str, dict[str, str]]:
    """Field -> casefolded canonical name or alias -> the entry's stable id: a mention's value
    is its entry's name (a crew value may be any listed form of the person's name)."""
    table: dict[str, dict[str, str]] = {}
    for field_name, gazetteer in KB_FIELDS.items():
        ids = table[field_name] = {}
        for entry in gazetteer():
            ids.setdefault(entry.name.casefold(), entry.id)
        for entry in gazetteer():
            for alias in entry.aliases:
                ids.setdefault(alias.casefold(), entry.id)
    return table


@lru_cache(maxsize=None)
def regex_rules(name: str) -> tuple[RegexRule, ...]:
    """Named regexes from ``patterns/<name>.jsonl`` (image_ids, spacecraft_serials, ...)."""
    return tuple(_read_jsonl(f"{name}.jsonl", RegexRule))


@lru_cache(maxsize=None)
def vocabulary(name: str) -> dict[str, Any]:
    """A JSON vocabulary from ``patterns/<name>.json`` (months, number words, crew cues)."""
    return _read_json(f"{name}.json")


def load_all() -> None:
    """Load and validate every data file now (used by tests and at pipeline start)."""
    crew()
    places()
    agencies()
    spacecraft()
    celestial()
    celestial_rules()
    for name in ("image_ids", "spacecraft_serials"):
        regex_rules(name)
    for name in ("date_vocab", "number_words", "crew_context", "dedup_form", "image_id_starts",
                 "celestial_context"):
        vocabulary(name)
