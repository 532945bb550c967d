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


class ImageIdShapes:
    """All id rules compiled once, tried where an id can start, longest match first."""

    def __init__(self) -> None:
        self._rules = resources.regex_rules("image_ids")
        self._compiled = [(rule, rule.compile()) for rule in self._rules]
        # Where an id can start (``patterns/image_id_starts.json``).  It begins with a character
        # class, so ``re`` skips to the next possible first letter in C: 13 µs a caption, where
        # a scan for the eleven rules' union cost 30 µs.  The word-start test comes after the
        # letter ("(?<!\w.)": the character before it is not a word character) because a
        # leading assertion would turn that skipping off.
        self._starts = re.compile(resources.vocabulary("image_id_starts")["regex"], re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[ImageIdHit]:
        """Non-overlapping ids in text order (the longest wins where rules overlap).

        The rules are tried, anchored, only where an id can start, left to right; an id found
        moves the scan past its end.  Every id starts where ``_starts`` matches (a test checks
        each rule), so this is the leftmost-longest scan of all eleven rules."""
        position = 0
        for candidate in self._starts.finditer(text):
            start = candidate.start()
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
