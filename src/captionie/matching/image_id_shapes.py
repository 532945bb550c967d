"""The shapes of NASA image identifiers (``patterns/image_ids.jsonl``), usable without spaCy.

Readers need them to recognise a line that is only an image id (``003_*.txt``), the
image-id component needs them to find ids in text, and date inference needs the year an id
encodes (``jsc2013e013823`` -> 2013, ``S74-20831`` -> 1974).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from captionie import resources


@dataclass(frozen=True, slots=True)
class ImageIdHit:
    """One identifier found in text: offsets, the rule that matched, the year it encodes."""

    start: int
    end: int
    text: str
    rule: str
    year: int | None


#: A digit right after a letter, or after a letter and a dash: the end of the letters an id
#: starts with (``[a-z]`` ignoring case, as in ``patterns/image_id_starts.json``).
_DIGIT_AFTER_LETTER = re.compile(r"\d(?:(?<=[a-z]\d)|(?<=[a-z]-\d))", re.IGNORECASE)


class ImageIdShapes:
    """All id rules compiled once, tried where an id can start, longest match first."""

    def __init__(self) -> None:
        self._rules = resources.regex_rules("image_ids")
        self._compiled = [(rule, rule.compile()) for rule in self._rules]
        #: Where an id can start (``patterns/image_id_starts.json``): the rules are tried only
        #: there, not each at every position of the text.
        starts = resources.vocabulary("image_id_starts")
        #: Ids that start with two digits (``61C-32-089``, ``68-HC-123``) are few: their starts
        #: are one scan of a pattern that opens with a digit.
        self.digit_start_pattern = re.compile(starts["digit_regex"], re.IGNORECASE)
        self.start_pattern = re.compile(f"{starts['regex']}|{starts['digit_regex']}", re.IGNORECASE)

    def starts(self, text: str) -> list[int]:
        """Every position where :attr:`start_pattern` matches, ascending.

        A match is a letter at a word start, at most four more letters, perhaps a dash, then a
        digit; so it is looked for in the five places before each digit that follows a letter
        (or a letter and a dash).  Digits are few, and a scan of the whole text for the start
        pattern, which ignores case and so is tried at every position, is slow."""
        found: set[int] = set()
        for digit in _DIGIT_AFTER_LETTER.finditer(text):
            end = digit.start() - (text[digit.start() - 1] == "-")
            found.update(start for start in range(max(0, end - 5), end) if self.start_pattern.match(text, start))
        found.update(hit.start() for hit in self.digit_start_pattern.finditer(text))
        return sorted(found)

    def finditer(self, text: str) -> Iterator[ImageIdHit]:
        """Non-overlapping ids in text order: leftmost first, the longest where rules match at
        the same place, and the scan goes on past the id found.  Every id starts where
        :attr:`start_pattern` matches (a test checks each rule)."""
        position = 0
        for start in self.starts(text):
            if start < position:
                continue
            best: ImageIdHit | None = None
            for rule, pattern in self._compiled:
                match = pattern.match(text, start)
                if match is not None and match.end() > start and (best is None or match.end() > best.end):
                    best = self._hit(rule.id, rule.year_group, match)
            if best is not None:
                yield best
                position = best.end

    def fullmatch(self, text: str) -> ImageIdHit | None:
        """The id when ``text`` (stripped) is exactly one identifier, else None."""
        stripped = text.strip()
        for rule, pattern in self._compiled:
            match = pattern.fullmatch(stripped)
            if match:
                return self._hit(rule.id, rule.year_group, match)
        return None

    def year_of(self, identifier: str) -> int | None:
        hit = self.fullmatch(identifier)
        return hit.year if hit else None

    @staticmethod
    def _hit(rule_id: str, year_group: str | None, match: re.Match[str]) -> ImageIdHit:
        year: int | None = None
        if year_group:
            digits = match.group(year_group)
            year = int(digits) if len(digits) == 4 else _century_of(int(digits))
        return ImageIdHit(match.start(), match.end(), match.group(0), rule_id, year)


def _century_of(two_digits: int) -> int:
    """The year a two-digit year of an id names: NASA's photo numbering began in the 1940s
    (NACA ``E54-``), so 00-39 are this century's (``KSC-01pp0123``)."""
    return 2000 + two_digits if two_digits < 40 else 1900 + two_digits


@lru_cache(maxsize=1)
def image_id_shapes() -> ImageIdShapes:
    """The process-wide compiled id shapes."""
    return ImageIdShapes()
