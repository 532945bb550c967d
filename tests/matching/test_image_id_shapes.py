"""Image-id shapes: every id of every rule is found where it starts, and a text's ids are the
leftmost-longest scan of all the rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from captionie import resources
from captionie.matching.image_id_shapes import image_id_shapes


def _id_rules():
    return resources.regex_rules("image_ids")


@pytest.mark.parametrize("rule", _id_rules(), ids=lambda rule: rule.id)
@given(data=st.data())
def test_every_image_id_starts_where_the_start_pattern_says(rule, data) -> None:
    """Id rules are tried only where ``patterns/image_id_starts.json`` matches; an id of every
    rule (any case: the rules that ignore case are matched in any case) must start there and
    be found."""
    body = rule.regex.replace(r"\b", "")
    flags = re.IGNORECASE if "IGNORECASE" in rule.flags else 0
    identifier = data.draw(st.from_regex(re.compile(body, flags), fullmatch=True))
    before = data.draw(st.sampled_from(["", " ", "(", "\n", ", ", "photo "]))
    text = before + identifier + " taken"
    if not rule.compile().match(text, len(before)):
        return  # a generated body the word boundary would reject, e.g. ending in a letter run
    shapes = image_id_shapes()
    assert shapes.start_pattern.match(text, len(before)), (rule.id, identifier)
    assert [hit.start for hit in shapes.finditer(text)][:1] == [len(before)]


_ID_PIECES = ["iss071e462185", "JSC2008-E-032795", "S74-20831", "KSC-2013-1234", "AS11-40-5903",
              "PIA12345", "nhq201905310001", "STS135-S-001", "iss", "S7", "-", " ", "x", "2017", "ksc", "(", "é",
              "\u212aSC-2013", "\u0131ss071e462185"]


@example("iss071e462185 JSC2008-E-032795 ab-cd1 abcdef1 \u212aSC-2013-1234 _KSC-2013-1234")
@given(st.lists(st.sampled_from(_ID_PIECES), max_size=12).map("".join))
def test_image_ids_are_the_leftmost_longest_scan_of_every_rule(text: str) -> None:
    """The ids found are what trying every rule at every position finds: leftmost, then
    longest, then on past its end."""
    compiled = [(rule.id, rule.compile()) for rule in _id_rules()]
    expected, position = [], 0
    while position < len(text):
        best = None
        for rule_id, pattern in compiled:
            match = pattern.match(text, position)
            if match and match.end() > position and (best is None or match.end() > best[1]):
                best = (position, match.end(), rule_id)
        if best:
            expected.append(best)
            position = best[1]
        else:
            position += 1
    found = [(hit.start, hit.end, hit.rule) for hit in image_id_shapes().finditer(text)]
    assert found == expected


@pytest.mark.parametrize(("identifier", "rule", "year"), [
    ("iss071e462185", "iss_compact", None), ("jsc2013e013823", "center_year_compact", 2013),
    ("JSC2008-E-032795", "center_year_dashed", 2008), ("S74-20831", "jsc_s_number", 1974),
    ("KSC-2013-1234", "center_dashed_year", 2013), ("PIA12345", "photojournal_pia", None),
])
def test_a_lone_identifier_and_the_year_it_encodes(identifier: str, rule: str, year: int | None) -> None:
    hit = image_id_shapes().fullmatch(f"  {identifier}\n")
    assert hit is not None and (hit.text, hit.rule, hit.year) == (identifier, rule, year)
    assert image_id_shapes().year_of(identifier) == year
    assert image_id_shapes().fullmatch(f"{identifier} taken") is None


_START_PIECES = ["iss", "ISS", "jsc", "KSC", "S", "s", "AS", "sts", "abcdef", "PIA", "nhq", "x", "e", "E", "-", "--", "_",
                 " ", "(", "é", "\u0130", "\u0131", "\u017f", "\u212a", "0", "71", "2008", "5", "\u0663"]


@example("iss071e462185 JSC2008-E-032795 ab-cd1 abcdef1 \u212aSC-2013 _KSC-2013")
@example("issAS071 (nhqPI-2 x")  # five letters before the digit, and before the dash
@example("A\u212a-5 \u0131\u017f7")  # letters only a case-insensitive [a-z] matches, before a dash or digit
@example("iss\u0663 S-\u06635")  # an Arabic-Indic digit, which \d matches
@given(st.lists(st.sampled_from(_START_PIECES), max_size=14).map("".join))
def test_id_starts_are_where_the_start_pattern_matches(text: str) -> None:
    """Id starts are looked for before the digits that follow letters; they must be every
    position the start pattern matches, in order."""
    shapes = image_id_shapes()
    assert shapes.starts(text) == [m.start() for m in shapes.start_pattern.finditer(text)]
