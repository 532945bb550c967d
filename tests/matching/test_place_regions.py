"""The comma pattern: a region after a comma, and the town before it."""

from __future__ import annotations

from captionie.matching.place_regions import find_city_of, find_regions


def regions(text: str, place_ends: frozenset[int] = frozenset()) -> list[tuple[str, str, str | None]]:
    return [(text[r.start:r.end], r.place.name, town.name if town else None)
            for r, town in find_regions(text, place_ends.__contains__)]


def test_state_name_and_town() -> None:
    assert regions("Data go to Sioux Falls, South Dakota, for storage.") == [("South Dakota", "South Dakota", "Sioux Falls")]


def test_ap_abbreviation_ends_at_its_period() -> None:
    assert regions("The plant in Denver, Colo. When it arrives") == [("Colo.", "Colorado", "Denver")]


def test_country_and_town() -> None:
    assert regions("between Posadas, Argentina, and the river") == [("Argentina", "Argentina", "Posadas")]


def test_postal_code_only_after_a_known_place() -> None:
    text = "JSC, Houston, TX. More views"
    assert regions(text) == []
    assert regions(text, frozenset({text.index(", TX")})) == [("TX", "Texas", "Houston")]


def test_organization_before_comma_is_no_town() -> None:
    assert regions("built by Rockwell International Corporation, California.") == [("California", "California", None)]


def test_city_of_prefers_the_most_populous() -> None:
    [(start, end, place)] = list(find_city_of("The city of Monterrey was photographed.", lambda place: True))
    assert place.name == "Monterrey" and place.country == "Mexico" and place.id.startswith("geonames:")


def test_city_of_keeps_to_the_caption_countries() -> None:
    [(_, _, place)] = list(find_city_of("near the city of Bristol, Tennessee", lambda p: p.country == "United States"))
    assert place.country == "United States"
    assert list(find_city_of("the city of Mandeville", lambda p: p.country == "United States")) == []
