"""Turning a raw caption into the text captionie analyses (the record's ``text``).

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


@lru_cache(maxsize=1024)
def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 damage with ``ftfy.fix_encoding`` (only the encoding fix:
    quotes and width are left alone).  Cached because cleaning runs before a batch looks a
    caption up in its result cache, and archives repeat their damaged captions."""
    import ftfy  # imported lazily: most captions never need it

    return ftfy.fix_encoding(text)


#: A surrogate code point: in a ``str`` always unpaired (a JSON ``"\\ud800"`` escape read as is),
#: and no UTF-8 encoder, spaCy's string store included, can take one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_caption(raw: str) -> CleanText:
    """Return the text to analyse and the warnings describing any change from ``raw``."""
    text = raw
    warnings: list[str] = []
    # Only non-ASCII text can hold a surrogate or mojibake, and only text with "<" or "&"
    # markup: ``str.isascii`` and ``in`` answer without a regex scan of every caption.
    if not text.isascii() and _SURROGATE.search(text):
        # One character for one, so the offsets into the text still index the raw caption.
        text = _SURROGATE.sub("\ufffd", text)
        warnings.append("lone surrogates replaced by U+FFFD")
    if not text.isascii() and _MOJIBAKE_HINT.search(text):
        repaired = repair_mojibake(text)
        if repaired != text:
            text = repaired
            warnings.append("mojibake repaired")
    if ("<" in text or "&" in text) and _MARKUP.search(text):
        stripped = strip_markup(text)
        if stripped != text:
            text = stripped
            warnings.append("html markup removed")
    if "\ufffd" in text:
        warnings.append("text contains U+FFFD replacement characters (lost bytes)")
    return CleanText(text=text, changed=text != raw, warnings=warnings)
