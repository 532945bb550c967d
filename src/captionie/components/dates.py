"""Dates: rules find the minimal span, dateparser normalizes only that span (cached).

``dateparser.search.search_dates`` over a whole caption is slow (~6.5 ms) and wrong in the
ways MEASUREMENTS.md lists (``Sept. 17`` cut to Sept. 1, photo numbers read as years,
durations read as dates).  Here one compiled regex family finds date-shaped spans; each span
is handed to ``dateparser.parse`` behind an ``lru_cache``; a date without a year takes it
from the caption's other dates, its image ids, or its metadata (SPEC section 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from captionie import resources
from captionie.components.base import FieldRecognizer
from captionie.matching.image_id_shapes import image_id_shapes
from captionie.pipeline.mentions import Mention, MentionStore

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DASH = r"\s*[-–—]\s*"
#: Words before a month name that make it a point in time ("in May", "since March").
_MONTH_CUES = ("in", "In", "during", "During", "since", "Since", "until", "by", "early", "late", "of", "this", "last", "next")
# Words that end a number-bearing name ("Expedition 17 May 8" is not the 17th of May).
_NUMBERED_NAME_BEFORE = re.compile(
    r"(?:Expeditions?|Site|Pad|Complex|Apollo|Gemini|Skylab|Landsat|Sputnik|Crew|No\.|Number|Station|Soyuz|Progress|Ax|TMA|MS)[\s-]*$"
)


@dataclass(frozen=True, slots=True)
class DateParts:
    """What a date span says, before normalization."""

    year: int | None
    month: int | None
    day: int | None
    end_day: int | None = None
    end_year: int | None = None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _first_characters(words: list[str]) -> str:
    """A character class body of the first characters of ``words``."""
    return "".join(re.escape(c) for c in sorted({w[0] for w in words if w}))


def _rest_after_first_character(words: list[str]) -> str:
    """A pattern matching, right after a word's first character, the rest of one of ``words``
    that begins with that character (a one-character lookbehind picks which)."""
    rests: dict[str, list[str]] = {}
    for word in words:
        if word:
            rests.setdefault(word[0], []).append(word[1:])
    return "|".join(rf"(?<={re.escape(first)})(?:{_alternation(tails)})" for first, tails in sorted(rests.items()))


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
        # The named groups below are read by _parts(); every alternative has a distinct prefix.
        forms = [
            # Sept. 27, 2023 / April, 19, 2008 / May 29 / March 12-14, 2015 / Feb. 18th
            rf"(?P<mdy_m>{month}),?\s+(?P<mdy_d>{_DAY})(?:{_DASH}(?P<mdy_d2>{_DAY}))?(?![\d:])(?:,?\s+(?P<mdy_y>{_YEAR})(?![\d:]))?",
            # 8 April 2008 / 9-20 April 1994 / 27 November
            rf"(?P<dmy_d>{_DAY})(?:{_DASH}(?P<dmy_d2>{_DAY}))?\s+(?P<dmy_m>{month})(?:,?\s+(?P<dmy_y>{_YEAR})(?![\d:]))?",
            # November 1973
            rf"(?P<my_m>{month}),?\s+(?P<my_y>{_YEAR})(?![\d:])",
            # 04/03/2017 (US order) and 2017-04-03
            r"(?P<num_m>0?[1-9]|1[0-2])/(?P<num_d>0?[1-9]|[12]\d|3[01])/(?P<num_y>(?:19|20)\d\d)(?!\d)",
            r"(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?!\d)",
        ]
        # Every date starts with a weekday, a month or a digit: the lookahead turns away the
        # other word starts at once instead of trying each alternative there (32 -> 17 µs).
        first = _first_characters([*month_forms, *vocab["weekdays"], *"0123456789"])
        self.full = re.compile(rf"(?<![\w/.-])(?=[{first}]){weekday}(?:{'|'.join(forms)})")
        # Where ``full`` can match: a digit, weekday or month name at a word start.  This
        # begins with a character class, so ``re`` skips to the next of those characters in C
        # (``full`` begins with assertions and is tried at every position); see :meth:`dates_in`.
        rest_of_name = _rest_after_first_character([*month_forms, *vocab["weekdays"]])
        self._date_starts = re.compile(rf"[{first}](?<![\w/.-].)(?:(?<=[0-9])|{rest_of_name})")
        year_cues = _alternation(vocab["year_cues_before"])
        cue_first = _first_characters(vocab["year_cues_before"])
        self.quantity_after = re.compile(rf"\s+(?:{_alternation(vocab['quantity_words_after'])})\b")
        # in 2016 / (1966) / (1934-1968) / The year 2025
        self.year = re.compile(
            rf"(?:\b(?=[{cue_first}])(?:{year_cues})\s+|\()(?P<y>{_YEAR})(?:{_DASH}(?P<y2>{_YEAR}))?(?![\w'’%-])"
        )
        self.month_only = re.compile(
            rf"\b(?:{_alternation(list(_MONTH_CUES))})\s+(?P<mo_m>{month})(?![\w-])(?!\s*\d)"
        )
        # Where ``year`` and ``month_only`` can match (see ``_CueScan``).
        self.year_scan = _CueScan(_YEAR, "(", vocab["year_cues_before"])
        # A month target carries what ``month_only`` demands after it, so the month names a
        # day follows (most of them) are not tried.
        self.month_scan = _CueScan(rf"{month}(?![\w-])(?!\s*\d)", "", _MONTH_CUES)
        self.mid_prefix = re.compile(r"(?:mid|Mid|MID)[- ]?$")

    def word_starts(self, text: str) -> list[int]:
        """Where a digit, weekday or month name starts a word, ascending: every place a date,
        a bare year or a bare month can start (one scan for the three; see :meth:`dates_in`
        and :class:`_CueScan`)."""
        return [hit.start() for hit in self._date_starts.finditer(text)]

    def dates_in(self, text: str, word_starts: list[int] | None = None) -> Iterator[re.Match[str]]:
        """``self.full.finditer(text)``, tried only where a date can start (17 -> 11 µs a
        caption; ``word_starts``: :meth:`word_starts` of ``text``, found here if not given).
        Every match of ``full`` starts at a hit of ``_date_starts`` (its lookbehind
        and first character are those of ``full``), and ``Pattern.match`` sees the text before
        its position, so matching ``full`` at each hit not inside the previous match, in text
        order, is the leftmost-first scan ``finditer`` does.  ``full`` never matches empty text
        (every form holds a digit), so each match moves the scan past its end."""
        end = 0
        match = self.full.match
        for start in self.word_starts(text) if word_starts is None else word_starts:
            if start < end:
                continue
            found = match(text, start)
            if found is not None:
                yield found
                end = found.end()

    def after_mid(self, text: str, start: int) -> bool:
        """Whether "mid"/"mid-" ends right before ``start`` ("mid-2016" is not a date).  The
        match is at most five characters long ("mid-" before a final newline), so only those
        are searched, not the whole text before every date."""
        return self.mid_prefix.search(text, max(0, start - 5), start) is not None


class _CueScan:
    """``finditer`` of a "cue word, whitespace, target" pattern (``year``, ``month_only``),
    trying it only where a match can start.

    Every match is a cue (a fixed word of known length), whitespace, then a target (a year, a
    month name), or, for years, "(" then the target.  So a match starts either a cue's length
    before the whitespace run in front of some target, or at the "(" in front of it: those
    places, in text order, are the only ones the pattern is tried at, and a place inside the
    previous match is skipped, which is the leftmost-first scan ``finditer`` does.  A target
    after whitespace or "(" starts a word with a digit (a year) or a month name, so it starts at
    one of :meth:`DateGrammar.word_starts`, which the date scan finds anyway; the target pattern
    is matched only there.  (The cue-first pattern was tried at every word: years 15 µs a
    caption, months 10; with a scan of their own for targets 5.5 and 7; now 2 and 2.5.)"""

    __slots__ = ("target", "opener", "cues", "cue_lengths_by_last")

    def __init__(self, target: str, opener: str, cues: list[str] | tuple[str, ...]) -> None:
        self.target = re.compile(target)
        self.opener = opener
        self.cues = frozenset(cues)
        #: The last character of a cue -> the lengths of the cues ending with it.
        self.cue_lengths_by_last: dict[str, tuple[int, ...]] = {}
        for last in {cue[-1] for cue in cues}:
            self.cue_lengths_by_last[last] = tuple(sorted({len(c) for c in cues if c[-1] == last}))

    def starts(self, text: str, word_starts: list[int]) -> list[int]:
        """Every place a match can start, ascending (``word_starts``: of ``text``)."""
        places: set[int] = set()
        target = self.target.match
        for start in word_starts:
            if start == 0:
                continue
            before = text[start - 1]
            if before == self.opener:
                if target(text, start):
                    places.add(start - 1)
            elif before.isspace() and target(text, start):
                run = start - 1
                while run > 0 and text[run - 1].isspace():
                    run -= 1
                # A cue ends a match's cue word right where the whitespace run starts (it ends
                # in no whitespace, and the run is all whitespace): so the text there is a cue,
                # one ending with the character before the run (most years follow a ", ").
                lengths = self.cue_lengths_by_last.get(text[run - 1]) if run > 0 else None
                if lengths:
                    places.update(run - length for length in lengths
                                  if run >= length and text[run - length:run] in self.cues)
        return sorted(places)

    def finditer(self, pattern: re.Pattern[str], text: str, word_starts: list[int]) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, for the pattern this scan was built for
        (``word_starts``: :meth:`DateGrammar.word_starts` of ``text``)."""
        end = 0
        for start in self.starts(text, word_starts):
            if start < end:
                continue
            match = pattern.match(text, start)
            if match is not None:
                yield match
                end = max(match.end(), start + 1)


