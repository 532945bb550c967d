"""Places: countries, regions, cities, cosmodromes and pads, facilities, landmarks, natural
features and celestial bodies, with spelling variants merged (``Jhezkazgan`` -> ``Zhezkazgan``).

Four sources, in order of trust: the curated gazetteer (``patterns/places.jsonl``: NASA
centers and facilities, features, countries, states, cities the archive names); launch pads in
their many written shapes (``Pad A, Launch Complex 39`` -> ``Launch Complex 39A``); the
``Town, State`` / ``Town, Country`` comma pattern and state abbreviations (``Titusville,
Fla.``, datelines ``KENNEDY SPACE CENTER, FLA. --``), whose towns come from GeoNames; and
short forms of a center named after a person (``Lewis``) once the caption names it in full.

A nested name is one mention (``Moscow Mission Control Center``); a place word inside an
agency or spacecraft name is not a place (``Japan`` in ``Japan Aerospace Exploration Agency``,
``Mars`` in ``Mars Reconnaissance Orbiter``); nor is one inside a person's name, an
organization's or vehicle's name, a job title or a time zone (``matching.place_evidence``).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from captionie import resources
from captionie.components.base import FieldRecognizer, component_meta, longest_non_overlapping
from captionie.matching.celestial import CelestialMatcher
from captionie.matching import place_evidence as evidence
from captionie.matching.gazetteer import Gazetteer, GazetteerHit
from captionie.matching.launch_pads import find_pads
from captionie.matching.place_regions import CityHit, RegionHit, find_city_of, find_regions, is_town_shaped, pick_city
from captionie.pipeline.mentions import Mention, MentionStore
from captionie.resources import PlaceEntry
from captionie.resources.geography import GeoPlace

#: Kinds of built places: their names are not modifiers of other names, and a generic last
#: word of theirs is part of the proper name.
_BUILT = frozenset({"facility", "launch_site", "cosmodrome", "airport"})
#: A feature's generic last word, also written in lower case (``Mojave desert``).
_GENERIC_LAST = frozenset(
    "Desert Ocean Sea River Strait Straits Valley Mountains Range Bay Gulf Lake Island Islands Caldera "
    "Basin Plateau Delta Canyon Glacier Reef Volcano Galaxy Nebula Cluster".split())
#: Words before a name that make it a person's (``Dr. Lewis``, ``Mrs. Johnson``).
_PERSON_BEFORE = frozenset("Mr. Mrs. Ms. Dr. Miss President Senator Vice Gen. Col. Adm. Capt. Lady Lt. Maj.".split())
#: A center named after a person, whose surname alone names it once the caption has the
#: full name (``Lewis researchers`` after ``Lewis Research Center``).
_NAMED_CENTER = re.compile(
    r"([A-Z][a-z]{3,}) (?:Research Center|Space Flight Center|Space Center|Flight Research Center|"
    r"Flight Propulsion Laboratory|Aeronautical Laboratory|Memorial Aeronautical Laboratory)\Z")
#: Words of a center's generic name, never its short form.
_NOT_SHORT = frozenset({"Flight", "Space", "Research", "Memorial", "Aeronautical", "Manned", "Launch"})
#: A capitals acronym glued to a word by a hyphen ("U.S.-built", "U.S.-USSR"): inside one
#: token, where the phrase matcher cannot see it.
#: A name's suffix after a place word (``Edwards Jr.``), a capitalized word or any word right
#: before one, an initial: the person evidence of :meth:`LocationRecognizer._is_person`.
_SUFFIX_AFTER = re.compile(r",?\s+(?:Jr\.|Sr\.|III?\b)")
_CAPITAL_WORD_BEFORE = re.compile(r"([A-Z][\w'’]*\.?)\s+\Z")
_WORD_BEFORE = re.compile(r"(\S+)\s+\Z")
_INITIAL = re.compile(r"[A-Z]\.")
#: Each branch opens with the capital it starts with (the look-behind after it), so the regex
#: engine skips to capitals instead of trying every position.
_GLUED = re.compile(r"[A-Z](?<![\w.][A-Z])[A-Z.]*[A-Z.](?=-[A-Za-z])|[A-Z](?<=[A-Za-z.]-[A-Z])[A-Z.]*[A-Z.](?![\w.])")
_DIRECTIONS = frozenset(
    "North South East West Northern Southern Eastern Western Central Upper Lower Greater New Old Northeast Northwest "
    "Southeast Southwest Northeastern Northwestern Southeastern Southwestern Mid Middle Inner Outer".split())


def _forms(entries: tuple[PlaceEntry, ...]) -> list[tuple[str, PlaceEntry]]:
    """Every written form of every entry, plus a feature's form with its generic last word in
    lower case (``Mojave desert``, ``Pacific ocean``)."""
    pairs: list[tuple[str, PlaceEntry]] = []
    for entry in entries:
        forms = (entry.name, *entry.aliases)
        pairs.extend((form, entry) for form in forms)
        if entry.kind not in _BUILT:
            for form in forms:
                head, _, last = form.rpartition(" ")
                if head and last in _GENERIC_LAST:
                    pairs.append((f"{head} {last.lower()}", entry))
    return pairs


class LocationRecognizer(FieldRecognizer):
    field = "locations"
    label = "LOCATION"

    def __init__(self, nlp: Language) -> None:
        super().__init__()
        entries = resources.places()
        self.gazetteer: Gazetteer[PlaceEntry] = Gazetteer(nlp, _forms(entries), "place", case_sensitive=True)
        #: Every curated form as written -> its entry (pads, regions, short forms resolve here).
        self.by_form: dict[str, PlaceEntry] = {}
        #: Casefolded country and US state forms -> their curated entry: a package region
        #: named like one takes the curated entry, so one place has one value and id.
        self.region_by_form: dict[str, PlaceEntry] = {}
        for entry in entries:
            for form in (entry.name, *entry.aliases):
                self.by_form.setdefault(form, entry)
                if entry.kind == "country" or (entry.kind == "state" and entry.country == "United States"):
                    self.region_by_form.setdefault(form.casefold(), entry)
                    if form.startswith("State of "):
                        self.region_by_form.setdefault(form.removeprefix("State of ").casefold(), entry)
        surnames = frozenset(entry.surname for entry in resources.crew())
        #: A center's short form -> its entry and the pattern of the short form standing alone.
        self.short_forms: dict[str, tuple[PlaceEntry, re.Pattern[str]]] = {}
        for entry in entries:
            if entry.kind in _BUILT:
                for form in (entry.name, *entry.aliases):
                    match = _NAMED_CENTER.match(form)
                    # A surname that is also an astronaut's (Armstrong) names the person as often.
                    if match and match.group(1) not in _NOT_SHORT and match.group(1) not in surnames:
                        short = match.group(1)
                        if short not in self.short_forms:
                            self.short_forms[short] = (entry, re.compile(rf"\b{short}\b(?!['’]s)(?![ \t]+[A-Z])(?!-)"))
        self.surnames = surnames
        self._acronyms = {form: entry for form, entry in self.by_form.items()
                          if entry.kind == "country" and form.replace(".", "").isupper() and len(form) > 1}
        self._short_form_names = frozenset(entry.name for entry, _ in self.short_forms.values())
        #: An acronym's last character before a hyphen, or a hyphen before its first.
        self._glue_cues = frozenset({form[-1] + "-" for form in self._acronyms} | {"-" + form[0] for form in self._acronyms})
        self.celestial = CelestialMatcher(nlp)

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = store.text
        found: list[Mention] = []
        for hit in self.gazetteer.find(doc):
            if not self._rejected(doc, text, hit):
                found.append(_curated_mention(text, hit.start, hit.end, hit.entry, "location.gazetteer"))
        self._add_pads(text, found)
        self._add_regions(text, found)
        self._add_cities_of(text, found)
        self._add_short_forms(text, found)
        self._add_hyphenated(text, found)
        found.extend(self.celestial.find(doc, text))
        kept = longest_non_overlapping(found)
        # A caption holds a few places: testing each against the stored mentions costs less
        # than building an overlap mask (``MentionStore.occupied``) for them.
        return [m for m in kept if not store.overlaps(("agencies", "spacecraft"), m.start, m.end)
                or self._holds_vehicle_name(store, m)]

    def _holds_vehicle_name(self, store: MentionStore, mention: Mention) -> bool:
        """A facility named after a vehicle holds its name (``Apollo/Saturn V Center``): the
        facility is the place, whatever the spacecraft field makes of the words inside."""
        entry = self.by_form.get(mention.text)
        if entry is None or (entry.kind not in _BUILT and entry.kind != "landmark") or store.overlaps(("agencies",), mention.start, mention.end):
            return False
        return all(mention.start <= other["start"] and other["end"] <= mention.end
                   and (other["start"], other["end"]) != (mention.start, mention.end)
                   for other in store.get("spacecraft") if other["start"] < mention.end and mention.start < other["end"])

    def _rejected(self, doc: Doc, text: str, hit: GazetteerHit[PlaceEntry]) -> bool:
        """Whether the words around ``hit`` say it is not the place (``place_evidence``)."""
        start, end, entry = hit.start, hit.end, hit.entry
        if evidence.is_time_zone(text, end):
            return True
        if entry.kind in _BUILT:
            return evidence.is_title_or_affiliation(text, start, end)
        one_word = " " not in text[start:end]
        if evidence.is_name_modifier(text, start, end, planet_or_region=one_word):
            return True
        if not one_word:
            return False
        if evidence.is_vehicle(text, start, end) or evidence.is_quoted(text, start, end):
            return True
        if evidence.is_other_acronym(text, start, end, self.by_form):
            return True
        return self._is_person(doc, text, start, end)

    def _is_person(self, doc: Doc, text: str, start: int, end: int) -> bool:
        """A one-word place that is part of a person's name: before ``Jr.``, after a title
        (``Mrs. Johnson``), or an astronaut's surname after a given name or initial
        (``Joe F. Edwards``, ``Pilot Joe Edwards``)."""
        if _SUFFIX_AFTER.match(text[end:end + 6]):
            return True
        match = _CAPITAL_WORD_BEFORE.search(text[max(0, start - 25):start])
        if match is None:
            return False
        word = match.group(1)
        if word in _PERSON_BEFORE:
            return True
        if text[start:end] not in self.surnames or word in self.by_form or word in _DIRECTIONS:
            return False
        word_start = start - len(match.group(0))
        token = doc.char_span(word_start, word_start + len(word))
        return token is not None and not token[0].is_stop

    def _add_pads(self, text: str, found: list[Mention]) -> None:
        for pad in find_pads(text):
            entry = self.by_form.get(pad.form)
            if entry is not None:
                found.append(_curated_mention(text, pad.start, pad.end, entry, "location.pad"))
                continue
            complex_entry = self.by_form.get(pad.form.rstrip("AB"))
            if complex_entry is not None:
                found.append(Mention(pad.start, pad.end, text[pad.start:pad.end], pad.form, "location.pad",
                                     {"country": complex_entry.country, "kb_id": None}))

    def _add_regions(self, text: str, found: list[Mention]) -> None:
        if ", " not in text and ",\t" not in text:
            return
        ends = {m.end for m in found}
        for region, town in find_regions(text, ends.__contains__):
            if any(m.start <= region.start and region.end <= m.end and m.end - m.start > region.end - region.start
                   for m in found):
                continue  # inside a longer name ("Washington, D.C.")
            if evidence.is_name_modifier(text, region.start, region.end, planet_or_region=False):
                continue  # "United States Marine Corps", "California Air National Guard"
            self._replace(found, self._region_mention(text, region))
            if town is not None:
                mention = self._town_mention(text, town, found)
                if mention is not None:
                    self._replace(found, mention)

    def _region_mention(self, text: str, region: RegionHit) -> Mention:
        entry = self.region_by_form.get(region.place.name.casefold())
        if entry is not None:
            return _curated_mention(text, region.start, region.end, entry, "location.region")
        return _package_mention(text, region.start, region.end, region.place, "location.region", region.place.name)

    def _town_mention(self, text: str, town: CityHit, found: list[Mention]) -> Mention | None:
        """The town before ``, <region>``: the curated entry when its country agrees, else the
        GeoNames city in that region, else (a small town) the name as written."""
        country = self._country_name(town.region)
        same_span = [m for m in found if m.start == town.start and m.end == town.end]
        if any(m.attrs.get("country") == country for m in same_span):
            return None
        if any(m.start < town.end and town.start < m.end and not (m.start == town.start and m.end == town.end)
               for m in found):
            return None  # part of a longer known name, or holding one
        place = pick_city(town.name, town.region)
        if place is not None:
            return _package_mention(text, town.start, town.end, place, "location.town", self._country_name(place))
        if town.in_capitals or not is_town_shaped(town.name) or town.name.split()[-1] in self.surnames \
                or town.name in self.by_form:
            return None
        return Mention(town.start, town.end, town.name, town.name, "location.town", {"country": country, "kb_id": None})

    def _country_name(self, place: GeoPlace) -> str | None:
        """The curated name of a package place's country (``Russian Federation`` -> ``Russia``)."""
        if place.kind == "state" and place.country == "United States":
            return "United States"
        name = place.country if place.kind != "country" else place.name
        if name is None:
            return None
        entry = self.region_by_form.get(name.casefold())
        return entry.name if entry is not None and entry.kind == "country" else name

    @staticmethod
    def _replace(found: list[Mention], mention: Mention) -> None:
        """Add ``mention``, dropping a mention of exactly its span (the comma's evidence wins)."""
        found[:] = [m for m in found if not (m.start == mention.start and m.end == mention.end)]
        found.append(mention)

    def _add_cities_of(self, text: str, found: list[Mention]) -> None:
        countries = {m.attrs["country"] for m in found if m.attrs.get("country")}

        def in_caption_country(place: GeoPlace) -> bool:
            return not countries or self._country_name(place) in countries

        for start, end, place in find_city_of(text, in_caption_country):
            if not any(m.start < end and start < m.end for m in found):
                found.append(_package_mention(text, start, end, place, "location.city_of", self._country_name(place)))

    def _add_hyphenated(self, text: str, found: list[Mention]) -> None:
        if not self._has_glue_cue(text):
            return
        for match in _GLUED.finditer(text):
            entry = self._acronyms.get(match.group(0))
            start, end = match.span()
            if entry is not None and not any(m.start < end and start < m.end for m in found):
                found.append(_curated_mention(text, start, end, entry, "location.gazetteer"))

    def _has_glue_cue(self, text: str) -> bool:
        """Whether a hyphen of ``text`` has an acronym's last character before it or first
        after it: the characters next to each hyphen are read, not the text once per cue."""
        cues = self._glue_cues
        at = text.find("-")
        while at >= 0:
            if text[at - 1:at + 1] in cues or text[at:at + 2] in cues:
                return True
            at = text.find("-", at + 1)
        return False

    def _add_short_forms(self, text: str, found: list[Mention]) -> None:
        if not any(m.value in self._short_form_names for m in found):
            return
        named = {m.value for m in found}
        for short, (entry, pattern) in self.short_forms.items():
            if entry.name not in named or short not in text:
                continue
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(m.start < end and start < m.end for m in found):
                    continue
                before = _WORD_BEFORE.search(text[max(0, start - 20):start])
                if before is not None:
                    word = before.group(1)
                    if word in _PERSON_BEFORE or _INITIAL.fullmatch(word) or (
                            word[:1].isupper() and not word.endswith((".", ",", ";", ":"))):
                        continue
                found.append(_curated_mention(text, start, end, entry, "location.short_form"))


def _curated_mention(text: str, start: int, end: int, entry: PlaceEntry, rule: str) -> Mention:
    attrs: dict[str, object] = {"country": entry.name if entry.kind == "country" else entry.country}
    if entry.lat is not None and entry.lon is not None:
        attrs["lat"], attrs["lon"] = entry.lat, entry.lon
    attrs["kb_id"] = entry.id
    return Mention(start, end, text[start:end], entry.name, rule, attrs)


def _package_mention(text: str, start: int, end: int, place: GeoPlace, rule: str, country: str | None) -> Mention:
    attrs: dict[str, object] = {"country": country}
    if place.lat is not None and place.lon is not None:
        attrs["lat"], attrs["lon"] = place.lat, place.lon
    attrs["kb_id"] = place.id
    return Mention(start, end, text[start:end], place.name, rule, attrs)


@Language.factory("captionie_locations", **component_meta("locations", reads=("credit", "agencies", "spacecraft")))
def make_location_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> LocationRecognizer:
    return LocationRecognizer(nlp).configure(spans_key, annotate_ents)
