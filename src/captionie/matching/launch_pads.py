"""Launch pads written in the many ways press captions write them, named by their complex.

``Pad 39A``, ``launch pad 39-B``, ``Launch Pad 17-A``, ``Pad A`` (of ``Pad A, Launch Complex 39``),
``Space Launch Complex 17, Pad A`` and ``Launch Complex 36, Pad B`` all name one pad, whose
canonical name is ``Launch Complex <n><letter>``; ``Pad 19`` or ``Launch Pad 40`` (no letter)
name the complex, ``Launch Complex <n>``.  The caller maps that form to its gazetteer entry
(``Launch Complex 40`` is an alias of ``Space Launch Complex 40``).
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

_NUMBER = r"(?P<n>\d{1,2}(?:/\d{1,2})?)"
_LETTER = r"(?P<x>[AB])"
_PAD = r"(?:[Ll]aunch\s+)?(?:[Pp]ad|PAD)"
_COMPLEX = r"(?:(?:Space\s+)?Launch\s+)?Complex"

_PAD_PATTERN = re.compile(
    # Pad A, Launch Complex 39
    rf"(?P<p1>{_PAD}\s+(?P<x1>[AB]))\s*,?\s+(?:at\s+|of\s+)?{_COMPLEX}\s+(?P<n2>\d{{1,2}})\b"
    # Launch Complex 36, Pad B
    rf"|{_COMPLEX}[\s-]+(?P<n3>\d{{1,2}})\s*,\s+{_PAD}\s+(?P<x3>[AB])\b"
    # Pad 39A, launch pad 39-B, Launch Pad 40
    rf"|{_PAD}\s+{_NUMBER}(?:-?{_LETTER})?(?![\w-])"
    # Launch Complex 39-A, Complex 17-B
    rf"|(?:Space\s+)?Launch\s+Complex\s+(?P<n4>\d{{1,2}})-(?P<x4>[AB])\b"
)


#: Every shape holds one of these; the scan starts a little before the first of them.
_CUES = ("pad ", "Pad ", "PAD ", "Complex")


def _first(text: str, cue: str) -> int:
    position = text.find(cue)
    return len(text) if position < 0 else position


class PadHit(NamedTuple):
    """A pad or complex written at ``start:end`` whose canonical form is ``form``."""

    start: int
    end: int
    form: str


def may_hold_pad(text: str) -> bool:
    """False when ``text`` cannot hold a pad (no "pad ", "Pad ", "PAD " or "Complex")."""
    return "ad " in text and ("pad " in text or "Pad " in text) or "PAD " in text or "Complex" in text


def find_pads(text: str) -> Iterator[PadHit]:
    """Every pad or complex written in one of the module's shapes, in text order."""
    if not may_hold_pad(text):
        return
    for match in _PAD_PATTERN.finditer(text, max(0, min(_first(text, cue) for cue in _CUES) - 24)):
        groups = match.groupdict()
        number = groups["n2"] or groups["n3"] or groups["n"] or groups["n4"]
        letter = groups["x1"] or groups["x"] or groups["x3"] or groups["x4"] or ""
        # "Pad A, Launch Complex 39": the pad is one mention, the complex (a gazetteer form) another.
        start, end = match.span("p1") if groups["p1"] else match.span()
        yield PadHit(start, end, f"Launch Complex {number}{letter}")
