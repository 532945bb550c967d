"""Package geography: stable ids from the packages' own keys, and the tables' shape."""

from __future__ import annotations

from captionie.resources import geography


def test_state_abbreviations_from_us() -> None:
    forms = geography.state_abbreviations()
    assert forms["Fla."] == forms["FLA."] == forms["FL"] == "FL"
    assert geography.us_states()["FL"].id == "iso3166-2:US-FL"


def test_countries_from_pycountry() -> None:
    united_states = geography.countries()["united states of america"]
    assert united_states.id == "iso3166:US" and united_states.name == "United States"


def test_cities_by_population_and_alternate_names() -> None:
    springfields = geography.city_candidates("Springfield")
    assert len(springfields) > 1
    assert all(a.population >= b.population for a, b in zip(springfields, springfields[1:]))
    assert springfields[0].id.startswith("geonames:")
    assert geography.cities_also_called("Leghorn")[0].name == "Livorno"
    assert geography.city_candidates("no such town") == ()
