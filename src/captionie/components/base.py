"""What every captionie component shares: run ``find`` on a Doc, store and publish mentions."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from spacy.tokens import Doc

from captionie.pipeline.mentions import Mention, MentionStore, get_store, publish_spans, register_extensions

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
        return self.run(doc, get_store(doc))

    def run(self, doc: Doc, store: MentionStore) -> Doc:
        """``__call__`` with the store in hand: :func:`captionie.pipeline.run_pipeline` calls
        this directly, which spares each component a ``doc._`` lookup (a few µs each).  Batch
        runs (:func:`captionie.pipeline.run_pipeline_batch`) block the URLs once and call
        :meth:`find` and ``store.add`` themselves, so a subclass puts its work in :meth:`find`."""
        block_urls(store)
        store.add(self.field, self.find(doc, store))
        if store.data.get("publish_spans", True):
            publish_spans(doc, self.field, self.label)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:  # pragma: no cover - abstract
        raise NotImplementedError


#: Every ``_URL`` match holds one of these, matched with the same flags: a caption without
#: any is not scanned (``_URL`` is tried at every word start, and one caption in fifty has a URL).
_URL_MARK = re.compile(r"://|www\.|\.(?:gov|com|org|net|edu|int)", re.IGNORECASE)


def block_urls(store: MentionStore) -> None:
    """Block the caption's URLs for every field, once per caption."""
    if not store.data["urls_blocked"]:
        text = store.text
        if may_hold_url(text):
            for match in _URL.finditer(text):
                store.block(match.start(), match.end(), "url")
        store.data["urls_blocked"] = True


def may_hold_url(text: str) -> bool:
    """False only when ``_URL`` cannot match ``text``."""
    return _URL_MARK.search(text) is not None


def longest_non_overlapping(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (earliest on ties), in text order —
    the same policy as ``spacy.util.filter_spans``: the longest mentions are kept first, and
    a mention overlapping one kept is dropped."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if not any(mention.overlaps(other.start, other.end) for other in kept):
            kept.append(mention)
    kept.sort(key=lambda m: m.start)
    return kept
