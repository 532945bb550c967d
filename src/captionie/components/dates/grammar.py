"""The date grammar: the regexes built from ``patterns/date_vocab.json``, where they are tried,
and what a match says (:class:`DateParts`).

A caption is scanned once for the places a date can start (a digit, weekday or month name
at a word start), and the patterns are matched only there: run with ``finditer`` over the
whole text, they are tried at every position, which made finding dates several times slower.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from captionie import resources

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DASH = r"\s*[-–—]\s*"
#: Words before a month name that make it a point in time ("in May", "since March").
MONTH_CUES = ("in", "In", "during", "During", "since", "Since", "until", "by", "early", "late", "of", "this", "last", "next")


@dataclass(frozen=True, slots=True)
class DateParts:
    """What a date span says, before normalization."""

    year: int | None
    month: int | None
    day: int | None
    end_day: int | None = None
    end_year: int | None = None
    #: The last month of a range across months (``30 September-11 October``, ``July-September``).
    end_month: int | None = None


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class DateGrammar:
    """The compiled date regexes built from ``patterns/date_vocab.json``."""

    def __init__(self) -> None:
        vocab = resources.vocabulary("date_vocab")
        self.month_of: dict[str, int] = {}
        for number, forms in vocab["months"].items():
            for form in forms:
                self.month_of[form.lower()] = int(number)
        month_forms: list[str] = []
        for forms in vocab["months"].values():
            for form in forms:
                month_forms.extend([form, form.upper()])
        month = rf"(?:{_alternation(month_forms)})(?![a-z])\.?"
        weekday = rf"(?P<wd>(?:{_alternation(vocab['weekdays'])})\.?,?\s+)?"
        # The named groups below are read by parts(); every alternative has a distinct prefix.
        to = rf"(?:{_DASH}|\s+(?:to|through|until|till|thru)\s+)"
        # The named groups below are read by parts(); every alternative has a distinct prefix,
        # and a range comes before the single date its first half would be.
        forms = [
            # 30 September-11 October 1994 / 27 May - 6 June 1999 / 28 Dec. 1968 to 3 Jan. 1969
            rf"(?P<rd_d>{_DAY})\s+(?P<rd_m>{month})(?:,?\s+(?P<rd_y1>{_YEAR}))?{to}(?P<rd_d2>{_DAY})\s+(?P<rd_m2>{month})(?:,?\s+(?P<rd_y>{_YEAR})(?![\d:]))?",
            # Oct. 30-Nov. 6, 1985 / March 1 to March 5, 1984
            rf"(?P<rm_m>{month}),?\s+(?P<rm_d>{_DAY})(?:,?\s+(?P<rm_y1>{_YEAR}))?{to}(?P<rm_m2>{month}),?\s+(?P<rm_d2>{_DAY})(?![\d:])(?:,?\s+(?P<rm_y>{_YEAR})(?![\d:]))?",
            # July-September 1973 / March to July 1995
            rf"(?P<mr_m>{month}){to}(?P<mr_m2>{month}),?\s+(?:of\s+)?(?P<mr_y>{_YEAR})(?![\d:])",
            # Sept. 27, 2023 / April, 19, 2008 / May 29 / March 12-14, 2015 / June 3 to 8, 1995 / Feb. 18th
            rf"(?P<mdy_m>{month}),?\s+(?P<mdy_d>{_DAY})(?:{to}(?P<mdy_d2>{_DAY}))?(?![\d:])(?:,?\s+(?P<mdy_y>{_YEAR})(?![\d:]))?",
            # 8 April 2008 / 9-20 April 1994 / 27 November
            rf"(?P<dmy_d>{_DAY})(?:{to}(?P<dmy_d2>{_DAY}))?\s+(?P<dmy_m>{month})(?:,?\s+(?P<dmy_y>{_YEAR})(?![\d:]))?",
            # November 1973 / August of 1965
            rf"(?P<my_m>{month}),?\s+(?:of\s+)?(?P<my_y>{_YEAR})(?![\d:])",
            # 04/03/2017 (US order), 11/11-16/1982, 4/11/75
            r"(?P<num_m>0?[1-9]|1[0-2])/(?P<num_d>0?[1-9]|[12]\d|3[01])(?:-(?P<num_d2>0?[1-9]|[12]\d|3[01]))?/(?P<num_y>(?:19|20)\d\d|\d\d)(?![\d/:])",
            # 12-09-98 (US order, two digits each)
            r"(?P<nd_m>0[1-9]|1[0-2])-(?P<nd_d>0[1-9]|[12]\d|3[01])-(?P<nd_y>\d\d)(?![\w:-])",
            # Photographed on: 12 09 58 (Langley's photo records)
            r"(?<=hotographed on: )(?P<sp_m>0[1-9]|1[0-2]) (?P<sp_d>0[1-9]|[12]\d|3[01]) (?P<sp_y>\d\d)(?!\d)",
            # 2017-04-03
            r"(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?!\d)",
        ]
        self.full = re.compile(rf"(?<![\w/.-]){weekday}(?:{'|'.join(forms)})")
        names = [*month_forms, *vocab["weekdays"]]
        # A digit, weekday or month name at a word start: where ``full`` can match, and where
        # the year or month of ``year`` and ``month_only`` starts.  The pattern begins with a
        # character class, so ``re`` skips to the next of those characters without trying the
        # pattern at each position; the name is then told by its first character.
        first = "".join(sorted({re.escape(w[0]) for w in [*names, *"0123456789"]}))
        rests: dict[str, list[str]] = {}
        for name in names:
            rests.setdefault(name[0], []).append(name[1:])
        rest_of_name = "|".join(rf"(?<={re.escape(c)})(?:{_alternation(tails)})" for c, tails in sorted(rests.items()))
        self.word_start = re.compile(rf"[{first}](?<![\w/.-].)(?:(?<=[0-9])|{rest_of_name})")
        # Matched at a year's end; it starts only after a non-blank, so a scan stays linear.
        self.quantity_after = re.compile(rf"(?<!\s)\s++(?:{_alternation(vocab['quantity_words_after'])})\b")
        # in 2016 / (1966) / (1934-1968) / The year 2025 / from 1961 to 1963 / between 1956 and 1958 /
        # a citation's year (NASA SP-4308, 1995. p. 173)
        self.year = re.compile(
            rf"(?:\b(?:(?P<btw>[Bb]etween)|{_alternation(vocab['year_cues_before'])})\s+|\(|(?P<cite>,)\s+)(?P<y>{_YEAR})"
            rf"(?:(?:{to}|(?(btw)\s+and\s+|(?!)))(?P<y2>{_YEAR}))?(?![\w'’%-])(?(cite)(?=\)?[.,]?\s*pp?\.)|)"
        )
        self.month_only = re.compile(rf"\b(?:{_alternation(MONTH_CUES)})\s+(?P<mo_m>{month})(?![\w-])(?!\s*\d)")
        self.year_cues = CueScan(_YEAR, "(", [*vocab["year_cues_before"], ","])
        # A month target carries what ``month_only`` demands after it, so the month names a
        # day follows are not tried.
        self.month_cues = CueScan(rf"{month}(?![\w-])(?!\s*\d)", "", MONTH_CUES)
        # The rest of a list a date opens: ", 20 and 25, 1995" after "June 16"; "or April" after
        # "in March"; and what joins two items of a list.  A list starts right after a date
        # (not inside a run of blanks) and its runs of spaces are possessive: a scan over a long
        # run of blanks stays linear.
        self.day_list = re.compile(
            rf"(?<!\s)(?:,\s*+{_DAY}(?![\d:]))*+,?\s++(?:and|or|&)\s++{_DAY}(?![\d:])(?:,?\s+{_YEAR}(?![\d:]))?")
        self.list_day = re.compile(rf"(?<!\w)(?P<d>{_DAY})(?![\d:])(?:,?\s+(?P<y>{_YEAR})(?![\d:]))?")
        self.month_list = re.compile(rf"(?<!\s),?\s++(?:and|or|&)\s++(?P<m>{month})(?![\w-])(?!\s*\d)")
        self.list_joint = re.compile(r"(?<!\s)(?:,?\s++(?:and|or|&)\s++|,\s*+)")
        self.mid_prefix = re.compile(r"(?:mid|Mid|MID)[- ]?$")

    def word_starts(self, text: str) -> list[int]:
        """Where a digit, weekday or month name starts a word, ascending."""
        return [hit.start() for hit in self.word_start.finditer(text)]

    def dates(self, text: str, word_starts: list[int]) -> Iterator[re.Match[str]]:
        """``self.full.finditer(text)`` (``word_starts``: :meth:`word_starts` of ``text``)."""
        return matches_at(self.full, text, word_starts)

    def years(self, text: str, word_starts: list[int]) -> Iterator[re.Match[str]]:
        """``self.year.finditer(text)`` (``word_starts``: :meth:`word_starts` of ``text``)."""
        return matches_at(self.year, text, self.year_cues.starts(text, word_starts))

    def months(self, text: str, word_starts: list[int]) -> Iterator[re.Match[str]]:
        """``self.month_only.finditer(text)`` (``word_starts``: :meth:`word_starts` of ``text``)."""
        return matches_at(self.month_only, text, self.month_cues.starts(text, word_starts))

    def after_mid(self, text: str, start: int) -> bool:
        """Whether "mid"/"mid-" ends right before ``start`` ("mid-2016" is not a date); the
        match is at most five characters long ("mid-" and a final newline)."""
        return self.mid_prefix.search(text, max(0, start - 5), start) is not None

    def parts(self, match: re.Match[str]) -> tuple[DateParts | None, str]:
        """What a match of :attr:`full` says, and the name of the form that matched."""
        g = match.group
        month_of = self.month_of

        def month(name: str) -> int:
            return month_of[g(name).rstrip(".").lower()]

        def day(name: str) -> int | None:
            value = g(name)
            # _DAY is digits and perhaps st/nd/rd/th: strip those letters, not every non-digit.
            return int(value.rstrip("stndrh")) if value else None

        def year(name: str) -> int | None:
            value = g(name)
            return int(value) if value else None

        def short_year(name: str) -> int:
            # A two-digit year: the archive's photos start in the 1920s, so 00-19 are 20xx.
            value = int(g(name))
            return value if value > 99 else (2000 + value if value < 20 else 1900 + value)

        if g("rd_m"):
            last = year("rd_y")
            first = year("rd_y1") or last
            return DateParts(first, month("rd_m"), day("rd_d"), day("rd_d2"), last if last != first else None,
                             month("rd_m2")), "date.dmy_range"
        if g("rm_m"):
            last = year("rm_y")
            first = year("rm_y1") or last
            return DateParts(first, month("rm_m"), day("rm_d"), day("rm_d2"), last if last != first else None,
                             month("rm_m2")), "date.mdy_range"
        if g("mr_m"):
            return DateParts(year("mr_y"), month("mr_m"), None, end_month=month("mr_m2")), "date.month_range"
        if g("mdy_m"):
            return DateParts(year("mdy_y"), month("mdy_m"), day("mdy_d"), day("mdy_d2")), "date.mdy"
        if g("dmy_m"):
            return DateParts(year("dmy_y"), month("dmy_m"), day("dmy_d"), day("dmy_d2")), "date.dmy"
        if g("my_m"):
            return DateParts(year("my_y"), month("my_m"), None), "date.month_year"
        if g("num_m"):
            return DateParts(short_year("num_y"), int(g("num_m")), int(g("num_d")), day("num_d2")), "date.numeric_us"
        if g("nd_m"):
            return DateParts(short_year("nd_y"), int(g("nd_m")), int(g("nd_d"))), "date.numeric_us"
        if g("sp_m"):
            return DateParts(short_year("sp_y"), int(g("sp_m")), int(g("sp_d"))), "date.numeric_us"
        if g("iso_y"):
            return DateParts(year("iso_y"), int(g("iso_m")), int(g("iso_d"))), "date.iso"
        return None, ""


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match starts at one of ``starts``
    (ascending): it is matched at each start not inside the previous match, which is the
    leftmost-first scan ``finditer`` does (``Pattern.match`` sees the text before its
    position, so lookbehinds and ``\\b`` hold as in a scan)."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)) is not None:
            yield match
            end = max(match.end(), start + 1)


class CueScan:
    """Where a "cue word, whitespace, target" pattern (``year``, ``month_only``) can match.

    Such a match is a cue (a word of the vocabulary), whitespace, then a target (a year, a
    month name), or, for years, "(" right before the target.  A target starts a word with a
    digit or a month name, so it is looked for only at :meth:`DateGrammar.word_starts`; a
    match then starts at the opener before it, or a cue's length before the whitespace in
    front of it where the text there is a cue.
    """

    __slots__ = ("target", "opener", "cues", "cue_lengths")

    def __init__(self, target: str, opener: str, cues: Iterable[str]) -> None:
        self.target = re.compile(target)
        self.opener = opener
        self.cues = frozenset(cues)
        self.cue_lengths = sorted({len(cue) for cue in self.cues})

    def starts(self, text: str, word_starts: list[int]) -> list[int]:
        """Every place a match can start, ascending (``word_starts``: of ``text``)."""
        places: set[int] = set()
        for start in word_starts:
            if start == 0 or self.target.match(text, start) is None:
                continue
            if text[start - 1] == self.opener:
                places.add(start - 1)
            elif text[start - 1].isspace():
                gap = start - 1
                while gap > 0 and text[gap - 1].isspace():
                    gap -= 1
                places.update(gap - n for n in self.cue_lengths if n <= gap and text[gap - n:gap] in self.cues)
        return sorted(places)


@lru_cache(maxsize=1)
def date_grammar() -> DateGrammar:
    return DateGrammar()
