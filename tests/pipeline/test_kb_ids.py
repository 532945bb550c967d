"""Mentions of gazetteer fields carry the stable id of the entry they name."""

from __future__ import annotations

import captionie

CAPTION = ("Expedition 1 Commander William M. Shepherd of NASA and Yuri Gidzenko of the Russian Federal "
           "Space Agency launched from the Baikonur Cosmodrome in Kazakhstan aboard Soyuz TM-31; "
           "Shepherd later flew back on the ISS shuttle flight.")


def test_one_entity_written_two_ways_has_one_kb_id() -> None:
    record = captionie.extract(CAPTION + " The Soyuz TM 31 capsule, the International Space Station and "
                               "Roscosmos were named again, and Dzhezkazgan and Jhezkazgan too.")
    by_value: dict[str, set] = {}
    for field in ("spacecraft", "crew", "agencies", "locations"):
        for mention in record[field]:
            by_value.setdefault(mention["value"], set()).add(mention["kb_id"])
    assert by_value["Roscosmos"] == {"agency:roscosmos"}
    assert len(by_value["International Space Station"]) == 1
    assert by_value["Zhezkazgan"] == {"place:zhezkazgan"}
    shepherd = {m["kb_id"] for m in record["crew"] if "Shepherd" in m["text"]}
    assert shepherd == {"crew:william-shepherd"}


def test_fields_without_a_gazetteer_carry_no_kb_id() -> None:
    record = captionie.extract("JSC2008-E-032795 (8 April 2008) --- Expedition 17 crew.")
    for field in ("image_ids", "dates", "expeditions"):
        assert record[field] and all("kb_id" not in m for m in record[field])


def test_a_name_no_gazetteer_lists_has_a_null_kb_id() -> None:
    record = captionie.extract("NASA astronaut Zqxwv Plorkin waves before launch.")
    assert [(m["value"], m["kb_id"]) for m in record["crew"]] == [("Zqxwv Plorkin", None)]
