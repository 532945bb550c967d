"""Places: countries, regions, cities, cosmodromes and pads, facilities, landmarks, natural
features and celestial bodies, with spelling variants merged (``Jhezkazgan`` -> ``Zhezkazgan``).

A nested name is one mention (``Moscow Mission Control Center``); a place word inside an
agency or spacecraft name is not a place (``Japan`` in ``Japan Aerospace Exploration Agency``,
``Mars`` in ``Mars Reconnaissance Orbiter``); a place before ``time`` is a time zone.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from captionie import resources
from captionie.components.base import FieldRecognizer, component_meta, longest_non_overlapping
from captionie.matching.celestial import CelestialMatcher
from captionie.matching.gazetteer import Gazetteer
from captionie.pipeline.mentions import Mention, MentionStore
from captionie.resources import PlaceEntry

_TIME_ZONE_AFTER = re.compile(r"\s+(?:time|Time|standard time|daylight time)\b")
_TITLE_AFTER = re.compile(r"\s+(?:[Dd]irector|[Mm]anager|[Aa]dministrator|[Ss]pokes(?:person|man|woman))\b")


class LocationRecognizer(FieldRecognizer):
    field = "locations"
    label = "LOCATION"

    def __init__(self, nlp: Language) -> None:
        super().__init__()
        entries = resources.places()
        self.gazetteer: Gazetteer[PlaceEntry] = Gazetteer(
            nlp, ((form, entry) for entry in entries for form in (entry.name, *entry.aliases)), "place",
            case_sensitive=True,
        )
        self.celestial = CelestialMatcher(nlp)

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = store.text
        found: list[Mention] = []
        for hit in self.gazetteer.find(doc):
            if _TIME_ZONE_AFTER.match(text, hit.end) or _TITLE_AFTER.match(text, hit.end):
                continue
            entry = hit.entry
            attrs: dict[str, object] = {"country": entry.name if entry.kind == "country" else entry.country}
            if entry.lat is not None and entry.lon is not None:
                attrs["lat"], attrs["lon"] = entry.lat, entry.lon
            found.append(Mention(hit.start, hit.end, text[hit.start:hit.end], entry.name, "location.gazetteer", attrs))
        found.extend(self.celestial.find(doc, text))
        kept = longest_non_overlapping(found)
        # A caption holds a few places: testing each against the stored mentions costs less
        # than building an overlap mask (``MentionStore.occupied``) for them.
        return [m for m in kept if not store.overlaps(("agencies", "spacecraft"), m.start, m.end)]


@Language.factory("captionie_locations", **component_meta("locations", reads=("credit", "agencies", "spacecraft")))
def make_location_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> LocationRecognizer:
    return LocationRecognizer(nlp).configure(spans_key, annotate_ents)
