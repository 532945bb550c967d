"""Loading the rules and gazetteers under ``patterns/``: validated once, cached per process.

The data is the product (crew, spacecraft, places, agencies, id shapes, vocabularies), so it
lives in JSONL/JSON files a domain expert can edit without touching code.  Every file is
validated against a pydantic model on load (pydantic already ships with spaCy), and a bad
line fails loudly with ``file:line: reason`` instead of silently producing a weaker matcher.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import srsly
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

PATTERNS_ENV = "CAPTIONIE_PATTERNS"

SpacecraftKind = Literal[
    "crew_vehicle", "cargo_vehicle", "station", "launch_vehicle", "satellite", "probe", "mission"
]
PlaceKind = Literal[
    "country", "state", "region", "city", "town", "sea", "lake", "river", "cosmodrome",
    "launch_site", "facility", "landmark", "airport", "celestial_body", "protected_area",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CrewEntry(_Strict):
    """A person who flew (or trained to fly): canonical name, surname, other written forms."""

    name: str
    surname: str
    aliases: list[str] = []
    agency: str | None = None
    flights: list[str] = []

    @field_validator("surname")
    @classmethod
    def _surname_is_suffix(cls, value: str, info: Any) -> str:
        name = info.data.get("name", "")
        if not name.endswith(value):
            raise ValueError(f"surname {value!r} is not a suffix of name {name!r}")
        return value


class PlaceEntry(_Strict):
    """A place with its canonical name, spelling variants, country and coordinates."""

    name: str
    kind: PlaceKind
    country: str | None = None
    # Finite and in range: a NaN here would be written as ``null`` (``json_lines.py``).
    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)] | None = None
    aliases: list[str] = []


class AgencyEntry(_Strict):
    """A space agency or government body: canonical short name and long forms."""

    name: str
    aliases: list[str] = []
    country: str | None = None


class SpacecraftEntry(_Strict):
    """A vehicle, station, satellite, probe or mission; ``ambiguous`` names need a cue word."""

    name: str
    kind: SpacecraftKind
    aliases: list[str] = []
    ambiguous: bool = False


class RegexRule(_Strict):
    """A named regular expression (image-id shapes, spacecraft serial families, credits)."""

    id: str
    regex: str
    template: str | None = None
    kind: str | None = None
    year_group: str | None = None
    normalize_serial: bool = False
    flags: list[Literal["IGNORECASE"]] = []
    #: Literal substrings one of which every match contains: a text holding none of them is
    #: not scanned (a substring test costs a fraction of a regex scan). Empty: always scan.
    requires: list[str] = []

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"regex does not compile: {exc}") from exc
        return value

    def compile(self) -> re.Pattern[str]:
        flags = re.IGNORECASE if "IGNORECASE" in self.flags else 0
        return re.compile(self.regex, flags)

    def may_match(self, text: str) -> bool:
        """False only when ``text`` holds none of :attr:`requires` (so the regex cannot match)."""
        if not self.requires:
            return True
        if "IGNORECASE" in self.flags:
            folded = text.casefold()
            return any(literal.casefold() in folded for literal in self.requires)
        return any(literal in text for literal in self.requires)


Model = TypeVar("Model", bound=BaseModel)


class PatternError(ValueError):
    """A pattern file is missing or one of its lines is invalid."""


def patterns_dir() -> Path:
    """Where the data files are: ``$CAPTIONIE_PATTERNS``, the copy installed inside the
    package (wheel installs), or the repository's ``patterns/`` (editable installs)."""
    override = os.environ.get(PATTERNS_ENV)
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here / "patterns", here.parent.parent / "patterns"):
        if candidate.is_dir():
            return candidate
    raise PatternError(f"captionie: cannot find the patterns directory next to {here}")


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
    for entry in entries:
        for form in (entry.name, *entry.aliases):
            other = seen.get(form)
            if other is not None and other != entry.name:
                raise PatternError(f"{patterns_dir() / name}: {form!r} names both {other!r} and {entry.name!r}")
            seen[form] = entry.name


@lru_cache(maxsize=None)
def crew() -> tuple[CrewEntry, ...]:
    entries = _read_jsonl("crew.jsonl", CrewEntry)
    _check_unique("crew.jsonl", entries)
    return tuple(entries)


@lru_cache(maxsize=None)
def places() -> tuple[PlaceEntry, ...]:
    entries = _read_jsonl("places.jsonl", PlaceEntry)
    _check_unique("places.jsonl", entries)
    return tuple(entries)


@lru_cache(maxsize=None)
def agencies() -> tuple[AgencyEntry, ...]:
    entries = _read_jsonl("agencies.jsonl", AgencyEntry)
    _check_unique("agencies.jsonl", entries)
    return tuple(entries)


@lru_cache(maxsize=None)
def spacecraft() -> tuple[SpacecraftEntry, ...]:
    entries = _read_jsonl("spacecraft.jsonl", SpacecraftEntry)
    _check_unique("spacecraft.jsonl", entries)
    return tuple(entries)


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
    for name in ("image_ids", "spacecraft_serials"):
        regex_rules(name)
    for name in ("date_vocab", "number_words", "crew_context", "dedup_form", "image_id_starts"):
        vocabulary(name)
