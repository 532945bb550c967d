"""The data files' schemas: entries are checked as they load, and a regex rule's ``requires``
literals only skip texts the rule could not match."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from captionie import resources
from captionie.resources.schemas import CrewEntry, PlaceEntry, RegexRule


def test_a_rule_skipped_for_its_missing_literals_could_not_have_matched(seed_captions) -> None:
    """``requires`` lets the spacecraft component skip a serial rule's scan; it must never skip
    a text the rule matches (seed captions, and every vehicle name written in the gazetteer
    and the rules' own examples of craft no list holds)."""
    texts = [c.text for c in seed_captions]
    texts += [form for entry in resources.spacecraft() for form in (entry.name, *entry.aliases)]
    texts += ["Syouz TMA-2 lands", "the MS-22 spacecraft", "Soyuz 11 crew", "Progress 45P docks", "GOES-16 image",
              "SpX-20 launch", "Cygnus NG-12", "HTV-9 berthing", "Vostok 1", "Crew-8 splashdown", "Ax-3 crew"]
    checked = 0
    for rule in resources.regex_rules("spacecraft_serials"):
        pattern = rule.compile()
        for text in texts:
            if pattern.search(text):
                checked += 1
                assert rule.may_match(text), (rule.id, text)
    assert checked > 300


def test_a_rule_skips_exactly_the_texts_without_its_literals() -> None:
    rule = RegexRule(id="t", regex=r"soyuz\s+ms-\d+", flags=["IGNORECASE"], requires=["Soyuz", "MS-"])
    assert rule.may_match("the SOYUZ lands") and rule.may_match("the ms-22 crew")
    assert not rule.may_match("Progress 45P docks")
    assert RegexRule(id="u", regex="x").may_match("no literal needed")
    assert not RegexRule(id="v", regex="MS-1", requires=["MS-"]).may_match("ms-1")  # case counts without IGNORECASE


@pytest.mark.parametrize(("model", "fields", "reason"), [
    (RegexRule, {"id": "r", "regex": "(unclosed"}, "regex does not compile"),
    (CrewEntry, {"name": "Peggy Whitson", "surname": "Whitsun"}, "is not a suffix of name"),
    (PlaceEntry, {"name": "Nowhere", "kind": "city", "lon": 181.0}, "less than or equal to 180"),
    (PlaceEntry, {"name": "Nowhere", "kind": "city", "typo": 1}, "Extra inputs are not permitted"),
])
def test_an_entry_that_breaks_its_schema_is_refused(model, fields: dict, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        model(**fields)
