"""Normalizing a date span: ISO values through dateparser, and the year of a date written
without one (the caption's other dates, its image ids, its metadata)."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from captionie.components.dates.grammar import DateParts
from captionie.matching.image_id_shapes import image_id_shapes
from captionie.pipeline.mentions import MentionStore


@lru_cache(maxsize=1)
def _date_parsers() -> tuple[Any, Any]:
    """dateparser's ``DateDataParser`` for a day and for a month, built once:
    ``dateparser.parse`` builds its settings and language data on every call, which costs
    milliseconds a date.  Imported on first use, which keeps importing captionie quick."""
    from dateparser.date import DateDataParser

    day = DateDataParser(languages=["en"], settings={"DATE_ORDER": "YMD", "REQUIRE_PARTS": ["day", "month", "year"]})
    month = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]})
    return day, month


@lru_cache(maxsize=65536)
def normalize_date(year: int, month: int | None, day: int | None) -> str | None:
    """ISO value of a date through dateparser (cached: the same few thousand dates recur across
    an archive, and a dateparser call costs about a millisecond).  None when the date does
    not exist (Feb. 30)."""
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


def date_value(parts: DateParts, year: int | None) -> tuple[str | None, str]:
    """The value and precision of a date read as ``parts``, in ``year`` when it has none of
    its own (None: no year known); the value is None when the date does not exist or a
    range ends before it starts."""
    if parts.month is None:  # a year or a range of years
        assert parts.year is not None
        if parts.end_year:
            return f"{parts.year:04d}/{parts.end_year:04d}", "year"
        return f"{parts.year:04d}", "year"
    is_range = parts.end_day is not None or parts.end_month is not None
    month, day = parts.month, parts.day
    end_month = parts.end_month or month
    end_day = parts.end_day if parts.end_day is not None else day
    if year is None:
        if day is None:
            value = f"--{month:02d}"
            if is_range:
                if end_month <= month:
                    return None, ""
                value += f"/--{end_month:02d}"
            return value, "month_no_year"
        if not _valid_day_without_year(month, day):
            return None, ""
        value = f"--{month:02d}-{day:02d}"
        if is_range:
            assert end_day is not None
            if (end_month, end_day) <= (month, day) or not _valid_day_without_year(end_month, end_day):
                return None, ""
            value += f"/--{end_month:02d}-{end_day:02d}"
        return value, "day_no_year"
    last_year = parts.end_year or year
    if parts.end_year is None and end_month < month:
        year -= 1  # 28 Dec.-3 Jan. 1969: the range starts in the year before
    precision = "month" if day is None else "day"
    first = normalize_date(year, month, day)
    if first is None:
        return None, ""
    if not is_range:
        return first, precision
    last = normalize_date(last_year, end_month, end_day)
    if last is None or last <= first:
        return None, ""
    return f"{first}/{last}", precision


def nearest_year(position: int, years: list[tuple[int, int]]) -> int | None:
    """The year of the closest preceding dated mention, else the closest following one
    (``years``: ``(start, year)`` of the dated mentions, in text order)."""
    before = [year for start, year in years if start < position]
    if before:
        return before[-1]
    after = [year for start, year in years if start > position]
    return after[0] if after else None


def context_year(store: MentionStore) -> int | None:
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
