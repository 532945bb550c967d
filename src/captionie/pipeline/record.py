"""Building the output record (docs/output-format.md) from a processed Doc."""

from __future__ import annotations

from typing import Any

import orjson
from spacy.tokens import Doc

from captionie.pipeline.mentions import LIST_FIELDS, get_store


def build_record(doc: Doc, record_id: str | None = None, meta: dict[str, Any] | None = None,
                 warnings: list[str] | None = None, source: str | None = None) -> dict[str, Any]:
    """The output record: id, text, meta, one list per field, credit, warnings.

    ``source`` (``file:line``) is an extension key, written only when known.
    """
    return record_from_store(get_store(doc).data, record_id, meta, warnings, source)


def record_from_store(data: dict[str, Any], record_id: str | None = None, meta: dict[str, Any] | None = None,
                      warnings: list[str] | None = None, source: str | None = None) -> dict[str, Any]:
    """:func:`build_record` from a mention store's data (a Doc's, or a cached one).  Every
    mention is copied, so no two records share a mutable value."""
    record: dict[str, Any] = {"id": record_id, "text": data["text"], "meta": meta if meta is not None else {}}
    if source:
        record["source"] = source
    for name in LIST_FIELDS:
        record[name] = [_copy(mention) for mention in data[name]]
    credits = data["credit"]
    record["credit"] = _copy(credits[0]) if credits else None
    record["warnings"] = [*(warnings or []), *data["warnings"]]
    return record


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
    object every time, and bytes take a fraction of the memory of the dicts they hold."""
    try:
        written = orjson.dumps(_fields(data))
    except TypeError:  # orjson.JSONEncodeError
        return None
    # orjson's bytes keep the buffer it grew while writing; a copy holds only the bytes.
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
