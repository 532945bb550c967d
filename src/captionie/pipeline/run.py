"""Running the pipeline on captions: cleaning, one run loop for a caption or a batch, and the
record (or its JSON line) of each caption."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from captionie.batch.result_cache import ResultCache
from captionie.components.base import FieldRecognizer, block_urls
from captionie.io.json_lines import dumps_line
from captionie.io.readers import Caption
from captionie.pipeline.cleaning import clean_caption
from captionie.pipeline.mentions import CaptionContext, MentionStore, get_store
from captionie.pipeline.record import StoredResult, data_from_stored, record_from_store, record_line, stored_result

#: The longest text analysed; longer captions are cut here with a warning.
MAX_CHARS = 100_000


def context_of(meta: dict[str, Any]) -> CaptionContext:
    """Year-inference context from a record's metadata (attached image id, nasa_id, date)."""
    ids = tuple(str(meta[k]) for k in ("image_id", "nasa_id") if isinstance(meta.get(k), str))
    created = meta.get("date_created")
    return CaptionContext(image_ids=ids, date_created=created if isinstance(created, str) else None)


def process_caption(nlp: Language, caption: Caption) -> dict[str, Any]:
    """Clean one caption, run the pipeline on it and return its output record (batch runs,
    which look repeats up in a result cache, go through :func:`process_batch`)."""
    prepared = _Prepared.of(caption)
    return prepared.record(get_store(run_pipeline(nlp, prepared.text, prepared.context)).data)


def process_batch(nlp: Language, captions: list[Caption], cache: ResultCache[StoredResult] | None = None,
                  copy: bool = True, as_json: bool = False) -> list[dict[str, Any] | str | Exception]:
    """:func:`process_caption` for each caption of a batch, in order; a caption on which a
    step raises gets the exception in its place, and the others their records (``as_json``:
    their records' JSON lines, ``json_lines.dumps_line`` of each).  With a ``cache`` (it
    must belong to this ``nlp``: results depend on its components), a caption whose cleaned
    text and year context were seen recently is not run again: its record (or line) is made
    from the stored result (``record.stored_result``).

    Each component runs over the whole batch before the next one starts (as ``nlp.pipe``
    does), not each caption through every component in turn: a component's patterns and
    tables then stay in the CPU caches for the batch, and the same work takes ~20% less
    time (470 -> 380 µs a caption on ``benchmarks/throughput.py``'s corpus).  With a cache
    that keeps results, a caption repeated within the batch is run once.  ``copy=False``:
    the records of a caption repeated within the batch share its mention lists
    (``record_from_store`` says when that is safe); a record read back from the cache is a
    new object either way."""
    dedupe = cache is not None and cache.size > 0
    prepared: list[_Prepared | Exception] = []
    results: list[dict[str, Any] | str | Exception | None] = [None] * len(captions)
    to_run: dict[Any, int] = {}  # key (or position, without dedupe) -> the caption that runs it
    for i, caption in enumerate(captions):
        try:
            item = _Prepared.of(caption)
        except Exception as exc:  # noqa: BLE001 - the caller makes it this caption's error record
            prepared.append(exc)
            continue
        prepared.append(item)
        if not dedupe:
            to_run[i] = i
        elif item.key not in to_run:
            stored = cache.get(item.key)  # type: ignore[union-attr]
            if stored is None:
                to_run[item.key] = i
            else:
                results[i] = item.finish(None, stored, copy, as_json)
    runs = list(to_run.values())
    outcomes = run_pipeline_batch(nlp, [(prepared[i].text, prepared[i].context) for i in runs])  # type: ignore[union-attr]
    computed: dict[Any, tuple[dict[str, Any] | Exception, StoredResult | None]] = {}
    for i, outcome in zip(runs, outcomes):
        item = prepared[i]
        assert isinstance(item, _Prepared)
        stored = None
        if not isinstance(outcome, Exception) and (dedupe or as_json):
            stored = stored_result(outcome)
            if stored is not None and dedupe:
                cache.put(item.key, stored)  # type: ignore[union-attr]
        computed[item.key if dedupe else i] = (outcome, stored)
    for i, item in enumerate(prepared):
        if results[i] is not None:
            continue
        if isinstance(item, Exception):
            results[i] = item
            continue
        if dedupe and to_run[item.key] != i:
            cache.hits += 1  # type: ignore[union-attr]  # a repeat answered without a run
        outcome, stored = computed[item.key if dedupe else i]
        results[i] = outcome if isinstance(outcome, Exception) else item.finish(outcome, stored, copy, as_json)
    return results  # type: ignore[return-value]


