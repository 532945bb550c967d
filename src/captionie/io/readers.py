"""Reading captions from every input form (the README lists them), streaming.

One reader per form (blank-line ``.txt``, line-per-caption ``.txt`` with title / image-id
lines, ``.jsonl``, ``.csv``, NASA Image and Video Library API ``.json``).  Readers never raise
on a bad record: they yield a :class:`ReadError` naming ``file:line`` and the reason, so a
batch run can account for every input unit (one record or one error each).
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple, TextIO, Union

from captionie.matching.image_id_shapes import image_id_shapes

TEXT_KEYS: tuple[str, ...] = ("text", "description", "caption")
ID_KEYS: tuple[str, ...] = ("id", "nasa_id")
SUFFIXES: frozenset[str] = frozenset({".txt", ".jsonl", ".ndjson", ".csv", ".json"})


@dataclass(slots=True)
class Caption:
    """One caption as read: its id, raw text, untouched metadata and where it came from."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    warnings: list[str] = field(default_factory=list)



@dataclass(slots=True)
class ReadError:
    """An input unit that could not become a caption, with ``file:line`` and a reason."""

    id: str
    source: str
    error: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "source": self.source, "error": self.error}


ReadItem = Union[Caption, ReadError]


# --------------------------------------------------------------------------- text dumps

_SENTENCE_END = re.compile(r"[.!?;:,\"”’)\]]\s*$")
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")


def is_title_line(line: str) -> bool:
    """A short heading such as ``Expedition 65 Red Square Visit``: few words, no sentence
    punctuation at its end and no sentence break inside."""
    stripped = line.strip()
    if not stripped or len(stripped) > 120 or len(stripped.split()) > 16:
        return False
    if _SENTENCE_END.search(stripped) or ". " in stripped:
        return False
    return stripped[0].isupper() or stripped[0].isdigit()


def _attachment(line: str) -> tuple[str, str] | None:
    """The meta key a line would attach as (image_id, url or title), or None for a caption."""
    stripped = line.strip()
    if image_id_shapes().fullmatch(stripped):
        return "image_id", stripped
    if _URL_ONLY.match(stripped):
        return "url", stripped
    if is_title_line(stripped):
        return "title", stripped
    return None


#: A line longer than this is skipped as one error record: reading it whole could exhaust memory
#: and no caption is that long (the analysed text is capped far lower, ``pipeline.MAX_CHARS``).
MAX_LINE_BYTES = 32 * 2**20
_CHUNK = 2**20


class Line(NamedTuple):
    """One input line: its 1-based number, its text, whether invalid UTF-8 was replaced, and
    its length in bytes when it was too long to read (then ``text`` is empty)."""

    number: int
    text: str
    bad_bytes: bool = False
    oversize: int = 0


def _decode_lines(handle: io.BufferedIOBase | TextIO, path: str) -> Iterator[Line]:
    """Lines with 1-based numbers, decoded as UTF-8 (BOM dropped); invalid bytes are replaced
    and flagged so the caption can carry a warning instead of the run crashing.  A line over
    :data:`MAX_LINE_BYTES` is read through in chunks and reported by size, never held."""
    lineno = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n" if isinstance(raw, bytes) else "\n"):
            size = len(raw)
            while True:
                rest = handle.readline(_CHUNK)
                size += len(rest)
                if not rest or rest.endswith(b"\n" if isinstance(rest, bytes) else "\n"):
                    break
            yield Line(lineno, "", False, size)
            continue
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
                bad = False
            except UnicodeDecodeError:
                line = raw.decode("utf-8", errors="replace")
                bad = True
        else:
            line, bad = raw, False
        if lineno == 1 and line.startswith("\ufeff"):
            line = line[1:]
        yield Line(lineno, line.rstrip("\r\n"), bad)


def _oversize_error(line: Line, stem: str, path: str) -> ReadError:
    return ReadError(f"{stem}:{line.number}", f"{path}:{line.number}",
                     f"line is {line.oversize / 2**20:.0f} MB, over the {MAX_LINE_BYTES // 2**20} MB limit; skipped")


_DECODE_WARNING = "invalid UTF-8 bytes replaced with U+FFFD"


