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


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


@dataclass(frozen=True, slots=True)
class ImageIdHit:
    """One identifier found in text: offsets, the rule that matched, the year it encodes."""

    start: int
    end: int
    text: str
    rule: str
    year: int | None


class ImageIdShapes:
    """All id rules compiled once into one alternation, longest match first."""

    def __init__(self) -> None:
        self._rules = resources.regex_rules("image_ids")
        self._compiled = [(rule, rule.compile()) for rule in self._rules]
        # One scan that every id matches (the rules' union, case-insensitive, groups unnamed):
        # most captions hold no id, and one scan costs a tenth of eleven.
        union = "|".join(f"(?:{_NAMED_GROUP.sub('(?:', rule.regex)})" for rule in self._rules)
        self._any = re.compile(union, re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[ImageIdHit]:
        """Non-overlapping ids in text order (the longest wins where rules overlap)."""
        if self._any.search(text) is None:
            return
        hits: list[ImageIdHit] = []
        for rule, pattern in self._compiled:
            for match in pattern.finditer(text):
                hits.append(self._hit(rule.id, rule.year_group, match))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        last_end = -1
        for hit in hits:
            if hit.start >= last_end:
                last_end = hit.end
                yield hit

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
