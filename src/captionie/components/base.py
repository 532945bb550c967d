"""What every captionie component shares: run ``find`` on a Doc, store and publish mentions."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from spacy.tokens import Doc

from captionie.mentions import Mention, MentionStore, get_store, publish_spans, register_extensions

# Host labels are bounded ({1,63}, at most 8 of them): an unbounded ``[\w.-]+\.gov`` rescans
# the rest of the text from every word start of "12.12.12...", quadratic in the caption length.
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+|\b(?:[\w-]{1,63}\.){1,8}(?:gov|com|org|net|edu|int)\b(?:/[^\s<>\"]*)?",
                  re.IGNORECASE)


class FieldRecognizer:
    """Base class of the per-field components.

    Subclasses implement :meth:`find`, which reads ``doc`` and the mentions earlier
    components stored, and returns this field's mentions.  Components hold only compiled
    regexes, PhraseMatchers and plain data, so they pickle (``nlp.pipe(n_process=2)``).
    """

    field: str = ""
    label: str = ""

    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        store = get_store(doc)
        if not store.data["urls_blocked"]:
            for match in _URL.finditer(store.text):
                store.block(match.start(), match.end(), "url")
            store.data["urls_blocked"] = True
        store.add(self.field, self.find(doc, store))
        if store.data.get("publish_spans", True):
            publish_spans(doc, self.field, self.label)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:  # pragma: no cover - abstract
        raise NotImplementedError


def longest_non_overlapping(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (earliest on ties), in text order —
    the same policy as ``spacy.util.filter_spans``."""
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), m.start))
    kept: list[Mention] = []
    for mention in ordered:
        if not any(mention.overlaps(k.start, k.end) for k in kept):
            kept.append(mention)
    kept.sort(key=lambda m: m.start)
    return kept
