"""One output record as one line of JSON: compact, ASCII-only, every number written exactly.

``orjson`` writes the shortest form that reads back to the same float (srsly's bundled ujson
rounds floats to about ten significant digits and fails on integers beyond 64 bits).  It writes
non-ASCII characters as UTF-8, so they are escaped afterwards as ``\\uXXXX`` (surrogate pairs
above U+FFFF), as ``json.dumps`` does: the lines stay ASCII.

What orjson refuses (integers beyond 64 bits, lone surrogates, non-string keys) goes through
the standard library's encoder.  JSON has no NaN or infinity: no record holds one, because the
readers turn NaN, Infinity and numbers too large for a float into error records, and the
gazetteers' numbers are checked finite when they are loaded.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_STANDARD = json.JSONEncoder(separators=(",", ":"), allow_nan=False)


def dumps_line(record: Any) -> str:
    """``record`` as compact ASCII JSON (no newline)."""
    try:
        raw = orjson.dumps(record)
    except TypeError:  # orjson.JSONEncodeError: a >64-bit int, a lone surrogate, ...
        return _STANDARD.encode(record)
    return ascii_line(raw)


def ascii_line(raw: bytes) -> str:
    """orjson's UTF-8 output with its non-ASCII characters escaped as JSON ``\\uXXXX``."""
    text = raw.decode("utf-8")
    return text if text.isascii() else _NON_ASCII.sub(_escape, text)


_NON_ASCII = re.compile("[^\x00-\x7f]")


def _escape(match: re.Match[str]) -> str:
    """One character as JSON escapes (characters past U+FFFF as a surrogate pair)."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
