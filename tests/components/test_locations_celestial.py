"""The locations component with celestial objects: they come with kind and kb id and no
country, a body's name inside a spacecraft's or a rocket's is not a location, and Earth
places still come from the places gazetteer beside them."""

from __future__ import annotations

from captionie import extract


def locations(text: str) -> list[tuple[str, str, str | None]]:
    return [(m["text"], m["value"], m.get("kind")) for m in extract(text)["locations"]]


def test_celestial_mentions_carry_kind_and_id_and_no_country() -> None:
    record = extract("Voyager 2 photographed Neptune and its moon Triton from Pasadena, California.")
    by_text = {m["text"]: m for m in record["locations"]}
    assert by_text["Neptune"]["country"] is None and by_text["Neptune"]["kind"] == "celestial"
    assert by_text["Neptune"]["kb_id"] == "place:neptune"
    assert by_text["Triton"]["value"] == "Triton"
    assert by_text["California"]["country"] == "United States"


def test_a_body_named_inside_a_spacecraft_or_rocket_name_is_no_location() -> None:
    found = locations("Mars Pathfinder landed in Ares Vallis on Mars after a Delta II launch; "
                      "a Saturn V carried Apollo 11 to the Moon and the Sea of Tranquility.")
    assert ("Mars", "Mars", "celestial") in found
    assert [text for text, _, _ in found].count("Mars") == 1
    assert not any(text == "Saturn" for text, _, _ in found)
    assert ("Ares Vallis", "Ares Vallis", "planetary_feature") in found
    assert ("Sea of Tranquility", "Sea of Tranquility", "planetary_feature") in found


def test_catalog_objects_and_common_names_are_one_value() -> None:
    found = locations("The Hubble Space Telescope image of the Orion Nebula (M42) in the constellation Orion.")
    assert found == [("Orion Nebula", "Orion Nebula", "celestial"), ("M42", "Orion Nebula", "celestial"),
                     ("Orion", "Orion", "celestial")]


def test_a_crater_on_earth_and_a_crater_on_the_moon() -> None:
    found = locations("Astronauts trained at Meteor Crater, Arizona, for the walk to Cone Crater near Fra Mauro.")
    values = [value for _, value, _ in found]
    assert values == ["Meteor Crater", "Arizona", "Cone Crater", "Fra Mauro"]
