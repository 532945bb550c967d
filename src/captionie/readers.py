"""Reading captions from every input form of SPEC section 1, streaming.

One reader per form (blank-line ``.txt``, line-per-caption ``.txt`` with title / image-id
lines, ``.jsonl``, ``.csv``, NASA Image and Video Library API ``.json``).  Readers never raise
on a bad record: they yield a :class:`ReadError` naming ``file:line`` and the reason, so a
batch run can account for every input unit (one record or one error each).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO, Union

from captionie.image_id_shapes import image_id_shapes

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


def _decode_lines(handle: io.BufferedIOBase | TextIO, path: str) -> Iterator[tuple[int, str, bool]]:
    """Lines with 1-based numbers, decoded as UTF-8 (BOM dropped); invalid bytes are replaced
    and flagged so the caption can carry a warning instead of the run crashing."""
    for lineno, raw in enumerate(handle, start=1):
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
        yield lineno, line.rstrip("\r\n"), bad


_DECODE_WARNING = "invalid UTF-8 bytes replaced with U+FFFD"


def read_text_dump(lines: Iterable[tuple[int, str, bool]], stem: str, path: str, paragraph_mode: bool) -> Iterator[Caption]:
    """Captions of a ``.txt`` dump: blank-line paragraphs, or one caption per line with
    title / image-id / URL lines attached to the caption before them."""
    counter = 0
    if paragraph_mode:
        block: list[tuple[int, str, bool]] = []
        for item in (*lines, (0, "", False)):
            if item[1].strip():
                block.append(item)
                continue
            if not block:
                continue
            counter += 1
            yield _paragraph_caption(block, stem, path, counter)
            block = []
        return
    pending: Caption | None = None
    for lineno, line, bad in lines:
        if not line.strip():
            continue
        attach = _attachment(line) if pending is not None else None
        if attach is not None and pending is not None and attach[0] not in pending.meta:
            pending.meta[attach[0]] = attach[1]
            continue
        if pending is not None:
            yield pending
        counter += 1
        pending = Caption(id=f"{stem}:{counter}", text=line, source=f"{path}:{lineno}",
                          warnings=[_DECODE_WARNING] if bad else [])
    if pending is not None:
        yield pending


def _paragraph_caption(block: list[tuple[int, str, bool]], stem: str, path: str, counter: int) -> Caption:
    meta: dict[str, Any] = {}
    lines = [line for _, line, _ in block]
    # A heading line over a caption ("Half-Moon and Soyuz\nThe half-moon is ...") is a title.
    if len(lines) >= 2 and is_title_line(lines[0]) and len(" ".join(lines[1:])) >= 40:
        meta["title"] = lines[0].strip()
        lines = lines[1:]
    if len(lines) >= 2:
        hit = image_id_shapes().fullmatch(lines[-1])
        if hit:
            meta["image_id"] = hit.text
            lines = lines[:-1]
    warnings = [_DECODE_WARNING] if any(bad for _, _, bad in block) else []
    return Caption(id=f"{stem}:{counter}", text="\n".join(lines), meta=meta,
                   source=f"{path}:{block[0][0]}", warnings=warnings)


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
        return ReadError(record_id, source, f"field {key!r} is a {type(text).__name__}, not a string")
    meta = {k: v for k, v in obj.items() if k != key}
    return Caption(id=record_id, text=text, meta=meta, source=source)


def read_jsonl(lines: Iterable[tuple[int, str, bool]], stem: str, path: str) -> Iterator[ReadItem]:
    """One JSON object per line; blank lines are skipped, a malformed line is an error."""
    for lineno, line, _bad in lines:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(f"{stem}:{lineno}", f"{path}:{lineno}", f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        yield caption_from_record(obj, f"{stem}:{lineno}", f"{path}:{lineno}")


def read_csv(handle: TextIO, stem: str, path: str) -> Iterator[ReadItem]:
    """A header row, then one caption per row, same column names as JSONL."""
    reader = csv.DictReader(handle)
    if reader.fieldnames is None:
        return
    for row in reader:
        lineno = reader.line_num
        if None in row:  # more cells than header columns
            yield ReadError(f"{stem}:{lineno}", f"{path}:{lineno}", "row has more cells than the header")
            continue
        yield caption_from_record(dict(row), f"{stem}:{lineno}", f"{path}:{lineno}")


def read_json_document(text: str, stem: str, path: str) -> Iterator[ReadItem]:
    """A NASA Image and Video Library API response, or a plain JSON list of records."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadError(f"{stem}:{exc.lineno}", f"{path}:{exc.lineno}", f"invalid JSON: {exc.msg}")
        return
    if isinstance(doc, dict) and isinstance(doc.get("collection"), dict):
        items = doc["collection"].get("items", [])
        for index, item in enumerate(items, start=1):
            fallback = f"{stem}:{index}"
            data = item.get("data") if isinstance(item, dict) else None
            if not isinstance(data, list) or not data or not isinstance(data[0], dict):
                yield ReadError(fallback, f"{path}:item {index}", "item has no data[0] object")
                continue
            yield caption_from_record(data[0], fallback, f"{path}:item:{index}")
        return
    if isinstance(doc, list):
        for index, obj in enumerate(doc, start=1):
            yield caption_from_record(obj, f"{stem}:{index}", f"{path}:item:{index}")
        return
    yield ReadError(f"{stem}:1", f"{path}:1", "JSON is neither a NASA API collection nor a list of records")


# --------------------------------------------------------------------------- dispatch

def _iter_paths(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix.lower() in SUFFIXES:
                yield child
    else:
        yield path


def read_file(path: Path) -> Iterator[ReadItem]:
    """Captions of one file, by its extension (``.txt`` when unknown)."""
    stem = path.stem
    where = str(path)
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


def read_stdin(stream: TextIO | None = None) -> Iterator[ReadItem]:
    """Standard input: JSONL when the first non-blank character is ``{``, else a text dump."""
    text = (stream or sys.stdin).read()
    lines = [(i, line, False) for i, line in enumerate(text.splitlines(), start=1)]
    first = text.lstrip()[:1]
    if first == "{":
        yield from read_jsonl(lines, "stdin", "<stdin>")
        return
    inner_blank = re.search(r"\S[^\S\n]*\n[^\S\n]*\n\s*\S", text) is not None
    yield from read_text_dump(lines, "stdin", "<stdin>", inner_blank)


def read(*paths: Union[str, Path]) -> Iterator[ReadItem]:
    """Every caption (or read error) of every input, in input order.

    ``paths`` may be files, folders (read recursively, sorted, known extensions only) or
    ``"-"`` for standard input.
    """
    for raw in paths:
        if str(raw) == "-":
            yield from read_stdin()
            continue
        path = Path(raw)
        if not path.exists():
            yield ReadError(path.stem or str(path), str(path), "no such file or directory")
            continue
        for file_path in _iter_paths(path):
            try:
                yield from read_file(file_path)
            except OSError as exc:
                yield ReadError(file_path.stem, str(file_path), f"cannot read: {exc.strerror or exc}")
