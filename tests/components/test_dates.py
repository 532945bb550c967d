"""Dates: the forms read and their values, the year a date without one takes, and that the
grammar's patterns, tried only where a date can start, find what scans of the whole text find."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from captionie import extract
from captionie.components.dates import date_grammar, normalize_date


def _dates(text: str, **kwargs) -> list[tuple[str, str, str]]:
    return [(m["text"], m["value"], m["rule"]) for m in extract(text, **kwargs)["dates"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Landed Sept. 27, 2023.", [("Sept. 27, 2023", "2023-09-27", "date.mdy")]),
    ("On Wednesday, Dec. 13, 2017, at 9", [("Wednesday, Dec. 13, 2017", "2017-12-13", "date.mdy")]),
    ("from 9-20 April 1994", [("9-20 April 1994", "1994-04-09/1994-04-20", "date.dmy")]),
    ("taken November 1973", [("November 1973", "1973-11", "date.month_year")]),
    ("on 04/03/2017 and 2017-04-05", [("04/03/2017", "2017-04-03", "date.numeric_us"),
                                      ("2017-04-05", "2017-04-05", "date.iso")]),
    ("Built in 2016 (1934-1968)", [("2016", "2016", "date.year"), ("1934-1968", "1934/1968", "date.year_range")]),
    ("During May 2017 and since March", [("May 2017", "2017-05", "date.month_year"),
                                         ("March", "2017-03", "date.month")]),
    ("Expedition 17 May 8, 2008", [("May 8, 2008", "2008-05-08", "date.mdy")]),
    ("in mid-2016 and mid 2017", []),
    ("a 2016 kg mass in 1999 days", []),
    ("S90-1234 (30 September-11 October 1994) ---", [("30 September-11 October 1994", "1994-09-30/1994-10-11", "date.dmy_range")]),
    ("flew from Nov. 19 - Dec. 5, 1997.", [("Nov. 19 - Dec. 5, 1997", "1997-11-19/1997-12-05", "date.mdy_range")]),
    ("shot (July-September 1973) ---", [("July-September 1973", "1973-07/1973-09", "date.month_range")]),
    ("held June 3 to 8, 1995.", [("June 3 to 8, 1995", "1995-06-03/1995-06-08", "date.mdy")]),
    ("built from 1961 to 1963 and between 1956 and 1958", [("1961 to 1963", "1961/1963", "date.year_range"),
                                                          ("1956 and 1958", "1956/1958", "date.year_range")]),
    ("in 1955 and 1956", [("1955", "1955", "date.year"), ("1956", "1956", "date.year")]),
    ("began in August of 1965.", [("August of 1965", "1965-08", "date.month_year")]),
    ("S88-E-5093 (12-09-98) --- and 11/11-16/1982", [("12-09-98", "1998-12-09", "date.numeric_us"),
                                                      ("11/11-16/1982", "1982-11-11/1982-11-16", "date.numeric_us")]),
    ("Photographed on: 12 09 58. -- capsule", [("12 09 58", "1958-12-09", "date.numeric_us")]),
    ("Circa 1926 rocket and ca. 1930 the 1999 class", [("1926", "1926", "date.year"), ("1930", "1930", "date.year"),
                                                       ("1999", "1999", "date.year")]),
    ("11-12-12: In the facility, the 1960s and FY 1995", []),
    ("Tests ran June 16, 20 and 25, 1995.", [("June 16", "1995-06-16", "date.mdy"), ("20", "1995-06-20", "date.list_day"),
                                             ("25, 1995", "1995-06-25", "date.list_day")]),
    ("tests during April and May 1974.", [("April", "1974-04", "date.month"), ("May 1974", "1974-05", "date.month_year")]),
    ("to fly in March or April.", [("March", "--03", "date.month"), ("April", "--04", "date.month")]),
    ("on June 16, 20 astronauts", [("June 16", "--06-16", "date.mdy")]),
    ("held between Oct. 31 and Nov. 7, 1995.", [("Oct. 31 and Nov. 7, 1995", "1995-10-31/1995-11-07", "date.mdy_range")]),
    ("Hansen. NASA SP-4308, 1995. p. 173. Houston, 1995 was", [("1995", "1995", "date.year")]),
])
def test_date_forms(text: str, expected: list) -> None:
    assert _dates(text) == expected


def test_a_date_without_a_year_takes_the_nearest_year_then_the_image_id() -> None:
    record = extract("Launched Oct. 5, 2017; landed Dec. 14.")
    assert [(m["value"], m.get("year_inferred", False)) for m in record["dates"]] == \
        [("2017-10-05", False), ("2017-12-14", True)]
    assert _dates("Landed Oct. 5.") == [("Oct. 5", "--10-05", "date.mdy")]
    assert _dates("Landed Oct. 5.", meta={"image_id": "jsc2013e013823"}) == [("Oct. 5", "2013-10-05", "date.mdy")]
    assert _dates("iss071e462185 S74-20831 landed Oct. 5.") == [("Oct. 5", "1974-10-05", "date.mdy")]


def test_the_record_id_and_full_dates_come_before_a_month_or_bare_year() -> None:
    """A record named by an image id with a year (``KSC-98pc1265``) dates the caption's
    year-less dates before a month-year of another event does; a full date comes first."""
    text = "It will fly by the asteroid in July 1999. It will be launched Oct. 25 from Pad 17A."
    assert extract(text, id="KSC-98pc1265")["dates"][1]["value"] == "1998-10-25"
    assert extract(text)["dates"][1]["value"] == "1999-10-25"
    assert extract("Launched May 5, 1961; seen Oct. 25.", id="KSC-98pc1265")["dates"][1]["value"] == "1961-10-25"
    assert extract("A view on Oct. 25.", id="sts077-702-039")["dates"][0]["value"] == "--10-25"


def test_a_date_that_does_not_exist_is_a_warning() -> None:
    record = extract("Landed Feb. 30, 2017.")
    assert record["dates"] == [] and any("unparseable date 'Feb. 30, 2017'" in w for w in record["warnings"])


def test_normalize_date() -> None:
    assert normalize_date(2016, 2, 29) == "2016-02-29"
    assert normalize_date(2017, 2, 29) is None
    assert normalize_date(2017, 11, None) == "2017-11"
    assert normalize_date(2017, None, None) == "2017"


_DATE_PIECES = ["in", "In", "in early", "year-end", "during", "since", "of", "c.", "(", ")", " ", "  ", "\n", "\u00a0",
                "2016", "1968", "1499", "-", "May", "March", "Sept.", "JUNE", "x", "e", "5", ",", "days", "%"]


@example("in early 2016")  # the longest cues, right at the text start
@example("x in 2016, by  1968 of May")  # the shortest
@example("During May x, in Sept. 5 since JUNE\n")  # months a day follows or not
@example("in\n2016 during\u00a0May x")  # other whitespace before the target
@example("x During  May")
@example("x(1968) and (2016-2017)")
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=14).map("".join))
def test_bare_years_and_months_are_what_scans_of_the_whole_text_find(text: str) -> None:
    grammar = date_grammar()
    starts = grammar.word_starts(text)
    assert [m.span() for m in grammar.years(text, starts)] == [m.span() for m in grammar.year.finditer(text)]
    assert [m.span() for m in grammar.months(text, starts)] == [m.span() for m in grammar.month_only.finditer(text)]


_FULL_DATE_PIECES = ["Monday", "Mon.", "Sept.", "September", "SEPT", "Sep", "May", "MAY", "Mayo", "June", "Jun", "Ju",
                     "April", "Apr.", "Dec", "D", "M", "x", "a", "3", "13", "27", "2017", "1968", "04/03/2017",
                     "2017-04-03", "-", "–", "/", ".", ",", " ", "  ", "\n", "th", "É", "_", ":"]


@example("Wednesday, Dec. 13, 2017, 9-20 April 1994")
@example("x13 May/4/03/2017 Monday, May 8")
@given(st.lists(st.sampled_from(_FULL_DATE_PIECES), max_size=14).map("".join))
def test_dates_are_what_a_scan_of_the_whole_text_finds(text: str) -> None:
    grammar = date_grammar()
    assert [m.groupdict() | {"span": m.span()} for m in grammar.dates(text, grammar.word_starts(text))] == \
        [m.groupdict() | {"span": m.span()} for m in grammar.full.finditer(text)]


@given(st.text(alphabet="mMiIdD- \n2016ab", max_size=30))
def test_mid_right_before_a_date(text: str) -> None:
    grammar = date_grammar()
    for start in range(len(text) + 1):
        assert grammar.after_mid(text, start) == (grammar.mid_prefix.search(text, 0, start) is not None)