def read_text_dump(lines: Iterable[Line], stem: str, path: str, paragraph_mode: bool) -> Iterator[ReadItem]:
    """Captions of a ``.txt`` dump: blank-line paragraphs, or one caption per line with
    title / image-id / URL lines attached to the caption before them.  A line too long to
    read ends the caption before it and becomes an error record of its own."""
    counter = 0
    if paragraph_mode:
        block: list[Line] = []
        for line in itertools.chain(lines, [Line(0, "")]):
            if line.oversize or not line.text.strip():
                if block:
                    counter += 1
                    yield _paragraph_caption(block, stem, path, counter)
                    block = []
                if line.oversize:
                    yield _oversize_error(line, stem, path)
                continue
            block.append(line)
        return
    pending: Caption | None = None
    for line in lines:
        if line.oversize:
            if pending is not None:
                yield pending
                pending = None
            yield _oversize_error(line, stem, path)
            continue
        if not line.text.strip():
            continue
        attach = _attachment(line.text) if pending is not None else None
        if attach is not None and pending is not None and attach[0] not in pending.meta:
            pending.meta[attach[0]] = attach[1]
            continue
        if pending is not None:
            yield pending
        counter += 1
        pending = Caption(id=f"{stem}:{counter}", text=line.text, source=f"{path}:{line.number}",
                          warnings=[_DECODE_WARNING] if line.bad_bytes else [])
    if pending is not None:
        yield pending


def _paragraph_caption(block: list[Line], stem: str, path: str, counter: int) -> Caption:
    meta: dict[str, Any] = {}
    lines = [line.text for line in block]
    # A heading line over a caption ("Half-Moon and Soyuz\nThe half-moon is ...") is a title.
    if len(lines) >= 2 and is_title_line(lines[0]) and len(" ".join(lines[1:])) >= 40:
        meta["title"] = lines[0].strip()
        lines = lines[1:]
    if len(lines) >= 2:
        hit = image_id_shapes().fullmatch(lines[-1])
        if hit:
            meta["image_id"] = hit.text
            lines = lines[:-1]
    warnings = [_DECODE_WARNING] if any(line.bad_bytes for line in block) else []
    return Caption(id=f"{stem}:{counter}", text="\n".join(lines), meta=meta,
                   source=f"{path}:{block[0].number}", warnings=warnings)


def _has_inner_blank_line(path: Path) -> bool:
    """Blank-line separated dumps have a blank line *between* two text lines; leading and
    trailing blank lines (``002_*.txt``) do not make a file paragraph-separated."""
    seen_text = blank_after_text = False
    with path.open("rb") as handle:
        for raw in handle:
            if raw.strip():
                if blank_after_text:
                    return True
                seen_text = True
            elif seen_text:
                blank_after_text = True
    return False


# --------------------------------------------------------------------------- records

def caption_from_record(obj: Any, fallback_id: str, source: str = "") -> ReadItem:
    """A caption from a JSON-like record (text in ``text``/``description``/``caption``, id in
    ``id``/``nasa_id``, every other key kept as metadata), or the reason it is not one."""
    if not isinstance(obj, dict):
        return ReadError(fallback_id, source, f"record is a JSON {type(obj).__name__}, not an object")
    record_id = next((str(obj[k]) for k in ID_KEYS if obj.get(k) not in (None, "")), fallback_id)
    key = next((k for k in TEXT_KEYS if k in obj and obj[k] is not None), None)
    if key is None:
        return ReadError(record_id, source, f"no text field (expected one of {', '.join(TEXT_KEYS)})")
    text = obj[key]
    if not isinstance(text, str):
        return ReadError(record_id, source, f"field {key!r} is not a string (got {type(text).__name__})")
    meta = {k: v for k, v in obj.items() if k != key}
    return Caption(id=record_id, text=text, meta=meta, source=source)


class _NotJSONNumber(ValueError):
    """A number token JSON cannot hold, with the token as written (the decoder's hooks are not
    told where it stands, so :func:`_line_of_token` finds it)."""

    def __init__(self, token: str, reason: str) -> None:
        super().__init__(reason)
        self.token = token


def _not_a_number(name: str) -> float:
    raise _NotJSONNumber(name, f"{name} is not a JSON number")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        raise _NotJSONNumber(literal, f"number {literal[:40]} is too large for a float")
    return value


#: A JSON string (skipped) or a bare token outside strings: a constant or a number as written.
_STRING_OR_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|(?P<token>-?(?:Infinity|NaN)|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)')


