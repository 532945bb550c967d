"""One output record as one line of JSON: compact, ASCII-only, every number written exactly.

Why not ``srsly.json_dumps`` (the bundled ujson), which wrote the lines before: it rounds
floats to about ten significant digits (a ``meta`` value of 0.1234567890123 came out as
0.123456789, 123456789.123 as 123456789.1229999959), fails on integers beyond 64 bits, and at
~16 µs a record was 5% of a batch run.  ``orjson`` writes the shortest form that reads back to
the same float, in about half the time.  It writes non-ASCII characters as UTF-8, so they are
escaped afterwards as ``\\uXXXX`` (surrogate pairs above U+FFFF), as ujson and ``json.dumps``
do: the lines stay ASCII, and a record without floats is byte for byte what srsly wrote.

What orjson refuses (integers beyond 64 bits, lone surrogates, non-string keys) goes through
the standard library's encoder.  JSON has no NaN or infinity, and orjson writes them as
``null``: no record holds one, because the readers turn NaN, Infinity and numbers too large
for a float in their input into error records (``readers.py``), and the gazetteers' numbers
are checked finite when they are loaded.
"""

from __future__ import annotations

import codecs
import json
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
    """orjson's UTF-8 output with its non-ASCII characters escaped (what :func:`dumps_line`
    writes; ``record.record_line`` joins a line from pieces orjson wrote).

    The ASCII encoder copies the ASCII stretches in C and hands each run of other characters
    to :func:`_json_escapes`; a regex substitution over the whole line took ~1.7 times as
    long (20 -> 12 µs a line that needs it, one in five of the corpus's)."""
    text = raw.decode("utf-8")
    return text if text.isascii() else text.encode("ascii", _JSON_ESCAPES).decode("ascii")


def _json_escapes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a run of characters ASCII cannot hold, as JSON ``\\uXXXX``
    escapes (characters past U+FFFF as surrogate pairs)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(map(_escape, error.object[error.start:error.end])), error.end


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_JSON_ESCAPES = "captionie.json_escapes"
codecs.register_error(_JSON_ESCAPES, _json_escapes)
