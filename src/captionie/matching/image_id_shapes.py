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


#: What ``[a-z]`` matches ignoring case (a test checks it over every code point).
_ID_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\u0130\u0131\u017f\u212a")
#: A digit right after an id letter, or after an id letter and a dash.
_DIGIT_AFTER_LETTER = re.compile(
    r"\d(?:(?<=[A-Za-z\u0130\u0131\u017f\u212a]\d)|(?<=[A-Za-z\u0130\u0131\u017f\u212a]-\d))"
)
#: :data:`_DIGIT_AFTER_LETTER` for ASCII text, where ``\d`` and ``[0-9]`` match the same
#: characters: ``re`` tests ``\d`` at each position through the Unicode digit table, ``[0-9]``
#: with one comparison (~1.5 µs a caption less on the corpus).
_ASCII_DIGIT_AFTER_LETTER = re.compile(r"[0-9](?:(?<=[A-Za-z][0-9])|(?<=[A-Za-z]-[0-9]))")


@dataclass(frozen=True, slots=True)
class ImageIdHit:
    """One identifier found in text: offsets, the rule that matched, the year it encodes."""

    start: int
    end: int
    text: str
    rule: str
    year: int | None


class ImageIdShapes:
    """All id rules compiled once, tried where an id can start, longest match first."""

    def __init__(self) -> None:
        self._rules = resources.regex_rules("image_ids")
        self._compiled = [(rule, rule.compile()) for rule in self._rules]
        # Where an id can start (``patterns/image_id_starts.json``), matched at the places
        # :meth:`starts` finds: a scan for the eleven rules' union at every position cost 30 µs
        # a caption, one for this pattern 14 µs, the digit-first search 6 µs.
        self._starts = re.compile(resources.vocabulary("image_id_starts")["regex"], re.IGNORECASE)

    def starts(self, text: str) -> Iterator[int]:
        """Every position where ``_starts`` matches, ascending: the places an id can start.

        ``_starts`` ignores case, and ``re`` skips to a leading class's characters in C only in
        a case-sensitive pattern, so a scan for it stops at every a, i, n, s ... of the text
        (13 µs a caption).  But a ``_starts`` match is a letter, at most four more letters
        (``[a-z]`` ignoring case: :data:`_ID_LETTERS`), perhaps a dash, then a digit: that digit
        follows a letter, or a letter and a dash, which :data:`_DIGIT_AFTER_LETTER` finds (digits
        are few).  The letters before it, at most five, must begin at a word start, which is
        where the letter run begins; ``_starts`` is then matched there (14 -> 6 µs a caption)."""
        match = self._starts.match
        digits = _ASCII_DIGIT_AFTER_LETTER if text.isascii() else _DIGIT_AFTER_LETTER
        for hit in digits.finditer(text):
            end = hit.start()
            if text[end - 1] == "-":
                end -= 1
            start = end - 1
            while start > 0 and end - start < 5 and text[start - 1] in _ID_LETTERS:
                start -= 1
            if match(text, start):
                yield start

    def finditer(self, text: str) -> Iterator[ImageIdHit]:
        """Non-overlapping ids in text order (the longest wins where rules overlap).

        The rules are tried, anchored, only where an id can start, left to right; an id found
        moves the scan past its end.  Every id starts where ``_starts`` matches (a test checks
        each rule), so this is the leftmost-longest scan of all eleven rules."""
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
            year = int(digits) if len(digits) == 4 else 1900 + int(digits)
        return ImageIdHit(match.start(), match.end(), match.group(0), rule_id, year)


@lru_cache(maxsize=1)
def image_id_shapes() -> ImageIdShapes:
    """The process-wide compiled id shapes."""
    return ImageIdShapes()
