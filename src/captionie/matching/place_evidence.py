"""What the words around a gazetteer hit say about whether it names a place.

A place word is often part of something else: a person (``Joe F. Edwards Jr.``), an
organization or experiment named after the place (``U.S. Department of Energy``, ``California
Institute of Technology``, ``Earth Resources Experiments Package``), a rocket or aircraft
(``Saturn 505``, ``B-57B Canberra``), a mission (``Mars '98``), a call sign in quotes
(``"America"``), an acronym spelled by other words (``United Space Alliance (USA)``), a time
zone (``Pacific Daylight Time``) or a job title (``Johnson Space Center Director``).  Each test
here reads a few characters either side of the hit with one anchored regex.
"""

from __future__ import annotations

import re
from typing import Container

_TIME_ZONE_AFTER = re.compile(r"(?<=[\w.])\s{1,3}(?:[Tt]ime\b|(?:[Ss]tandard|[Dd]aylight)\s{1,3}[Tt]ime\b)")

#: A job title right after a center's name, possibly after its acronym or a possessive.
_TITLE_AFTER = re.compile(
    r"(?<=[\w.])\)?(?:['’]s)?(?:\s{0,3}\([A-Z&-]+\)(?:['’]s)?)?(?:\s{1,3}[A-Z][\w-]*){0,3}?\s{1,3}(?:[Dd]irector|[Mm]anager|[Aa]dministrator|"
    r"[Ss]pokes(?:person|man|woman)|Chief\b|[Dd]eputy|Associate\s{1,3}Director|Program\s{1,3}Manager|Project\s{1,3}Manager)\b")

#: The head word of an organization, program or instrument named after a place: the place
#: is a modifier there (``U.S. Navy``, ``United States Microgravity Laboratory``).
_NAME_HEAD_AFTER = re.compile(
    r"(?<=[\w.])(?:\s{1,3}(?:[A-Z][\w&'’.-]*|of|and|for))*?\s{1,3}(?:Agency|Department|Navy|Army|Air\s{1,3}Force|"
    r"Marine\s{1,3}Corps|Coast\s{1,3}Guard|"
    r"National\s{1,3}Guard|Institute|University|College|Laboratory|Experiments?|Package|Program|Project|Company|Corporation|Inc\.|"
    r"Society|Academy|Survey|Service|Administration|Council|Committee|Office|Observatory|Museum|Team|Association|"
    r"Foundation|Bureau|Commission|Authority|Show|Exposition|Fair|Conference|Symposium|Treaty)\b")

#: Lowercase nouns that make ``Earth`` a discipline or program, not the planet as a place.
_DISCIPLINE_AFTER = re.compile(r"(?<=[\w.])\s{1,3}(?:science|sciences|resources|Resources|Science|Sciences|Observing|System)\b")

#: A vehicle or program after the word: a serial, a rocket, an aircraft, a mission year.
_VEHICLE_AFTER = re.compile(r"(?<=[\w.])(?:\s{1,3}(?:\d(?![\d,. ]{0,12}(?:times|orbits|revolutions|days|hours|minutes|miles|kilometers|km|feet)\b)|[IVX]+\b|launch\s{1,3}vehicles?|rockets?|boosters?|missiles?|stages?|aircraft|"
                            r"bombers?|program|Program|spacecraft|probes?|orbiters?)|\s{1,3}['’]\d\d\b|-\d)")
_AIRCRAFT_BEFORE = re.compile(r"\b(?!STS-)[A-Z]{1,3}-\d+[A-Z]?\s+\Z")

_UNIVERSITY_BEFORE = re.compile(r"(?:University|Institute|College|School)\s+of\s+(?:[A-Z][\w.]*\s+)*\Z")
_UNIVERSITY_AT_BEFORE = re.compile(r"(?:University|Institute|College)\s+of\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s+at\s+\Z")
_AFFILIATION_BEFORE = re.compile(r"[,;]\s+with\s+(?:the\s+)?\Z")

_QUOTES_OPEN = "\"“'‘"
_QUOTES_CLOSE = "\"”'’"


def is_time_zone(text: str, end: int) -> bool:
    """``Pacific time``, ``Eastern Standard Time``: a time zone named after the place."""
    return _TIME_ZONE_AFTER.match(text, end) is not None


def is_title_or_affiliation(text: str, start: int, end: int) -> bool:
    """A center named inside a job title or as a person's employer (``JSC Director``,
    ``..., with Johnson Space Center;``): the labels do not count it as a location."""
    return _TITLE_AFTER.match(text, end) is not None or _AFFILIATION_BEFORE.search(text, max(0, start - 12), start) is not None


def is_name_modifier(text: str, start: int, end: int, planet_or_region: bool) -> bool:
    """The place word modifies the name of an organization, program, instrument or vehicle."""
    if _NAME_HEAD_AFTER.match(text, end) is not None:
        return True
    if _UNIVERSITY_BEFORE.search(text, max(0, start - 60), start) or _UNIVERSITY_AT_BEFORE.search(text, max(0, start - 80), start):
        return True
    if planet_or_region and _DISCIPLINE_AFTER.match(text, end) is not None:
        return True
    return False


def is_vehicle(text: str, start: int, end: int) -> bool:
    """``Saturn 505``, ``Titan launch vehicle``, ``Mars '98``, ``B-57B Canberra``."""
    return _VEHICLE_AFTER.match(text, end) is not None or _AIRCRAFT_BEFORE.search(text, max(0, start - 12), start) is not None


def is_quoted(text: str, start: int, end: int) -> bool:
    """A one-word name in quotes is a call sign or nickname (``"America"``), not the place."""
    return start > 0 and end < len(text) and text[start - 1] in _QUOTES_OPEN and text[end] in _QUOTES_CLOSE


_LONG_FORM_BEFORE = re.compile(r"((?:[A-Z][\w-]*\s+){1,6})\(\Z")


def is_other_acronym(text: str, start: int, end: int, place_forms: Container[str]) -> bool:
    """``United Space Alliance (USA)``: a parenthesized acronym spelled by the words before it,
    when those words are not one of the place's own forms."""
    hit = text[start:end].replace(".", "")
    if not hit.isupper() or start < 2:
        return False
    match = _LONG_FORM_BEFORE.search(text, max(0, start - 80), start)
    if match is None:
        return False
    words = match.group(1).split()
    for size in range(len(hit), 0, -1):
        if len(words) >= size and "".join(w[0] for w in words[-size:]).upper() == hit:
            return " ".join(words[-size:]) not in place_forms
    return False
