"""The schema of every data file under ``patterns/``: a pydantic model per JSONL line."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SpacecraftKind = Literal[
    "crew_vehicle", "cargo_vehicle", "station", "launch_vehicle", "satellite", "probe", "mission"
]
PlaceKind = Literal[
    "country", "state", "region", "city", "town", "sea", "lake", "river", "cosmodrome",
    "launch_site", "facility", "landmark", "airport", "celestial_body", "protected_area",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: A knowledge-base id: ``<namespace>:<key>`` ("spacecraft:soyuz-tma-12", "place:baikonur").
#: Once given it never changes, whatever the entry's name becomes, so records of different
#: runs and captions can be joined on it.
KbId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*:[A-Za-z0-9][A-Za-z0-9._+-]*$")]


class _KbEntry(_Strict):
    """A gazetteer entry: its stable id and canonical name."""

    id: KbId
    name: str


class CrewEntry(_KbEntry):
    """A person who flew (or trained to fly): canonical name, surname, other written forms."""

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


class PlaceEntry(_KbEntry):
    """A place with its canonical name, spelling variants, country and coordinates."""

    kind: PlaceKind
    country: str | None = None
    # Finite and in range: a NaN here would be written as ``null`` (``json_lines.py``).
    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)] | None = None
    aliases: list[str] = []


class AgencyEntry(_KbEntry):
    """A space agency or government body: canonical short name and long forms.

    ``contextual`` forms name the body only standing alone: "Navy" is the U.S. Navy in "a Navy
    helicopter", not inside a longer name ("Royal Navy", "Edwards Air Force Base").
    ``department`` is the word a list of U.S. departments names it by ("the Departments of
    Agriculture, Commerce and Interior")."""

    aliases: list[str] = []
    country: str | None = None
    contextual: list[str] = []
    department: str | None = None


class SpacecraftEntry(_KbEntry):
    """A vehicle, station, satellite, probe or mission; ``ambiguous`` names need a cue word."""

    kind: SpacecraftKind
    aliases: list[str] = []
    ambiguous: bool = False
    #: Forms that need context although the entry's other forms do not (the bare orbiter
    #: name ``Discovery`` of ``Space Shuttle Discovery``). Each must be the name or an alias.
    ambiguous_forms: list[str] = []
    #: Words one of which, right before or right after an ambiguous form, makes it this
    #: entry ("Project Mercury", "Mercury capsule"). Given, they replace the shared cue list.
    cues_before: list[str] = []
    cues_after: list[str] = []
    #: A regex found anywhere in the caption that also makes an ambiguous form this entry
    #: (a Shuttle caption for a bare orbiter name, the Apollo flight for its call sign).
    context_pattern: str | None = None
    #: Words before or after any form that make it something else ("British Columbia",
    #: "Columbia River", "Redstone Arsenal").
    not_before: list[str] = []
    not_after: list[str] = []
    #: An Apollo call sign: the flight whose module it names ("Apollo 11" for Eagle).
    call_sign_of: str | None = None
    #: The entry a call sign's name stands for outside its Apollo context, under that entry's
    #: context rules ("Columbia" -> "Space Shuttle Columbia"): one written form, one entry.
    otherwise: str | None = None

    @field_validator("context_pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"context_pattern does not compile: {exc}") from exc
        return value

    @field_validator("ambiguous_forms")
    @classmethod
    def _forms_are_listed(cls, value: list[str], info: Any) -> list[str]:
        forms = {info.data.get("name"), *info.data.get("aliases", [])}
        missing = [form for form in value if form not in forms]
        if missing:
            raise ValueError(f"ambiguous_forms not among the name and aliases: {missing}")
        return value


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


CelestialKind = Literal["celestial", "planetary_feature"]


class CelestialEntry(_KbEntry):
    """A named celestial object (``celestial``) or a named feature on another body
    (``planetary_feature``); ``cues`` gate a name that also names something else."""

    kind: CelestialKind
    aliases: list[str] = []
    #: When given, the name counts only in a caption holding one of these substrings
    #: ("Miranda" the moon in a caption about Uranus, not a person).
    cues: list[str] = []


class CelestialRule(RegexRule):
    """A regex that finds a designation or a feature name (``NGC 4261``, ``Ares Vallis``).

    ``template`` renders the value from the named groups (the whole match, spaces collapsed,
    when absent); a group ``span`` narrows the mention to it ("comet [Wild 2]"); a group
    ``name`` loses the generic words of ``celestial_context.json`` around it ("The crater"
    is no name).  The rule is tried only on a caption holding one of ``cue_words`` as a
    token: a shape other things share ("M1" the tank) counts only in an astronomy caption,
    and a caption without any cue word costs a set lookup instead of a scan.
    """

    cue_words: list[str] = Field(min_length=1)
