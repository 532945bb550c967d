"""A rule set finds exactly what each of its rules' regexes finds, skipping only the rules
whose literals a caption does not hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from captionie import resources
from captionie.matching.regex_rules import RuleSet
from captionie.resources import RegexRule

_SERIAL_PIECES = ["Soyuz", "SOYUZ", "Sojuz", " ", "-", "TMA", "TMA-", "TM-", "MS-", "M", "12", "5", "xSoyuz",
                  "Progress", "STS-", "135", "Apollo", "Crew-", "SpaceX ", "CRS-", "NG-", "Cygnus ", " spacecraft",
                  "GOES-", "16R", "Gemini", "IV", "Vostok", "\n", ",", "é", "_"]


@given(st.lists(st.sampled_from(_SERIAL_PIECES), max_size=10).map("".join))
def test_serial_rules_find_what_their_regexes_find(text: str) -> None:
    rules = RuleSet(resources.regex_rules("spacecraft_serials"))
    expected = [(rule.id, m.span(), m.groupdict()) for rule in resources.regex_rules("spacecraft_serials")
                for m in rule.compile().finditer(text)]
    assert [(rule.id, m.span(), m.groupdict()) for rule, m in rules.matches(text)] == expected


def test_a_rule_applies_only_where_one_of_its_literals_is() -> None:
    rules = RuleSet([RegexRule(id="short", regex=r"\bTM\d", requires=["TM"]),
                     RegexRule(id="long", regex=r"\bTMA\d", requires=["TMA"]),
                     RegexRule(id="inner", regex=r"MA\d", requires=["MA"]),
                     RegexRule(id="always", regex=r"\d{4}"),
                     RegexRule(id="folded", regex=r"\bsoyuz", flags=["IGNORECASE"], requires=["Soyuz"])])
    assert [s.rule.id for s in rules.applicable("Soyuz TMA1")] == ["short", "long", "inner", "always", "folded"]
    assert [s.rule.id for s in rules.applicable("SOYUZ TM1")] == ["short", "always", "folded"]
    assert [s.rule.id for s in rules.applicable("x")] == ["always"]
    assert [(rule.id, m.group()) for rule, m in rules.matches("xTMA1 SOYUZ TMA2 1999")] == [
        ("long", "TMA2"), ("inner", "MA1"), ("inner", "MA2"), ("always", "1999"), ("folded", "SOYUZ")]


def test_a_rule_matching_empty_text_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        RuleSet([RegexRule(id="empty", regex=r"\d*")])
