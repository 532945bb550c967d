"""Building the SPEC section 2 output record from a processed Doc."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from captionie.mentions import LIST_FIELDS, get_store


def build_record(doc: Doc, record_id: str | None = None, meta: dict[str, Any] | None = None,
                 warnings: list[str] | None = None, source: str | None = None) -> dict[str, Any]:
    """The output record: id, text, meta, one list per field, credit, warnings.

    ``source`` (``file:line``) is an extension key, written only when known.
    """
    store = get_store(doc)
    record: dict[str, Any] = {"id": record_id, "text": store.text, "meta": meta if meta is not None else {}}
    if source:
        record["source"] = source
    for name in LIST_FIELDS:
        record[name] = [dict(mention) for mention in store.get(name)]
    credits = store.get("credit")
    record["credit"] = dict(credits[0]) if credits else None
    record["warnings"] = [*(warnings or []), *store.warnings]
    return record
