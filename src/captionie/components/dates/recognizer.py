"""The dates component: calendar dates, months and years that name a point in time."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from captionie.components.base import FieldRecognizer, component_meta
from captionie.components.dates.grammar import DateGrammar, DateParts, date_grammar
from captionie.components.dates.normalize import context_year, date_value, nearest_year
from captionie.pipeline.mentions import Mention, MentionStore

# Words that end a number-bearing name ("Expedition 17 May 8" is not the 17th of May).
_NUMBERED_NAME_BEFORE = re.compile(
    r"(?:Expeditions?|Site|Pad|Complex|Apollo|Gemini|Skylab|Landsat|Sputnik|Crew|No\.|Number|Station|Soyuz|Progress|Ax|TMA|MS)[\s-]*$"
)


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
        grammar = self.grammar
        raw: list[tuple[int, int, DateParts, str]] = []
        taken: list[tuple[int, int]] = []

        def free(start: int, end: int) -> bool:
            return not store.is_blocked(start, end) and not any(s < end and start < e for s, e in taken)

        word_starts = grammar.word_starts(text)
        for match in grammar.dates(text, word_starts):
            parts, rule = grammar.parts(match)
            start, end = match.start(), match.end()
            if parts is None:
                continue
            if rule == "date.dmy" and _NUMBERED_NAME_BEFORE.search(text, 0, start):
                # "Expedition 17 May 8": read month first from the month on, if that is a date.
                retry = grammar.full.match(text, match.start("dmy_m"))
                if retry is None:
                    continue
                parts, rule = grammar.parts(retry)
                start, end = retry.start(), retry.end()
                if parts is None:
                    continue
            if grammar.after_mid(text, start) or not free(start, end):
                continue
            end = len(text[start:end].rstrip(" ,")) + start
            raw.append((start, end, parts, rule))
            taken.append((start, end))
        for match in grammar.years(text, word_starts):
            start, end = match.start("y"), match.end()
            if not free(start, end) or grammar.quantity_after.match(text, end):
                continue
            if grammar.after_mid(text, start):
                continue
            y2 = match.group("y2")
            year = int(match.group("y"))
            if y2 and int(y2) <= year:
                continue
            parts = DateParts(year, None, None, end_year=int(y2) if y2 else None)
            raw.append((start, end, parts, "date.year_range" if y2 else "date.year"))
            taken.append((start, end))
        for match in grammar.months(text, word_starts):
            start, end = match.span("mo_m")
            end = start + len(text[start:end].rstrip("."))
            if not free(start, end) or grammar.after_mid(text, start):
                continue
            month = grammar.month_of[text[start:end].rstrip(".").lower()]
            raw.append((start, end, DateParts(None, month, None), "date.month"))
            taken.append((start, end))
        for item in list(raw):
            for extra in self._list_items(text, item):
                if free(extra[0], extra[1]):
                    raw.append(extra)
                    taken.append((extra[0], extra[1]))
        raw.sort(key=lambda item: item[0])
        return self._normalize(text, _share_list_years(text, _join_between(text, raw), self.grammar), store)

    def _list_items(self, text: str, item: tuple[int, int, DateParts, str]) -> list[tuple[int, int, DateParts, str]]:
        """The further items of a list a date without a year opens: the days of "June 16, 20
        and 25, 1995" (``20``, ``25, 1995``) and the month of "March or April"."""
        start, end, parts, rule = item
        grammar = self.grammar
        if parts.year is not None or parts.month is None or parts.end_day or parts.end_month:
            return []
        if parts.day is not None and rule == "date.mdy":
            tail = grammar.day_list.match(text, end)
            if tail is None:
                return []
            found = []
            for day in grammar.list_day.finditer(text, tail.start(), tail.end()):
                year = day.group("y")
                found.append((day.start(), day.end(), DateParts(int(year) if year else None, parts.month,
                                                                int(day.group("d").rstrip("stndrh"))), "date.list_day"))
            return found
        if parts.day is None and rule == "date.month":
            tail = grammar.month_list.match(text, end)
            if tail is None:
                return []
            month = grammar.month_of[tail.group("m").rstrip(".").lower()]
            m_start, m_end = tail.span("m")
            m_end = m_start + len(text[m_start:m_end].rstrip("."))
            return [(m_start, m_end, DateParts(None, month, None), "date.month")]
        return []


    # ------------------------------------------------------------------ normalizing
    def _normalize(self, text: str, raw: list[tuple[int, int, DateParts, str]], store: MentionStore) -> list[Mention]:
        # A full day-month-year date lends its year first; "in July 2004" or a bare year in the
        # same caption is often another event than the one the caption shows, so those come
        # after the year of the caption's image ids and metadata.
        explicit_years = [(start, parts.year) for start, _, parts, _ in raw if parts.year is not None and parts.day]
        other_years = [(start, parts.year) for start, _, parts, _ in raw if parts.year is not None and not parts.day]
        # The context's year is read only when a date has no year of its own (it tries every
        # id rule on every image id: most captions need none of it).
        fallback: list[int | None] = []
        mentions: list[Mention] = []
        for start, end, parts, rule in raw:
            attrs: dict[str, Any] = {}
            year = parts.year
            if year is None:
                year = nearest_year(start, explicit_years)
                if not year:
                    if not fallback:
                        fallback.append(context_year(store))
                    year = fallback[0] or nearest_year(start, other_years)
                if year is not None:
                    attrs["year_inferred"] = True
            value, precision = date_value(parts, year)
            if value is None:
                store.warnings.append(f"unparseable date {text[start:end]!r} at {start}")
                continue
            mentions.append(Mention(start, end, text[start:end], value, rule, {"precision": precision, **attrs}))
        return mentions


