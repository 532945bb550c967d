"""What every captionie component shares: run ``find`` on a Doc, store and publish mentions."""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, TypeVar

from spacy.tokens import Doc

from spacy.util import filter_spans

from captionie.components import PIPELINE_FIELDS
from captionie.resources import kb_ids
from captionie.pipeline.mentions import (
    SPAN_GROUP_PREFIX,
    Mention,
    MentionStore,
    get_store,
    publish_spans,
    register_extensions,
)

# Host labels are bounded ({1,63}, at most 8 of them): an unbounded ``[\w.-]+\.gov`` rescans
# the rest of the text from every word start of "12.12.12...", quadratic in the caption length.
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+|\b(?:[\w-]{1,63}\.){1,8}(?:gov|com|org|net|edu|int)\b(?:/[^\s<>\"]*)?",
                  re.IGNORECASE)


def component_meta(field: str, reads: tuple[str, ...] = ()) -> dict[str, Any]:
    """The ``@Language.factory`` declarations of a field's component: what it assigns, the
    fields it reads (so ``nlp.analyze_pipes()`` flags a component added before one it reads),
    and its config: the ``doc.spans`` key of its spans and whether it also sets ``doc.ents``."""
    return {
        "assigns": ["doc.spans", f"doc._.captionie_{field}"],
        "requires": [f"doc._.captionie_{name}" for name in reads],
        "default_config": {"spans_key": SPAN_GROUP_PREFIX + field, "annotate_ents": False},
    }


class ComponentOrderError(ValueError):
    """A captionie component ran after one that must come after it (credit after crew, say):
    later components skip what earlier ones claimed, so another order gives other results."""


Recognizer = TypeVar("Recognizer", bound="FieldRecognizer")
#: Each field's place in captionie's pipeline order.
_POSITION = {name: index for index, name in enumerate(PIPELINE_FIELDS)}


class FieldRecognizer:
    """Base class of the per-field components.

    Subclasses implement :meth:`find`, which reads ``doc`` and the mentions earlier
    components stored, and returns this field's mentions.  Components hold only compiled
    regexes, PhraseMatchers and plain data, so they pickle (``nlp.pipe(n_process=2)``).
    """

    field: str = ""
    label: str = ""
    #: Where :meth:`run` puts the field's token spans (set from the factory's config).
    spans_key: str = ""
    #: Whether :meth:`run` also adds the field's mentions to ``doc.ents`` (factory config).
    annotate_ents: bool = False

    def __init__(self) -> None:
        register_extensions()

    def configure(self: Recognizer, spans_key: str, annotate_ents: bool) -> Recognizer:
        """Apply a factory's config; returns the component."""
        self.spans_key = spans_key
        self.annotate_ents = annotate_ents
        return self

    def __call__(self, doc: Doc) -> Doc:
        return self.run(doc, get_store(doc))

    def run(self, doc: Doc, store: MentionStore) -> Doc:
        """Find this field's mentions in ``doc`` and store them; publish them as spaCy spans
        (and entities, with ``annotate_ents``) unless the store says not to."""
        block_urls(store)
        self.annotate(doc, store)
        if store.data.get("publish_spans", True):
            spans = publish_spans(doc, self.field, self.label, self.spans_key or SPAN_GROUP_PREFIX + self.field)
            if self.annotate_ents:
                doc.ents = filter_spans([*doc.ents, *spans])
        return doc

    def annotate(self, doc: Doc, store: MentionStore) -> None:
        """Store this field's mentions (what :meth:`run` and batch runs both do)."""
        self.check_order(store)
        mentions = self.find(doc, store)
        ids = kb_ids().get(self.field)
        if ids is not None:
            # A gazetteer field's mention names its entry by stable id (null when no entry
            # is known); a component that knows the entry itself has set it already.
            for mention in mentions:
                if "kb_id" not in mention.attrs:
                    mention.attrs["kb_id"] = ids.get(str(mention.value).casefold())
        store.add(self.field, mentions)

    def check_order(self, store: MentionStore) -> None:
        """Refuse to run after a component that comes later in captionie's order."""
        # Every earlier check passed, so the last component to run is the latest in the order.
        last = store.data["last_ran"]
        store.data["last_ran"] = self.field
        if last and _POSITION[last] > _POSITION[self.field]:
            raise ComponentOrderError(
                f"captionie_{self.field} ran after captionie_{last}; captionie's components must run in this "
                f"order: {', '.join('captionie_' + name for name in PIPELINE_FIELDS)} (captionie.load() builds it)")

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:  # pragma: no cover - abstract
        raise NotImplementedError


#: Every ``_URL`` match holds one of these, in some case: a caption holding none of them is not
#: scanned (``_URL`` is tried at every word start, and one caption in fifty has a URL).
_URL_MARKS = ("://", "www.", ".gov", ".com", ".org", ".net", ".edu", ".int")


def block_urls(store: MentionStore) -> None:
    """Block the caption's URLs for every field, once per caption."""
    if not store.data["urls_blocked"]:
        text = store.text
        if may_hold_url(text):
            for match in _URL.finditer(text):
                store.block(match.start(), match.end(), "url")
        store.data["urls_blocked"] = True


def may_hold_url(text: str) -> bool:
    """False only when ``_URL`` cannot match ``text``: an ASCII text holding none of the marks
    in any case.  A text with other characters is always scanned, since IGNORECASE folds some of
    them (dotless i, dotted capital I, the Kelvin sign) to the marks' letters."""
    if not text.isascii():
        return True
    lowered = text.lower()
    return any(mark in lowered for mark in _URL_MARKS)


def longest_non_overlapping(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (earliest on ties), in text order —
    the same policy as ``spacy.util.filter_spans``: the longest mentions are kept first, and
    a mention overlapping one kept is dropped."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        for other in kept:
            if other.start < mention.end and mention.start < other.end:
                break
        else:
            kept.append(mention)
    kept.sort(key=lambda m: m.start)
    return kept
