"""Names found through damaged spelling: a misspelled surname of someone the caption names in
full, a place whose apostrophe was lost to U+FFFD."""

from __future__ import annotations

import captionie


def test_a_misspelled_surname_is_the_person_the_caption_names_in_full() -> None:
    """"Yurichikin" after "Fyodor Yurchikhin": the same person; a close word with no such full
    name in the caption is not crew, and neither is a short one."""
    record = captionie.extract("Soyuz Commander Fyodor Yurchikhin of Roscosmos and Karen Nyberg of NASA depart. "
                     "Nyberg and Yurichikin waved to the crowd.")
    found = {(m["text"], m["value"]) for m in record["crew"]}
    assert ("Yurichikin", "Fyodor Yurchikhin") in found
    alone = captionie.extract("Karen Nyberg of NASA waves. Yurichikin waved to the crowd.")
    assert all(m["text"] != "Yurichikin" for m in alone["crew"])


def test_a_place_whose_apostrophe_was_lost_is_still_the_place() -> None:
    record = captionie.extract("The crew poses in front of St. Basil\ufffd\ufffd\ufffds Cathedral in Moscow.")
    assert ("St. Basil\ufffd\ufffd\ufffds Cathedral", "St. Basil's Cathedral") in {
        (m["text"], m["value"]) for m in record["locations"]}
