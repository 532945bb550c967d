"""Building the SPEC section 2 output record from a processed Doc."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from captionie.mentions import ALL_FIELDS, LIST_FIELDS, get_store

#: The keys of a mention store's data that :func:`record_from_store` reads.
RECORD_KEYS: tuple[str, ...] = ("text", *ALL_FIELDS, "warnings")


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
    record: dict[str, Any] = {"id": record_id, "text": data["text"], "meta": meta if meta is not None else {}}
    if source:
        record["source"] = source
    credits = data["credit"]
    if copy:
        for name in LIST_FIELDS:
            record[name] = [_copy(mention) for mention in data[name]]
        record["credit"] = _copy(credits[0]) if credits else None
    else:
        for name in LIST_FIELDS:
            record[name] = data[name]
        record["credit"] = credits[0] if credits else None
    record["warnings"] = [*(warnings or []), *data["warnings"]]
    return record


def _copy(mention: dict[str, Any]) -> dict[str, Any]:
    """A mention's dict, its list value (expedition numbers) copied too."""
    copied = dict(mention)
    if isinstance(copied["value"], list):
        copied["value"] = list(copied["value"])
    return copied
