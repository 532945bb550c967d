"""The data captionie runs on (``patterns/``): its schemas (``schemas``) and loading it,
validated once and cached per process (``loader``)."""

from captionie.resources.loader import (
    PATTERNS_ENV,
    PatternError,
    agencies,
    KB_FIELDS,
    crew,
    kb_ids,
    load_all,
    patterns_dir,
    places,
    regex_rules,
    spacecraft,
    vocabulary,
)
from captionie.resources.schemas import AgencyEntry, CrewEntry, PlaceEntry, RegexRule, SpacecraftEntry

__all__ = [
    "KB_FIELDS", "PATTERNS_ENV", "AgencyEntry", "CrewEntry", "PatternError", "PlaceEntry", "RegexRule", "SpacecraftEntry",
    "agencies", "crew", "kb_ids", "load_all", "patterns_dir", "places", "regex_rules", "spacecraft", "vocabulary",
]