_BETWEEN = re.compile(r"\b[Bb]etween\s++$")
_AND = re.compile(r"(?<!\s)\s++and\s++")


def _join_between(text: str, raw: list[tuple[int, int, DateParts, str]]) -> list[tuple[int, int, DateParts, str]]:
    """Joins "between Oct. 31 and Nov. 7, 1995" into one range from the first date to the second
    ("between" outside); years are joined so by the year pattern itself."""
    joined: list[tuple[int, int, DateParts, str]] = []
    i = 0
    while i < len(raw):
        start, end, first, rule = raw[i]
        if i + 1 < len(raw):
            _, last_end, last, _ = raw[i + 1]
            if (first.day and last.day and first.month and last.month and not first.end_day and not last.end_day
                    and _AND.fullmatch(text, end, raw[i + 1][0]) and _BETWEEN.search(text, max(0, start - 12), start)):
                year = first.year or last.year
                parts = DateParts(year, first.month, first.day, last.day,
                                  last.year if last.year and last.year != year else None,
                                  last.month if last.month != first.month else None)
                joined.append((start, last_end, parts, "date.mdy_range" if rule == "date.mdy" else "date.dmy_range"))
                i += 2
                continue
        joined.append(raw[i])
        i += 1
    return joined


def _share_list_years(text: str, raw: list[tuple[int, int, DateParts, str]], grammar: DateGrammar
                      ) -> list[tuple[int, int, DateParts, str]]:
    """Items of a list ("June 16, 20 and 25, 1995", "April and May 1974") are days or months of
    the year written after the last one: each takes it, as written rather than inferred."""
    shared = list(raw)
    for i in range(len(shared) - 2, -1, -1):
        start, end, parts, rule = shared[i]
        later = shared[i + 1][2]
        if (parts.year is None and parts.month is not None and later.year is not None and later.month is not None
                and not parts.end_month and not later.end_month and (parts.day is None) == (later.day is None)
                and grammar.list_joint.fullmatch(text, end, shared[i + 1][0])):
            shared[i] = (start, end, replace(parts, year=later.year), rule)
    return shared


@Language.factory("captionie_dates", **component_meta("dates", reads=("image_ids", "credit")))
def make_date_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> DateRecognizer:
    return DateRecognizer().configure(spans_key, annotate_ents)
