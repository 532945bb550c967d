"""Building the SPEC section 2 output record from a processed Doc."""

from __future__ import annotations

from typing import Any

import orjson
from spacy.tokens import Doc

from captionie.io.json_lines import ascii_line
from captionie.pipeline.mentions import LIST_FIELDS, get_store


def build_record(doc: Doc, record_id: str | None = None, meta: dict[str, Any] | None = None,
                 warnings: list[str] | None = None, source: str | None = None) -> dict[str, Any]:
    """The output record: id, text, meta, one list per field, credit, warnings.

    ``source`` (``file:line``) is an extension key, written only when known.
    """
    return record_from_store(get_store(doc).data, record_id, meta, warnings, source)


def record_from_store(data: dict[str, Any], record_id: str | None = None, meta: dict[str, Any] | None = None,
                      warnings: list[str] | None = None, source: str | None = None,
                      copy: bool = True) -> dict[str, Any]:
    """:func:`build_record` from a mention store's data (a Doc's, or a cached one: every
    mention is copied, so no two records share a mutable value).  ``copy=False`` shares the
    mention lists with ``data``: only for a record that is read and dropped (serialized to a
    JSON line, fingerprinted), never handed to a caller who could change it."""
    record = _head(record_id, data["text"], meta, source)
    if copy:
        credits = data["credit"]
        for name in LIST_FIELDS:
            record[name] = [_copy(mention) for mention in data[name]]
        record["credit"] = _copy(credits[0]) if credits else None
    else:
        record.update(_fields(data))
    record["warnings"] = [*(warnings or []), *data["warnings"]]
    return record


def _head(record_id: str | None, text: str, meta: dict[str, Any] | None, source: str | None) -> dict[str, Any]:
    """A record's keys before its fields: id, text, meta and (when known) source.  Shared by
    :func:`record_from_store` and :func:`record_line`, whose lines must be the same bytes."""
    head: dict[str, Any] = {"id": record_id, "text": text, "meta": meta if meta is not None else {}}
    if source:
        head["source"] = source
    return head


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    """A record's fields from a mention store's data, uncopied: the mention lists, then the
    credit (the first one found, or None)."""
    fields = {name: data[name] for name in LIST_FIELDS}
    credits = data["credit"]
    fields["credit"] = credits[0] if credits else None
    return fields


def _copy(mention: dict[str, Any]) -> dict[str, Any]:
    """A mention's dict, its list value (expedition numbers) copied too."""
    copied = dict(mention)
    if isinstance(copied["value"], list):
        copied["value"] = list(copied["value"])
    return copied


#: What a batch run's result cache keeps of a caption's result (:func:`stored_result`): the
#: JSON of its fields as its record holds them (the mention lists, then the credit), and the
#: warnings the run added.
StoredResult = tuple[bytes, tuple[str, ...]]


def stored_result(data: dict[str, Any]) -> StoredResult | None:
    """A mention store's data as the result cache keeps it, or None when JSON cannot hold
    it as is (an integer beyond 64 bits, a lone surrogate): that caption is run again when it
    recurs.  Bytes, because a record read back from them (:func:`data_from_stored`) is a new
    object every time and a JSON line is spliced from them as they are (:func:`record_line`);
    and a cache entry of bytes takes a third of the memory of the dicts and lists it holds
    (~2.1 KB against ~6.1 KB, measured with tracemalloc)."""
    try:
        written = orjson.dumps(_fields(data))
    except TypeError:  # orjson.JSONEncodeError
        return None
    # orjson's bytes keep the buffer it grew while writing, about twice their length
    # (tracemalloc: 6.2 KB held for a 1.9 KB result); a copy holds only the bytes.
    return memoryview(written).tobytes(), tuple(data["warnings"])


def data_from_stored(text: str, stored: StoredResult) -> dict[str, Any]:
    """The part of a mention store's data :func:`record_from_store` reads, made anew from a
    :func:`stored_result` (so a record built from it shares nothing with the cache)."""
    data: dict[str, Any] = orjson.loads(stored[0])
    credit = data.pop("credit")
    data["credit"] = [credit] if credit is not None else []
    data["text"] = text
    data["warnings"] = list(stored[1])
    return data


def record_line(stored: StoredResult, text: str, record_id: str | None = None, meta: dict[str, Any] | None = None,
                warnings: list[str] | None = None, source: str | None = None) -> str:
    """``json_lines.dumps_line(record_from_store(...))`` of the record a stored result makes,
    byte for byte, joined from orjson's pieces without building the record: its head (id,
    text, meta, source), the stored fields, its warnings.  A repeat answered from the cache
    costs ~10 µs less this way (no JSON read back, no record, the fields not written again).
    Raises ``TypeError`` where orjson cannot write the head or the warnings (an integer beyond
    64 bits in ``meta``, a lone surrogate): the caller then writes the record itself, as
    ``dumps_line`` does."""
    return ascii_line(b"".join((
        orjson.dumps(_head(record_id, text, meta, source))[:-1], b",", stored[0][1:-1],
        b',"warnings":', orjson.dumps([*(warnings or []), *stored[1]]), b"}",
    )))
