"""Building the captionie pipeline on ``spacy.blank("en")`` and running it on captions."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from captionie import resources
from captionie.cleaning import clean_caption
from captionie.components import PIPELINE, register_all
from captionie.components.base import FieldRecognizer
from captionie.mentions import CaptionContext, MentionStore, get_store, register_extensions
from captionie.readers import Caption
from captionie.record import RECORD_KEYS, record_from_store
from captionie.result_cache import ResultCache

#: The longest text analysed; longer captions are cut here with a warning (issue 6 tunes it).
MAX_CHARS = 100_000


def load(enable: Iterable[str] | None = None, disable: Iterable[str] | None = None) -> Language:
    """A new ``spacy.blank("en")`` pipeline with captionie's components in order.

    ``enable``/``disable`` take component names with or without the ``captionie_`` prefix;
    dependencies are not added implicitly (crew without locations will tag "Gagarin" in
    "Gagarin Cosmonaut Training Center").
    """
    register_all()
    register_extensions()
    resources.load_all()
    wanted = _names(enable) if enable is not None else set(PIPELINE)
    unwanted = _names(disable) if disable is not None else set()
    nlp = spacy.blank("en")
    for name in PIPELINE:
        if name in wanted and name not in unwanted:
            nlp.add_pipe(name)
    return nlp


def _names(names: Iterable[str]) -> set[str]:
    return {n if n.startswith("captionie_") else f"captionie_{n}" for n in names}


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The process-wide full pipeline used by :func:`captionie.extract`."""
    return load()


def context_of(meta: dict[str, Any]) -> CaptionContext:
    """Year-inference context from a record's metadata (attached image id, nasa_id, date)."""
    ids = tuple(str(meta[k]) for k in ("image_id", "nasa_id") if isinstance(meta.get(k), str))
    created = meta.get("date_created")
    return CaptionContext(image_ids=ids, date_created=created if isinstance(created, str) else None)


def process_caption(nlp: Language, caption: Caption, cache: ResultCache | None = None) -> dict[str, Any]:
    """Clean one caption, run the pipeline on it and return its output record.

    With a ``cache`` (batch runs), a caption whose cleaned text and year context were seen
    recently is not run again: its record is built from the stored result.  The cache must
    belong to this ``nlp``: results depend on its components."""
    cleaned = clean_caption(caption.text)
    text = cleaned.text
    warnings = [*caption.warnings, *cleaned.warnings]
    meta = dict(caption.meta)
    if cleaned.changed:
        meta["raw_text"] = caption.text
    if len(text) > MAX_CHARS:
        # Bounded work: rules run on the first MAX_CHARS characters only; the whole caption
        # is kept in meta.raw_text, so nothing is lost.
        meta["raw_text"] = caption.text
        warnings.append(f"text of {len(text)} characters truncated to {MAX_CHARS} for analysis")
        text = text[:MAX_CHARS]
    context = context_of(meta)
    key = (text, context.image_ids, context.date_created)
    data = cache.get(key) if cache is not None else None
    if data is None:
        data = get_store(run_pipeline(nlp, text, context)).data
        if cache is not None:
            # Only what a record is built from: not the overlap masks and blocked regions.
            data = {name: data[name] for name in RECORD_KEYS}
            cache.put(key, data)
    return record_from_store(data, caption.id, meta, warnings, caption.source or None)


def run_pipeline(nlp: Language, text: str, context: CaptionContext | None = None,
                 publish_spans: bool = False) -> Doc:
    """Tokenize and run every component, with the caption's context in the mention store
    (``publish_spans=True`` also fills ``doc.spans`` as the components do inside ``nlp()``)."""
    doc = nlp.make_doc(text)
    store = MentionStore(context=context, text=text)
    # Records are built from the store; token spans in doc.spans are for spaCy users who
    # call the components themselves, and cost ~10% of a batch run to build.
    store.data["publish_spans"] = publish_spans
    doc._.captionie_store = store.data
    for _, component in nlp.pipeline:
        if isinstance(component, FieldRecognizer):
            doc = component.run(doc, store)
        else:  # a component someone else added: it finds the store through ``doc._``
            doc = component(doc)
    return doc
