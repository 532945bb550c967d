"""The data captionie runs on (``patterns/``): its schemas (``schemas``) and loading it,
validated once and cached per process (``loader``)."""

from captionie.resources.loader import (
    PATTERNS_ENV,
    PatternError,
    agencies,
    celestial,
    celestial_rules,
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
from captionie.resources.schemas import AgencyEntry, CelestialEntry, CelestialRule, CrewEntry, PlaceEntry, RegexRule, SpacecraftEntry

__all__ = [
    "KB_FIELDS", "PATTERNS_ENV", "AgencyEntry", "CelestialEntry", "CelestialRule", "CrewEntry", "PatternError", "PlaceEntry", "RegexRule", "SpacecraftEntry",
    "agencies", "celestial", "celestial_rules", "crew", "kb_ids", "load_all", "patterns_dir", "places", "regex_rules", "spacecraft", "vocabulary",
]
