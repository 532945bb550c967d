"""Turning a raw caption into the text captionie analyses (SPEC section 2, ``text``).

Offsets in every output record index the *cleaned* text, so cleaning happens once, before
any component runs: HTML markup dropped (link text kept, entities decoded), mojibake such as
``St. Basilâ€™s`` repaired with ftfy.  Whatever changed, the caller keeps the raw original
in ``meta.raw_text`` and a warning says what was done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

_MARKUP = re.compile(r"<[A-Za-z/!][^<>]*>|&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Characters that only appear in text when UTF-8 was decoded as Latin-1/cp1252.
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00e2\u00c5\u00d0\u00d1][\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]")


@dataclass(slots=True)
class CleanText:
    """The analysed text and what cleaning did to get it."""

    text: str
    changed: bool = False
    warnings: list[str] = field(default_factory=list)


class _TextCollector(HTMLParser):
    """Keeps text content and drops tags; ``convert_charrefs`` decodes entities."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def strip_markup(text: str) -> str:
    """Drop HTML tags and decode entities, keeping link text."""
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    return "".join(collector.parts)


#: ASCII characters around the non-ASCII part of a text that ftfy is shown (see
#: :func:`repair_mojibake`): more than the widest ASCII context any of its rules reads (6).
MOJIBAKE_CONTEXT = 32
_FIRST_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LAST_NON_ASCII = re.compile(r".*[^\x00-\x7f]", re.DOTALL)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 damage; only the encoding fix, quotes and width untouched.

    ftfy is run on the stretch from the first to the last non-ASCII character, with
    :data:`MOJIBAKE_CONTEXT` characters on each side, and the ASCII beyond is kept as is:
    ~275 -> ~125 µs a damaged caption of ``benchmarks/corpus.py``, and the same text.  Why it
    is the same (read off ftfy 6.3, hence its lower bound): ASCII is written alike by every
    encoding ftfy tries and decodes alike as UTF-8, never starts or continues a multi-byte
    sequence, and every rule ftfy decides by (badness, the byte-A0 and lossy-sequence repairs,
    the UTF-8 detector) matches a non-ASCII character with at most six characters of context
    either side.  A stretch that starts mid-text starts with ASCII, so ftfy's one
    start-of-text rule (``^[ÃÂ] ``) cannot match there.  U+001A is the exception: ftfy's
    "sloppy" encodings read it as a lost byte, so a text holding it is repaired whole.
    ``tests/test_shortcuts.py`` checks the result against ``ftfy.fix_encoding`` on the whole."""
    first = _FIRST_NON_ASCII.search(text)
    if first is None:
        return text  # ftfy returns ASCII as it is
    if "\x1a" in text:
        return _fix_encoding(text)  # the one ASCII character ftfy reads as a lost byte: all of it
    start = max(0, first.start() - MOJIBAKE_CONTEXT)
    end = min(len(text), _LAST_NON_ASCII.match(text).end() + MOJIBAKE_CONTEXT)  # type: ignore[union-attr]
    return text[:start] + _fix_encoding(text[start:end]) + text[end:]


@lru_cache(maxsize=1024)
def _fix_encoding(text: str) -> str:
    """``ftfy.fix_encoding``, cached: archives repeat their damaged captions, and the same
    damaged phrases."""
    import ftfy  # imported lazily: most captions never need it

    return ftfy.fix_encoding(text)


def may_hold_mojibake(text: str) -> bool:
    """False only when ``_MOJIBAKE_HINT`` cannot match: its first character is never ASCII.
    ``str.isascii`` reads a flag of the string, where a scan of ``re``'s character class costs
    ~5 ns a character (1.9 µs a caption); most captions are ASCII."""
    return not text.isascii()


def may_hold_markup(text: str) -> bool:
    """False only when ``_MARKUP`` cannot match: every match starts with "<" or "&", and
    ``in`` finds a character faster than ``re`` scans for a class (3.3 µs a caption)."""
    return "<" in text or "&" in text


#: A surrogate code point: in a ``str`` always unpaired (a JSON ``"\\ud800"`` escape read as is),
#: and no UTF-8 encoder, spaCy's string store included, can take one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_caption(raw: str) -> CleanText:
    """Return the text to analyse and the warnings describing any change from ``raw``."""
    text = raw
    warnings: list[str] = []
    if not text.isascii() and _SURROGATE.search(text):
        # One character for one, so the offsets into the text still index the raw caption.
        text = _SURROGATE.sub("\ufffd", text)
        warnings.append("lone surrogates replaced by U+FFFD")
    if may_hold_mojibake(text) and _MOJIBAKE_HINT.search(text):
        repaired = repair_mojibake(text)
        if repaired != text:
            text = repaired
            warnings.append("mojibake repaired")
    if may_hold_markup(text) and _MARKUP.search(text):
        stripped = strip_markup(text)
        if stripped != text:
            text = stripped
            warnings.append("html markup removed")
    if "\ufffd" in text:
        warnings.append("text contains U+FFFD replacement characters (lost bytes)")
    return CleanText(text=text, changed=text != raw, warnings=warnings)
