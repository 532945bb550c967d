"""``City, State`` and ``City, Country``: the comma pattern that says a capitalized word is a
place, and which of its namesakes (``Moscow, Idaho`` is not the Russian capital).

Also the state written after a comma as AP or postal abbreviation (``Titusville, Fla.``,
``KENNEDY SPACE CENTER, FLA. --``, ``Houston, TX``).  The region after the comma is read with a
few dict lookups (US state names, AP and postal abbreviations, country names); the city
before it is looked up among GeoNames cities only then, so the city table is loaded only by a
caption that gives this evidence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterator, NamedTuple

from captionie.resources import geography
from captionie.resources.geography import GeoPlace

#: A comma after a capitalized word, then up to three capitalized words (the region).
_COMMA_REGION = re.compile(r",[ \t]+(?=[A-Z])")
_REGION_WORDS = re.compile(r"[A-Z][\w.'’-]*(?:[ \t]+(?:of[ \t]+)?[A-Z][\w.'’-]*){0,3}")
_CITY_WORDS_BEFORE = re.compile(r"((?:[A-Z][a-zà-ÿ'’.-]*[ \t-]+){0,2}[A-Z][a-zà-ÿ'’-]+\.?)\Z")
_CAPITALS_BEFORE = re.compile(r"((?:[A-Z][A-Z'’.-]*[ \t]+){0,2}[A-Z][A-Z'’-]+)\Z")
#: Words that make the run before the comma an organization or a thing, not a town.
_NOT_TOWN = frozenset(
    "Center Centre Company Corporation Corp. Inc. Laboratory Laboratories University Institute College Base Station "
    "Facility Building Plant Division Systems Department Agency Office Hall Airport Field Complex School Museum "
    "Meeting Conference Symposium Show Fair Guard Corps Program Project Mission Team Group Services Service Industries Aerospace Astronautics Corp Co. Ltd. LP "
    "Observatory Range Pad Park Road Street Avenue Boulevard Drive NASA Photo Credit Image Jr. Sr. Dr. Mr. Mrs. Ms. "
    "The A An In At On Of From To Near Over And Or But For With".split())
#: First words of many-word town names (``San Germán``, ``Fort Myers``, ``Ft. Campbell``).
_TOWN_PREFIXES = frozenset(
    "San Santa Santo Fort Ft. Port Saint St. Ste. New East West North South Mount Mt. Cape Palm Lake El Los Las La Le "
    "Del De Bay Glen Grand Great Little Old Point Rock Sioux Red Park Spring Cedar Bowling Cocoa Merritt Satellite "
    "Indian Winter Daytona Huntington Redondo Long Grand Kitty Coral".split())
#: Postal codes that are English words in capitals (OR, IN, ME, OK, HI, ...): only after a place.
_POSTAL_SHAPE = re.compile(r"[A-Z]{2}\Z")


class RegionHit(NamedTuple):
    """A region (state or country) written at ``start:end`` after a comma."""

    start: int
    end: int
    place: GeoPlace


class CityHit(NamedTuple):
    """Capitalized words at ``start:end`` just before ``, <region>``, read as a town (the
    caller decides with :func:`pick_city` and its own gazetteer)."""

    start: int
    end: int
    name: str
    region: GeoPlace
    #: Written in capitals at the start of the caption (a dateline): only a known town counts.
    in_capitals: bool = False


@lru_cache(maxsize=None)
def _region_first_words() -> frozenset[str]:
    """The casefolded first word of every state and country name and abbreviation: a comma
    followed by any other word needs no closer look."""
    forms = [*geography.state_abbreviations(), *geography.state_names(), *geography.countries()]
    return frozenset(form.split()[0].casefold().rstrip(",") for form in forms if form.split())


def _region_at(text: str, pos: int, allow_postal: bool) -> tuple[int, GeoPlace] | None:
    """The state or country written at ``pos``: longest of its first capitalized words."""
    word = text[pos:pos + 40].split(None, 1)[0].casefold() if not text[pos:pos + 1].isspace() else ""
    first_words = _region_first_words()
    if word not in first_words and word.rstrip(",.;:") not in first_words and word.rstrip(",;:") not in first_words:
        return None
    match = _REGION_WORDS.match(text, pos)
    if match is None:
        return None
    words = match.group(0)
    abbreviations = geography.state_abbreviations()
    states, names, countries = geography.us_states(), geography.state_names(), geography.countries()
    # An abbreviation first: it ends at its own period ("Fla. When" is Florida, then a sentence).
    for form, code in _abbreviations_at(words, abbreviations):
        if _POSTAL_SHAPE.match(form) and not allow_postal:
            continue
        after = pos + len(form)
        if after == len(text) or not (text[after].isalnum() or text[after] in "-"):
            return after, states[code]
    parts = re.split(r"([ \t]+)", words)
    for count in range(len(parts), 0, -2):
        candidate = "".join(parts[:count]).rstrip(".,")
        key = candidate.casefold()
        code = names.get(key)
        if code is not None:
            return pos + len(candidate), states[code]
        country = countries.get(key)
        if country is not None:
            return pos + len(candidate), country
    return None


def _abbreviations_at(words: str, abbreviations: dict[str, str]) -> Iterator[tuple[str, str]]:
    first = words.split()[0] if words.split() else ""
    # "W.Va." and "N.Y." are one word; "Fla." too.
    for form in (first, first.rstrip(",;:"), first.rstrip(",;:.")):
        code = abbreviations.get(form)
        if code is not None:
            yield form, code
            return


def find_regions(text: str, is_place_end: Callable[[int], bool]) -> Iterator[tuple[RegionHit, CityHit | None]]:
    """Every ``<capitalized words>, <state or country>`` in ``text``: the region and, when the
    words before the comma read as a town, the town.  ``is_place_end(i)`` says whether a
    known place ends at ``i`` (a postal code like ``TX`` counts only after one)."""
    for comma in _COMMA_REGION.finditer(text):
        before = text[comma.start() - 1] if comma.start() else ""
        if not (before.isalpha() or before in ".)"):
            continue
        found = _region_at(text, comma.end(), allow_postal=is_place_end(comma.start()))
        if found is None:
            continue
        end, region = found
        region_hit = RegionHit(comma.end(), end, region)
        yield region_hit, _town_before(text, comma.start(), region)


def _town_before(text: str, comma: int, region: GeoPlace) -> CityHit | None:
    match = _CITY_WORDS_BEFORE.search(text, max(0, comma - 60), comma)
    if match is None:
        # A dateline in capitals ("PALMDALE, Calif. --"): the town as GeoNames writes it.
        match = _CAPITALS_BEFORE.search(text, max(0, comma - 40), comma)
        if match is None or text[:match.start()].strip():
            return None
        return CityHit(match.start(1), comma, match.group(1).title(), region, True)
    words = match.group(1).split()
    # Drop leading words that begin a sentence or a clause ("In", "The", "At").
    while words and words[0] in _NOT_TOWN:
        words.pop(0)
    if not words or any(word in _NOT_TOWN or word.endswith(("'s", "’s")) for word in words) or words[-1].endswith("."):
        return None
    name = " ".join(words)
    start = comma - len(name)
    if text[start:comma] != name:
        return None
    return CityHit(start, comma, name, region)


def is_town_shaped(name: str) -> bool:
    """Whether capitalized words no gazetteer knows read as a small town's name: one word, or
    a usual first word of town names ("Joseph Waggoner, Louisiana" is as often a person)."""
    words = name.split()
    return len(words) == 1 or words[0] in _TOWN_PREFIXES


def pick_city(name: str, region: GeoPlace) -> GeoPlace | None:
    """The most populous GeoNames city called ``name`` in ``region`` (a US state or a country);
    outside the US also a state or province of that country (``Sonora, Mexico``)."""
    place = _pick(geography.city_candidates(name), region)
    if place is None and region.kind == "country":
        if region.region:
            place = geography.subdivisions(region.region).get(name.casefold())
    return place


def _pick(candidates: tuple[GeoPlace, ...], region: GeoPlace) -> GeoPlace | None:
    for place in candidates:
        if region.kind == "state":
            if (place.country == "United States" and place.region == region.region) or place.country == region.name:
                return place
        elif place.country == region.name:
            return place
    return None


_CITY_OF_CUES = ("ity of ", "own of ", "illage of ", "ort of ", "apital of ")
_CITY_OF = re.compile(r"\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Pp]ort|[Cc]apital)\s+of\s+([A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)")


def find_city_of(text: str, accept: Callable[[GeoPlace], bool]) -> Iterator[tuple[int, int, GeoPlace]]:
    """``the city of Leghorn``: the most populous GeoNames city of that name (the longer name
    first, then its first word) that ``accept`` takes (in a country the caption names)."""
    if not any(cue in text for cue in _CITY_OF_CUES):
        return
    for match in _CITY_OF.finditer(text):
        name = match.group(1)
        for candidate in (name, name.split()[0]):
            places = geography.city_candidates(candidate) or geography.cities_also_called(candidate)
            places = tuple(place for place in places if accept(place))
            if places:
                start = match.start(1)
                yield start, start + len(candidate), places[0]
                break