class _Prepared:
    """A caption cleaned and ready to run: the text analysed, its warnings, metadata, year
    context and cache key."""

    __slots__ = ("caption", "text", "warnings", "meta", "context", "key")

    def __init__(self, caption: Caption, text: str, warnings: list[str], meta: dict[str, Any]) -> None:
        self.caption, self.text, self.warnings, self.meta = caption, text, warnings, meta
        self.context = context_of(meta)
        self.key = (text, self.context.image_ids, self.context.date_created)

    @classmethod
    def of(cls, caption: Caption) -> "_Prepared":
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
        return cls(caption, text, warnings, meta)

    def record(self, data: dict[str, Any], copy: bool = True) -> dict[str, Any]:
        caption = self.caption
        return record_from_store(data, caption.id, self.meta, self.warnings, caption.source or None, copy)

    def finish(self, data: dict[str, Any] | None, stored: StoredResult | None, copy: bool,
               as_json: bool) -> dict[str, Any] | str | Exception:
        """This caption's record, or its JSON line (``as_json``), from its run's ``data`` or,
        for a repeat, the ``stored`` result (one of the two is given; a run that gave a
        stored result too gives both), or the exception making it raised."""
        try:
            if as_json and stored is not None:
                caption = self.caption
                try:
                    return record_line(stored, self.text, caption.id, self.meta, self.warnings, caption.source or None)
                except TypeError:  # orjson cannot write the head: the record is written whole
                    pass
            if data is None:
                assert stored is not None
                data, copy = data_from_stored(self.text, stored), False  # new objects already
            record = self.record(data, copy)
            return dumps_line(record) if as_json else record
        except Exception as exc:  # noqa: BLE001 - the caller makes it this caption's error record
            return exc


def run_pipeline(nlp: Language, text: str, context: CaptionContext | None = None,
                 publish_spans: bool = False) -> Doc:
    """Tokenize and run every component, with the caption's context in the mention store
    (``publish_spans=True`` also fills ``doc.spans`` as the components do inside ``nlp()``)."""
    doc, store = _doc_and_store(nlp, text, context, publish_spans)
    for _, component in nlp.pipeline:
        doc = _run_component(component, doc, store)
    return doc


def _doc_and_store(nlp: Language, text: str, context: CaptionContext | None,
                   publish_spans: bool, on_doc: bool = True) -> tuple[Doc, MentionStore]:
    """The caption's Doc and its mention store (``on_doc``: on the Doc too, for components
    that read it through ``doc._``; captionie's own are handed it)."""
    doc = nlp.make_doc(text)
    store = MentionStore(context=context, text=text)
    # Records are built from the store; token spans in doc.spans are for spaCy users who
    # call the components themselves, and cost ~10% of a batch run to build.
    store.data["publish_spans"] = publish_spans
    if on_doc:
        doc._.captionie_store = store.data
    return doc, store


def _run_component(component: Any, doc: Doc, store: MentionStore) -> Doc:
    if isinstance(component, FieldRecognizer):
        return component.run(doc, store)
    return component(doc)  # a component someone else added: it finds the store through ``doc._``


def run_pipeline_batch(nlp: Language, items: list[tuple[str, CaptionContext | None]]) -> list[dict[str, Any] | Exception]:
    """:func:`run_pipeline` on every ``(text, context)``, component by component; each item's
    mention-store data, or the exception a step raised on it (that item then skips the
    components after it; the others go on).

    captionie's components are called as ``FieldRecognizer.run`` would call them, without
    what it does for nothing here (~6 µs a caption, measured A/B in one process): a batch
    store publishes no spans, the URLs are blocked once before the first component (``run``
    does it in each, and all but the first find them blocked), and the store is set on the Doc
    only when a component someone else added needs to find it there."""
    on_doc = any(not isinstance(component, FieldRecognizer) for _, component in nlp.pipeline)
    docs: list[Doc | None] = []
    stores: list[MentionStore | None] = []
    outcomes: list[Exception | None] = []
    for text, context in items:
        try:
            doc, store = _doc_and_store(nlp, text, context, publish_spans=False, on_doc=on_doc)
            block_urls(store)
            docs.append(doc)
            stores.append(store)
            outcomes.append(None)
        except Exception as exc:  # noqa: BLE001
            docs.append(None)
            stores.append(None)
            outcomes.append(exc)
    for _, component in nlp.pipeline:
        if isinstance(component, FieldRecognizer):
            find, field = component.find, component.field
            for i, (doc, store) in enumerate(zip(docs, stores)):
                if outcomes[i] is None:
                    try:
                        store.add(field, find(doc, store))  # type: ignore[union-attr,arg-type]
                    except Exception as exc:  # noqa: BLE001
                        outcomes[i] = exc
            continue
        for i, doc in enumerate(docs):
            if outcomes[i] is None:
                try:
                    docs[i] = component(doc)  # it finds the store through ``doc._``
                except Exception as exc:  # noqa: BLE001
                    outcomes[i] = exc
    return [outcome if outcome is not None else store.data  # type: ignore[union-attr]
            for outcome, store in zip(outcomes, stores)]