@lru_cache(maxsize=1)
def date_grammar() -> DateGrammar:
    return DateGrammar()


@lru_cache(maxsize=1)
def _date_parsers() -> tuple[Any, Any]:
    """dateparser's ``DateDataParser`` for a day and for a month, built once: ``dateparser.parse``
    builds its settings and language data on every call (~4 ms a date here, ~25 µs reused with
    the ISO format named).  Deferred import: keeps import time of captionie low."""
    from dateparser.date import DateDataParser

    day = DateDataParser(languages=["en"], settings={"DATE_ORDER": "YMD", "REQUIRE_PARTS": ["day", "month", "year"]})
    month = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]})
    return day, month


@lru_cache(maxsize=65536)
def normalize_date(year: int, month: int | None, day: int | None) -> str | None:
    """ISO value of a date through dateparser (cached: the same few thousand dates recur across
    an archive).  None when the date does not exist (Feb. 30)."""
    day_parser, month_parser = _date_parsers()
    if month is None:
        return f"{year:04d}"
    if day is None:
        parsed = month_parser.get_date_data(f"{year:04d}-{month:02d}", date_formats=["%Y-%m"]).date_obj
        return parsed.strftime("%Y-%m") if parsed else None
    parsed = day_parser.get_date_data(f"{year:04d}-{month:02d}-{day:02d}", date_formats=["%Y-%m-%d"]).date_obj
    return parsed.strftime("%Y-%m-%d") if parsed else None