def _line_of_token(text: str, token: str) -> int:
    """The line of the first ``token`` outside a string: the one the decoder, which reads in
    text order and stops at the first, raised on (1 should it not be found)."""
    for found in _STRING_OR_TOKEN.finditer(text):
        if found.group("token") == token:
            return text.count("\n", 0, found.start()) + 1
    return 1


#: Standard JSON only.  Python's ``json`` reads NaN, Infinity and -Infinity (not JSON) and turns
#: a number too large for a float (1e400) into infinity; none can be written back as JSON (the
#: output line would hold ``null`` or fail), so a record holding one is an error record.
_JSON = json.JSONDecoder(parse_constant=_not_a_number, parse_float=_finite_float)


def read_jsonl(lines: Iterable[Line], stem: str, path: str) -> Iterator[ReadItem]:
    """One JSON object per line; blank lines are skipped, a malformed line is an error."""
    for line in lines:
        where, fallback = f"{path}:{line.number}", f"{stem}:{line.number}"
        if line.oversize:
            yield _oversize_error(line, stem, path)
            continue
        if not line.text.strip():
            continue
        try:
            obj = _JSON.decode(line.text)
        except json.JSONDecodeError as exc:
            yield ReadError(fallback, where, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        except ValueError as exc:
            yield ReadError(fallback, where, f"invalid JSON: {exc}")
            continue
        except RecursionError:
            yield ReadError(fallback, where, "invalid JSON: nested too deeply")
            continue
        item = caption_from_record(obj, fallback, where)
        if line.bad_bytes and isinstance(item, Caption):
            item.warnings.append(_DECODE_WARNING)
        yield item


@contextlib.contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    """The csv module's field size limit (one for the whole process) raised to ``limit`` for a
    block and put back after it, so reading a CSV file changes nothing for the caller."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, limit))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv(handle: TextIO, stem: str, path: str) -> Iterator[ReadItem]:
    """A header row, then one caption per row, same column names as JSONL.  A row the csv
    module cannot parse (a field over the size limit) is an error record; reading goes on."""
    reader = csv.DictReader(handle)
    try:
        with _csv_field_limit(MAX_LINE_BYTES):
            fieldnames = reader.fieldnames
    except csv.Error as exc:
        yield ReadError(f"{stem}:1", f"{path}:1", f"unreadable CSV header: {exc}")
        return
    if fieldnames is None:
        return
    while True:
        try:
            with _csv_field_limit(MAX_LINE_BYTES):
                row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            lineno = reader.reader.line_num  # DictReader's own count stops at the last good row
            yield ReadError(f"{stem}:{lineno}", f"{path}:{lineno}", f"unreadable CSV row: {exc}")
            continue
        lineno = reader.line_num
        if None in row:  # more cells than header columns
            yield ReadError(f"{stem}:{lineno}", f"{path}:{lineno}", "row has more cells than the header")
            continue
        yield caption_from_record(dict(row), f"{stem}:{lineno}", f"{path}:{lineno}")


def read_json_document(text: str, stem: str, path: str) -> Iterator[ReadItem]:
    """A NASA Image and Video Library API response, or a plain JSON list of records."""
    try:
        doc = _JSON.decode(text)
    except json.JSONDecodeError as exc:
        yield ReadError(f"{stem}:{exc.lineno}", f"{path}:{exc.lineno}", f"invalid JSON: {exc.msg}")
        return
    except _NotJSONNumber as exc:
        line = _line_of_token(text, exc.token)
        yield ReadError(f"{stem}:{line}", f"{path}:{line}", f"invalid JSON: {exc}")
        return
    except ValueError as exc:  # an integer past Python's digit limit: not told where it is
        yield ReadError(f"{stem}:1", f"{path}:1", f"invalid JSON: {exc}")
        return
    except RecursionError:
        yield ReadError(f"{stem}:1", f"{path}:1", "invalid JSON: nested too deeply")
        return
    if isinstance(doc, dict) and isinstance(doc.get("collection"), dict):
        items = doc["collection"].get("items", [])
        for index, item in enumerate(items, start=1):
            fallback = f"{stem}:{index}"
            data = item.get("data") if isinstance(item, dict) else None
            if not isinstance(data, list) or not data or not isinstance(data[0], dict):
                yield ReadError(fallback, f"{path}:item:{index}", "item has no data[0] object")
                continue
            yield caption_from_record(data[0], fallback, f"{path}:item:{index}")
        return
    if isinstance(doc, list):
        for index, obj in enumerate(doc, start=1):
            yield caption_from_record(obj, f"{stem}:{index}", f"{path}:item:{index}")
        return
    yield ReadError(f"{stem}:1", f"{path}:1", "JSON is neither a NASA API collection nor a list of records")


# --------------------------------------------------------------------------- dispatch

def _iter_paths(path: Path, on_skip: Callable[[Path], None] | None = None) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if not child.is_file():
                continue
            if child.suffix.lower() in SUFFIXES:
                yield child
            elif on_skip is not None:
                on_skip(child)
    else:
        yield path


#: Bytes sniffed at the start of a file to tell text from binary.
_SNIFF_BYTES = 8192


def _binary_reason(path: Path) -> str | None:
    """Why ``path`` is not a text file of captions, or None: NUL bytes in its first 8 KB
    (images, archives, UTF-16 text) mean the bytes are not UTF-8 text."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text; convert it to UTF-8"
    if b"\x00" in head:
        return "binary file (NUL bytes), not text"
    return None


def read_file(path: Path) -> Iterator[ReadItem]:
    """Captions of one file, by its extension (``.txt`` when unknown).  A binary file, or a
    file with no caption in it, is one error record naming the file."""
    stem = path.stem
    where = str(path)
    reason = _binary_reason(path)
    if reason is not None:
        yield ReadError(stem, where, reason)
        return
    yield from _or_error(_read_by_suffix(path, stem, where), lambda: ReadError(
        stem, where, "empty file" if path.stat().st_size == 0 else "no captions in file"))


def _or_error(items: Iterable[ReadItem], when_empty: Callable[[], ReadError]) -> Iterator[ReadItem]:
    """``items``, or one error when there are none: an input that yields nothing must still
    show up in a batch run's accounting."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        yield when_empty()


def _read_by_suffix(path: Path, stem: str, where: str) -> Iterator[ReadItem]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with path.open("rb") as handle:
            yield from read_jsonl(_decode_lines(handle, where), stem, where)
    elif suffix == ".csv":
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            yield from read_csv(handle, stem, where)
    elif suffix == ".json":
        yield from read_json_document(path.read_text(encoding="utf-8-sig", errors="replace"), stem, where)
    else:
        paragraph_mode = _has_inner_blank_line(path)
        with path.open("rb") as handle:
            yield from read_text_dump(_decode_lines(handle, where), stem, where, paragraph_mode)


def read_stdin(stream: io.BufferedIOBase | TextIO | None = None) -> Iterator[ReadItem]:
    """Standard input: JSONL when the first non-blank character is ``{``, else a text dump.
    Read as bytes, so invalid UTF-8 is replaced with a warning like in files."""
    source = stream if stream is not None else sys.stdin.buffer
    data = source.read()
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    lines = _decode_lines(io.BytesIO(data), "<stdin>")
    if data.lstrip()[:1] == b"{":
        items = read_jsonl(lines, "stdin", "<stdin>")
    else:
        inner_blank = re.search(rb"\S[^\S\n]*\n[^\S\n]*\n\s*\S", data) is not None
        items = read_text_dump(lines, "stdin", "<stdin>", inner_blank)
    yield from _or_error(items, lambda: ReadError("stdin", "<stdin>", "empty input" if not data else "no captions in input"))


def read(*paths: Union[str, Path], on_skip: Callable[[Path], None] | None = None) -> Iterator[ReadItem]:
    """Every caption (or read error) of every input, in input order.

    ``paths`` may be files, folders (read recursively, sorted, known extensions only) or
    ``"-"`` for standard input.  Files in a folder with another extension (images, notes) are
    not read; ``on_skip`` is told about each, so a command line can say how many.
    """
    for raw in paths:
        if str(raw) == "-":
            yield from read_stdin()
            continue
        path = Path(raw)
        if not path.exists():
            yield ReadError(path.stem or str(path), str(path), "no such file or directory")
            continue
        try:
            file_paths = list(_iter_paths(path, on_skip))
        except OSError as exc:
            yield ReadError(path.stem or str(path), str(path), f"cannot list: {exc.strerror or exc}")
            continue
        if path.is_dir() and not file_paths:
            yield ReadError(path.name or str(path), str(path), f"no caption files ({', '.join(sorted(SUFFIXES))}) in directory")
            continue
        for file_path in file_paths:
            try:
                yield from read_file(file_path)
            except OSError as exc:
                yield ReadError(file_path.stem, str(file_path), f"cannot read: {exc.strerror or exc}")
