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
    ("KSC-98pc517", "ksc_two_digit_year", 1998), ("KSC-98PC-0517", "ksc_two_digit_year", 1998),
    ("KSC-01pp0374", "ksc_two_digit_year", 2001), ("KSC-66C-9220", "ksc_two_digit_year", 1966),
    ("SL4-150-5074", "skylab_roll_frame", None), ("AST-3-172", "astp_roll_frame", None),
    ("STS047-151-618", "sts_roll_frame", None), ("STS79-E-5131", "sts_roll_frame", None),
    ("S89-E-5215", "shuttle_s_roll_frame", None), ("s89e5169", "shuttle_compact", None),
    ("S-69-31739", "jsc_s_number", 1969), ("61C-32-089", "shuttle_early_mission", None),
    ("51D-9093", "shuttle_early_mission", None), ("68-HC-123", "hq_photo_number", 1968),
    ("NM18-305-029", "nasa_mir_roll_frame", None), ("P-29510BW", "jpl_p_number", None),
    ("ARC-1969-AC87-0103", "ames_dated", 1969), ("AC91-0164-12", "ames_catalog", None),
    ("GPN-2000-001234", "great_images", None), ("L-1990-00123", "center_letter_year", 1990),
    ("EL-1996-00130", "center_letter_year", 1996), ("L61-8036", "langley_l_number", 1961),
    ("LRC-1958-B701_P-01150", "langley_dated", 1958), ("GRC-1996-C-01234", "center_dashed_year", 1996),
    ("MSFC-9801234", "marshall_number", None), ("ECN-1234", "dryden_ecn", None),
    ("EC97-44165-1", "dryden_ec_number", 1997),
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


@pytest.mark.parametrize("text", ["a P-38 and an F-100A", "the 19-29 May 1996 flight", "STS-95 and Mir-22",
                                  "Complex 39-A at 3-4 p.m.", "EC-130 aircraft", "a 20-ton load"])
def test_designations_and_numbers_are_not_ids(text: str) -> None:
    assert list(image_id_shapes().finditer(text)) == []