def _valid_day_without_year(month: int, day: int) -> bool:
    try:
        date(2000, month, day)  # 2000 is a leap year: Feb. 29 is a valid day without a year
    except ValueError:
        return False
    return True


class DateRecognizer(FieldRecognizer):
    """Calendar dates, months and years that name a point in time."""

    field = "dates"
    label = "DATE"

    def __init__(self) -> None:
        super().__init__()
        self.grammar = date_grammar()

    # ------------------------------------------------------------------ finding
    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = store.text
        raw: list[tuple[int, int, DateParts, str]] = []
        taken: list[tuple[int, int]] = []

        def free(start: int, end: int) -> bool:
            return not store.is_blocked(start, end) and not any(s < end and start < e for s, e in taken)

        grammar = self.grammar
        word_starts = grammar.word_starts(text)
        for match in grammar.dates_in(text, word_starts):
            parts, rule = self._parts(match)
            start, end = match.start(), match.end()
            if parts is None:
                continue
            if rule == "date.dmy" and _NUMBERED_NAME_BEFORE.search(text, 0, start):
                # "Expedition 17 May 8": retry the month-first reading from the month on.
                retry = self.grammar.full.search(text, match.start("dmy_m"))
                if retry is None or retry.start() != match.start("dmy_m"):
                    continue
                parts, rule = self._parts(retry)
                start, end = retry.start(), retry.end()
                if parts is None:
                    continue
            if self.grammar.after_mid(text, start) or not free(start, end):
                continue
            end = len(text[start:end].rstrip(" ,")) + start
            raw.append((start, end, parts, rule))
            taken.append((start, end))
        for match in grammar.year_scan.finditer(grammar.year, text, word_starts):
            start, end = match.start("y"), match.end()
            if not free(start, end) or self.grammar.quantity_after.match(text, end):
                continue
            if self.grammar.after_mid(text, start):
                continue
            y2 = match.group("y2")
            year = int(match.group("y"))
            if y2 and int(y2) <= year:
                continue
            parts = DateParts(year, None, None, end_year=int(y2) if y2 else None)
            raw.append((start, end, parts, "date.year_range" if y2 else "date.year"))
            taken.append((start, end))
        for match in grammar.month_scan.finditer(grammar.month_only, text, word_starts):
            start, end = match.span("mo_m")
            end = start + len(text[start:end].rstrip("."))
            if not free(start, end) or self.grammar.after_mid(text, start):
                continue
            month = self.grammar.month_of[text[start:end].rstrip(".").lower()]
            raw.append((start, end, DateParts(None, month, None), "date.month"))
            taken.append((start, end))
        raw.sort(key=lambda item: item[0])
        return self._normalize(text, raw, store)

    def _parts(self, match: re.Match[str]) -> tuple[DateParts | None, str]:
        g = match.group
        month_of = self.grammar.month_of

        def month(name: str) -> int:
            return month_of[g(name).rstrip(".").lower()]

        def day(name: str) -> int | None:
            value = g(name)
            # _DAY is digits and perhaps st/nd/rd/th: strip those letters, not every non-digit.
            return int(value.rstrip("stndrh")) if value else None

        def year(name: str) -> int | None:
            value = g(name)
            return int(value) if value else None

        if g("mdy_m"):
            return DateParts(year("mdy_y"), month("mdy_m"), day("mdy_d"), day("mdy_d2")), "date.mdy"
        if g("dmy_m"):
            return DateParts(year("dmy_y"), month("dmy_m"), day("dmy_d"), day("dmy_d2")), "date.dmy"
        if g("my_m"):
            return DateParts(year("my_y"), month("my_m"), None), "date.month_year"
        if g("num_m"):
            return DateParts(year("num_y"), int(g("num_m")), int(g("num_d"))), "date.numeric_us"
        if g("iso_y"):
            return DateParts(year("iso_y"), int(g("iso_m")), int(g("iso_d"))), "date.iso"
        return None, ""

    # ------------------------------------------------------------------ normalizing
    def _normalize(self, text: str, raw: list[tuple[int, int, DateParts, str]], store: MentionStore) -> list[Mention]:
        explicit_years = [(start, parts.year) for start, _, parts, _ in raw if parts.year is not None and parts.month]
        if not explicit_years:
            explicit_years = [(start, parts.year) for start, _, parts, _ in raw if parts.year is not None]
        # The context's year is read only when a date has no year of its own (it tries every
        # id rule on every image id: most captions need none of it).
        fallback: list[int | None] = []
        mentions: list[Mention] = []
        for start, end, parts, rule in raw:
            attrs: dict[str, Any] = {}
            year = parts.year
            if year is None:
                year = _nearest_year(start, explicit_years)
                if not year:
                    if not fallback:
                        fallback.append(self._context_year(store))
                    year = fallback[0]
                if year is not None:
                    attrs["year_inferred"] = True
            value, precision = self._value(parts, year)
            if value is None:
                store.warnings.append(f"unparseable date {text[start:end]!r} at {start}")
                continue
            mentions.append(Mention(start, end, text[start:end], value, rule, {"precision": precision, **attrs}))
        return mentions

    def _value(self, parts: DateParts, year: int | None) -> tuple[str | None, str]:
        if parts.month is None:  # a year or a range of years
            assert parts.year is not None
            if parts.end_year:
                return f"{parts.year:04d}/{parts.end_year:04d}", "year"
            return f"{parts.year:04d}", "year"
        if parts.day is None:
            if year is None:
                return f"--{parts.month:02d}", "month_no_year"
            return normalize_date(year, parts.month, None), "month"
        if year is None:
            if not _valid_day_without_year(parts.month, parts.day):
                return None, ""
            if parts.end_day:
                if parts.end_day <= parts.day or not _valid_day_without_year(parts.month, parts.end_day):
                    return None, ""
                return f"--{parts.month:02d}-{parts.day:02d}/--{parts.month:02d}-{parts.end_day:02d}", "day_no_year"
            return f"--{parts.month:02d}-{parts.day:02d}", "day_no_year"
        first = normalize_date(year, parts.month, parts.day)
        if first is None:
            return None, ""
        if parts.end_day:
            last = normalize_date(year, parts.month, parts.end_day)
            if last is None or parts.end_day <= parts.day:
                return None, ""
            return f"{first}/{last}", "day"
        return first, "day"

    @staticmethod
    def _context_year(store: MentionStore) -> int | None:
        """The year an image id in the caption or its metadata encodes, else the year of the
        metadata's creation date."""
        shapes = image_id_shapes()
        for mention in store.get("image_ids"):
            year = shapes.year_of(mention["text"])
            if year:
                return year
        for identifier in store.context.image_ids:
            year = shapes.year_of(identifier)
            if year:
                return year
        created = store.context.date_created
        if created:
            found = re.match(r"\s*((?:19|20)\d\d)", created)
            if found:
                return int(found.group(1))
        return None


def _nearest_year(position: int, years: list[tuple[int, int]]) -> int | None:
    """The year of the closest preceding dated mention, else the closest following one."""
    before = [year for start, year in years if start < position]
    if before:
        return before[-1]
    after = [year for start, year in years if start > position]
    return after[0] if after else None


@Language.factory("captionie_dates", assigns=["doc.spans"], default_config={})
def make_date_recognizer(nlp: Language, name: str) -> DateRecognizer:
    return DateRecognizer()
