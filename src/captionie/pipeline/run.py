"""Running the pipeline on captions: cleaning, one run loop for a caption or a batch, and the
record of each caption."""

from __future__ import annotations

from typing import Any, Hashable

from spacy.language import Language
from spacy.tokens import Doc

from captionie.batch.result_cache import ResultCache
from captionie.components.base import FieldRecognizer, block_urls
from captionie.io.readers import Caption
from captionie.matching.image_id_shapes import image_id_shapes
from captionie.pipeline.cleaning import clean_caption
from captionie.pipeline.mentions import CaptionContext, MentionStore
from captionie.pipeline.record import StoredResult, data_from_stored, record_from_store, stored_result

#: The longest text analysed; longer captions are cut here with a warning.
MAX_CHARS = 100_000


def context_of(meta: dict[str, Any], record_id: str | None = None) -> CaptionContext:
    """Year-inference context from a record's metadata (attached image id, nasa_id, date)
    and its own id when that is an image id encoding a year (``KSC-98pc1445``): archives
    name a record by its photo number.  An id without a year is left out, so captions
    repeated under different ids still share one cache key."""
    ids = tuple(str(meta[k]) for k in ("image_id", "nasa_id") if isinstance(meta.get(k), str))
    if record_id and record_id not in ids and image_id_shapes().year_of(record_id) is not None:
        ids = (*ids, record_id)
    created = meta.get("date_created")
    return CaptionContext(image_ids=ids, date_created=created if isinstance(created, str) else None)


class PreparedCaption:
    """A caption cleaned and ready to run: the text analysed, its warnings, metadata, year
    context and the key its result is cached under."""

    __slots__ = ("caption", "text", "warnings", "meta", "context", "key")

    def __init__(self, caption: Caption) -> None:
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
        self.caption, self.text, self.warnings, self.meta = caption, text, warnings, meta
        self.context = context_of(meta, caption.id)
        self.key: Hashable = (text, self.context.image_ids, self.context.date_created)

    def record(self, data: dict[str, Any]) -> dict[str, Any] | Exception:
        """This caption's record from a run's mention-store ``data``, or the exception making
        it raised."""
        try:
            caption = self.caption
            return record_from_store(data, caption.id, self.meta, self.warnings, caption.source or None)
        except Exception as exc:  # noqa: BLE001 - the caller makes it this caption's error record
            return exc


def process_caption(nlp: Language, caption: Caption) -> dict[str, Any]:
    """Clean one caption, run the pipeline on it and return its output record."""
    outcome = process_batch(nlp, [caption])[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def process_batch(nlp: Language, captions: list[Caption],
                  cache: ResultCache[StoredResult] | None = None) -> list[dict[str, Any] | Exception]:
    """Each caption's record, in order; a caption on which a step raises gets the exception
    in its place, and the others their records.

    With a ``cache`` (it must belong to this ``nlp``: results depend on its components), a
    caption whose cleaned text and year context were seen recently is not run again: its
    record is made from the stored result, and a caption repeated within the batch runs once."""
    use_cache = cache is not None and cache.size > 0
    prepared: list[PreparedCaption | Exception] = []
    for caption in captions:
        try:
            prepared.append(PreparedCaption(caption))
        except Exception as exc:  # noqa: BLE001 - the caller makes it this caption's error record
            prepared.append(exc)
    results: list[dict[str, Any] | Exception | None] = [None] * len(captions)
    runner_of: dict[Hashable, int] = {}  # cache key -> the caption of this batch that runs it
    to_run: list[int] = []
    for i, item in enumerate(prepared):
        if isinstance(item, Exception):
            results[i] = item
        elif not use_cache:
            to_run.append(i)
        elif item.key not in runner_of:
            stored = cache.get(item.key)  # type: ignore[union-attr]
            if stored is None:
                runner_of[item.key] = i
                to_run.append(i)
            else:
                results[i] = item.record(data_from_stored(item.text, stored))
    runs = [prepared[i] for i in to_run]
    outcomes = dict(zip(to_run, run_pipeline_batch(nlp, [(p.text, p.context) for p in runs])))  # type: ignore[union-attr]
    if use_cache:
        for i, outcome in outcomes.items():
            stored = None if isinstance(outcome, Exception) else stored_result(outcome)
            if stored is not None:
                cache.put(prepared[i].key, stored)  # type: ignore[union-attr]
    for i, item in enumerate(prepared):
        if results[i] is not None:
            continue
        assert isinstance(item, PreparedCaption)
        runner = runner_of[item.key] if use_cache else i
        if runner != i:
            cache.hits += 1  # type: ignore[union-attr]  # a repeat answered without a run
        outcome = outcomes[runner]
        results[i] = outcome if isinstance(outcome, Exception) else item.record(outcome)
    return results  # type: ignore[return-value]


def new_doc(nlp: Language, text: str, context: CaptionContext | None, on_doc: bool) -> tuple[Doc, MentionStore]:
    """The caption's Doc and its mention store (``on_doc``: on the Doc too, for components
    someone else added, which find it through ``doc._``; captionie's own are handed it)."""
    doc = nlp.make_doc(text)
    store = MentionStore(context=context, text=text)
    # Records are built from the store; token spans in doc.spans are for spaCy users who call
    # the components themselves.
    store.data["publish_spans"] = False
    if on_doc:
        doc._.captionie_store = store.data
    return doc, store


def run_pipeline_batch(nlp: Language, items: list[tuple[str, CaptionContext | None]]) -> list[dict[str, Any] | Exception]:
    """Every component on every ``(text, context)``, component by component (as ``nlp.pipe``
    does, so a component's patterns stay warm for the batch); each item's mention-store data,
    or the exception a step raised on it (that item then skips the components after it; the
    others go on).  The caption's URLs are blocked once, before the first component."""
    on_doc = any(not isinstance(component, FieldRecognizer) for _, component in nlp.pipeline)
    docs: list[Doc | None] = []
    stores: list[MentionStore | None] = []
    outcomes: list[Exception | None] = []
    for text, context in items:
        try:
            doc, store = new_doc(nlp, text, context, on_doc)
            block_urls(store)
        except Exception as exc:  # noqa: BLE001
            doc, store, failure = None, None, exc
        else:
            failure = None
        docs.append(doc)
        stores.append(store)
        outcomes.append(failure)
    for _, component in nlp.pipeline:
        for i, (doc, store) in enumerate(zip(docs, stores)):
            if outcomes[i] is not None:
                continue
            try:
                if isinstance(component, FieldRecognizer):
                    component.annotate(doc, store)  # type: ignore[arg-type]
                else:
                    docs[i] = component(doc)  # it finds the store through ``doc._``
            except Exception as exc:  # noqa: BLE001
                outcomes[i] = exc
    return [outcome if outcome is not None else store.data  # type: ignore[union-attr]
            for outcome, store in zip(outcomes, stores)]
