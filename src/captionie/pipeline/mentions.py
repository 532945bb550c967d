"""The mention model shared by every component, and the Doc extensions that carry it.

Components do not talk to each other through ``doc.ents`` (one label per token, no overlaps)
but through a per-Doc :class:`MentionStore`: a dict of field -> list of :class:`Mention`
with exact character offsets.  Offsets are authoritative: spaCy ``Span`` objects in
``doc.spans["captionie_<field>"]`` are a token-aligned view of the same mentions for spaCy
users, but a regex hit inside a token (``NASA /Victor Zelentsov``) keeps its exact offsets here.

Every mention remembers the ``rule`` that produced it, so an error report can say which
rule misfired (medspaCy/Presidio habit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, Iterable

from spacy.tokens import Doc, Span

#: The record's list fields, in the order records are written.
LIST_FIELDS: tuple[str, ...] = (
    "image_ids",
    "dates",
    "expeditions",
    "spacecraft",
    "crew",
    "agencies",
    "locations",
)
#: Every field a record carries besides id/text/meta/warnings.
ALL_FIELDS: tuple[str, ...] = LIST_FIELDS + ("credit",)

SPAN_GROUP_PREFIX = "captionie_"


@dataclass(slots=True)
class Mention:
    """One extracted mention: exact ``text`` at ``start:end`` of the caption, a normalized
    ``value``, the ``rule`` that found it and field-specific ``attrs`` (kind, role, ...)."""

    start: int
    end: int
    text: str
    value: Any
    rule: str
    attrs: dict[str, Any] = field(default_factory=dict)

    def overlaps(self, start: int, end: int) -> bool:
        """True when this mention shares at least one character with ``[start, end)``."""
        return self.start < end and start < self.end

    def to_json(self) -> dict[str, Any]:
        """The output form of this mention (plus the ``rule`` extension key)."""
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, **self.attrs,
                "rule": self.rule}


@dataclass(slots=True)
class CaptionContext:
    """What a caption's metadata tells the extractor beyond its text: the image ids and the
    creation date attached by a reader (``003_*.txt`` image-id lines, NASA API ``nasa_id``),
    used to infer the year of a date written without one."""

    image_ids: tuple[str, ...] = ()
    date_created: str | None = None


class MentionStore:
    """Mentions of one Doc by field (in their JSON form), the regions other fields must not
    claim (the credit line, URLs), warnings and the caption's context.

    The state is a plain dict kept in ``doc.user_data`` so a Doc still serializes with
    ``doc.to_bytes()`` (msgpack) — which ``nlp.pipe(n_process>1)`` relies on.  This class is
    a thin view over that dict.
    """

    __slots__ = ("data",)

    def __init__(self, data: dict[str, Any] | None = None, context: CaptionContext | None = None,
                 text: str = "") -> None:
        if data is None:
            context = context or CaptionContext()
            data = {name: [] for name in ALL_FIELDS}
            data.update(text=text, blocked=[], warnings=[], urls_blocked=False, publish_spans=True, last_ran="",
                        context={"image_ids": list(context.image_ids), "date_created": context.date_created})
        self.data = data

    @property
    def text(self) -> str:
        """The Doc's text, kept once: ``Doc.text`` rebuilds the string from every token on each
        access."""
        return self.data["text"]

    def add(self, field_name: str, mentions: Iterable[Mention]) -> None:
        """Store mentions of ``field_name`` in text order."""
        bucket = self.data[field_name]
        bucket.extend(m.to_json() for m in mentions)
        # By start, the longer first at the same start; mentions with the same span keep the
        # order they were added in (the sort is stable).
        bucket.sort(key=lambda m: (m["start"], -m["end"]))

    def get(self, field_name: str) -> list[dict[str, Any]]:
        """The field's mentions as JSON dicts (``text``, ``start``, ``end``, ``value``, ...)."""
        return self.data[field_name]

    @property
    def warnings(self) -> list[str]:
        return self.data["warnings"]

    @property
    def context(self) -> CaptionContext:
        ctx = self.data["context"]
        return CaptionContext(tuple(ctx["image_ids"]), ctx["date_created"])

    def block(self, start: int, end: int, reason: str) -> None:
        """Mark ``[start, end)`` as a region no later entity field may claim (an empty
        region holds no character to claim, so it is not kept)."""
        if start < end:
            self.data["blocked"].append([start, end, reason])

    def occupied(self, fields: tuple[str, ...]) -> bytes:
        """One byte per character: 1 where a mention of one of ``fields`` or a blocked region
        lies, else 0.  A component that asks about many spans (crew: every capitalized word)
        builds it once and tests a span with ``mask.find(1, start, end) >= 0``: whether a
        mention of ``fields`` or a blocked region overlaps that non-empty span.  (Components
        never store an empty mention, and :meth:`block` does not keep an empty region:
        neither covers a character.)"""
        data = self.data
        text_length = len(data["text"])
        spans = [(m["start"], m["end"]) for name in fields for m in data[name]]
        spans += [(start, end) for start, end, _ in data["blocked"]]
        mask = bytearray(text_length)
        for start, end in spans:
            end = min(end, text_length)  # a slice assignment past the end would grow the mask
            if start < end:
                mask[start:end] = b"\x01" * (end - start)
        return bytes(mask)

    def overlaps(self, fields: tuple[str, ...], start: int, end: int) -> bool:
        """``occupied(fields).find(1, start, end) >= 0`` without building the mask: whether a
        mention of ``fields`` or a blocked region overlaps the non-empty span ``[start, end)``.
        For a component that asks about a few spans, not about every word."""
        for name in fields:
            for mention in self.data[name]:
                if mention["start"] < end and start < mention["end"]:
                    return True
        return self.is_blocked(start, end)

    def is_blocked(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a blocked region."""
        for blocked_start, blocked_end, _ in self.data["blocked"]:
            if blocked_start < end and start < blocked_end:
                return True
        return False


def register_extensions() -> None:
    """Declare the Doc extensions captionie uses (idempotent; every component calls it)."""
    if not Doc.has_extension("captionie_store"):
        Doc.set_extension("captionie_store", default=None)
    if not Doc.has_extension("captionie"):
        Doc.set_extension("captionie", getter=_record_getter)
    for name in ALL_FIELDS:
        if not Doc.has_extension(f"captionie_{name}"):
            Doc.set_extension(f"captionie_{name}", getter=partial(_field_getter, name))


def _field_getter(field_name: str, doc: Doc) -> list[dict[str, Any]]:
    """``doc._.captionie_<field>``: the field's mentions (the credit's list holds one at most)."""
    return get_store(doc).get(field_name)


def _record_getter(doc: Doc) -> dict[str, Any]:
    from captionie.pipeline.record import build_record

    return build_record(doc)


def get_store(doc: Doc) -> MentionStore:
    """The Doc's mention store, created on first use."""
    data = doc._.captionie_store
    if data is None:
        store = MentionStore(text=doc.text)
        doc._.captionie_store = store.data
        return store
    return MentionStore(data)


def publish_spans(doc: Doc, field_name: str, label: str, key: str) -> list[Span]:
    """Mirror ``field_name``'s mentions into ``doc.spans[key]`` as token spans (expanded to
    token boundaries) for spaCy users and displaCy, and return them.

    Each span carries the normalized value in ``kb_id_`` and the producing rule in ``id_``;
    the store stays the source of truth for exact character offsets.
    """
    spans: list[Span] = []
    for mention in get_store(doc).get(field_name):
        span = doc.char_span(mention["start"], mention["end"], label=label, alignment_mode="expand")
        if span is None:
            continue
        span.kb_id_ = _value_key(mention["value"])
        span.id_ = mention["rule"]
        spans.append(span)
    doc.spans[key] = spans
    return spans


def _value_key(value: Any) -> str:
    if isinstance(value, list):
        return "/".join(str(v) for v in value)
    return "" if value is None else str(value)
