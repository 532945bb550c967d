"""The batch engine: one record or one error record per input, in input order; repeats
answered from the result cache with the record a fresh run gives; a failing caption isolated;
the garbage collector left alone unless the engine is asked to manage it; memory zones that
keep the vocab flat."""

from __future__ import annotations

import gc
import json

import pytest

import captionie
from captionie.batch.engine import BatchEngine, batched
from captionie.io.readers import Caption, ReadError

TEXT = "Expedition 37/38 crew members land on Oct. 5 near Zhezkazgan. Photo Credit: (NASA/Bill Ingalls)"
OTHER = "Soyuz TMA-12 lands in 2008."


def _fresh(caption: Caption) -> dict:
    """The record ``captionie.extract`` gives the caption, with the ``source`` a batch adds."""
    record = captionie.extract(caption.text, id=caption.id, meta=caption.meta)
    if caption.source:
        record["source"] = caption.source
    return record


def test_a_repeated_caption_gets_the_record_a_fresh_extract_gives() -> None:
    """Repeats within a batch and in later batches are answered from the result cache; the
    year context (an attached image id) is part of what makes a repeat, and no record shares
    a mutable value with the cache or with another record."""
    first = [Caption("a", TEXT, source="in.jsonl:1"), Caption("b", OTHER, source="in.jsonl:2"),
             Caption("c", TEXT, source="in.jsonl:3"),
             Caption("d", TEXT, meta={"image_id": "jsc2013e013823"}, source="in.jsonl:4")]  # Oct. 5 is 2013
    second = [Caption("e", OTHER, meta={"title": "Landing"}, source="in.jsonl:5"), Caption("f", TEXT),
              Caption("g", TEXT, meta={"image_id": "jsc2013e013823"}, source="in.jsonl:7")]
    engine = BatchEngine()
    records = engine.records(first)
    assert records == [_fresh(c) for c in first]
    assert [r["dates"][0]["value"] for r in records if r["id"] in "acd"] == ["--10-05", "--10-05", "2013-10-05"]
    for record in records[:2] + records[3:]:  # what a caller does with its records must not reach
        record["crew"].clear()  # c (a repeat of a within the batch), the cache or the next batches
        for mention in record["expeditions"]:
            mention["value"].append(99)
    assert records[2] == _fresh(first[2])
    again = engine.records(second)
    assert again == [_fresh(c) for c in second]
    assert again[1]["expeditions"][0]["value"] == [37, 38]
    assert engine.cache.hits >= 3  # c within the batch, e, f and g across batches
    assert list(captionie.extract_many(first + second, batch_size=3)) == [_fresh(c) for c in first + second]


def test_records_come_in_input_order_with_read_errors_as_error_records() -> None:
    broken = ReadError("in:2", "in.jsonl:2", "invalid JSON: Expecting value at column 1")
    batch = [Caption("one", OTHER), broken, Caption("three", TEXT), ReadError("in:4", "in.jsonl:4", "no text field")]
    records = BatchEngine().records(batch)
    assert [r["id"] for r in records] == ["one", "in:2", "three", "in:4"]
    assert records[1] == {"id": "in:2", "source": "in.jsonl:2", "error": "invalid JSON: Expecting value at column 1"}
    assert records[3] == {"id": "in:4", "source": "in.jsonl:4", "error": "no text field"}
    assert records[0] == _fresh(batch[0]) and records[2] == _fresh(batch[2])
    mixed = [TEXT, {"text": OTHER, "id": "x"}, broken, {"title": "no text"}, Caption("c", OTHER)]
    out = list(captionie.extract_many(mixed, batch_size=2))
    assert [r["id"] for r in out] == ["0", "x", "in:2", "3", "c"]
    assert ["error" in r for r in out] == [False, False, True, True, False]


def test_one_failing_caption_does_not_take_the_batch_down(monkeypatch) -> None:
    """A rule that raises on one caption (here: the dates component, mid-pipeline) turns that
    caption into an error record; the captions before and after it in the batch, and the
    components after the failing one, still run."""
    from captionie.pipeline.build import default_pipeline

    dates = default_pipeline().get_pipe("captionie_dates")
    real = dates.find

    def flaky(doc, store):
        if "BOOM" in store.text:
            raise RuntimeError("rule exploded")
        return real(doc, store)

    monkeypatch.setattr(dates, "find", flaky)
    records = list(captionie.extract_many(["Soyuz lands on Dec. 14, 2017.", "BOOM", "Apollo 11 with Neil Armstrong.", "BOOM"]))
    assert [r.get("error", "") for r in records] == ["", "extraction failed: RuntimeError: rule exploded", "",
                                                     "extraction failed: RuntimeError: rule exploded"]
    assert records[0]["dates"][0]["value"] == "2017-12-14"
    assert records[2]["text"] == "Apollo 11 with Neil Armstrong."
    assert [c["value"] for c in records[2]["crew"]] == ["Neil Armstrong"]


def _collector_seen_by_rules(monkeypatch) -> list[bool]:
    """Whether the garbage collector is on, as the dates rule sees it, each time it runs."""
    from captionie.pipeline.build import default_pipeline

    dates = default_pipeline().get_pipe("captionie_dates")
    real = dates.find
    seen: list[bool] = []

    def watching(doc, store):
        seen.append(gc.isenabled())
        return real(doc, store)

    monkeypatch.setattr(dates, "find", watching)
    return seen


@pytest.fixture
def collector_was():
    """Puts the collector back as it was before the test (which turns it on or off)."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.regression
@pytest.mark.parametrize("enabled", [True, False])
def test_extract_many_leaves_the_garbage_collector_alone(enabled: bool, monkeypatch, collector_was) -> None:
    """A library call never freezes objects or pauses the collector: both change the whole
    process it runs in (only the command line's own process asks for them)."""
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    seen = _collector_seen_by_rules(monkeypatch)
    gc.enable() if enabled else gc.disable()
    between: list[bool] = []
    for _ in captionie.extract_many([TEXT, OTHER, f"{TEXT} Again.", f"{OTHER} Again."], batch_size=2):
        between.append(gc.isenabled())
    assert frozen == []
    assert gc.isenabled() is enabled
    assert between == [enabled] * 4
    assert seen == [enabled] * 4  # not paused while the batch ran either


@pytest.mark.parametrize("enabled", [True, False])
def test_an_engine_that_manages_the_collector_freezes_once_and_restores_it_after_each_batch(
        enabled: bool, monkeypatch, collector_was) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    seen = _collector_seen_by_rules(monkeypatch)
    gc.enable() if enabled else gc.disable()
    engine = BatchEngine(manage_collector=True)
    for batch in batched([TEXT, OTHER, f"{TEXT} Again.", f"{OTHER} Again.", "Apollo 11 lifts off."], 2):
        engine.records(batch)
        assert gc.isenabled() is enabled
    assert frozen == [True]
    assert seen == [False] * 5  # paused while each batch ran


def test_batches_in_memory_zones_keep_the_vocab_flat_and_records_unchanged(seed_captions, monkeypatch) -> None:
    """Every new word would stay in spaCy's vocab for the life of the process; batches after
    the warm-up run in memory zones, which must free them without changing any record."""
    import captionie.batch.engine as engine
    from captionie.pipeline.build import default_pipeline

    captions = list(seed_captions[:120])
    plain = [captionie.extract(c.text, id=c.id, meta=c.meta) for c in captions]
    for record, caption in zip(plain, captions):
        record["source"] = caption.source
    monkeypatch.setattr(engine, "WARM_BATCHES", 0)
    batch_engine = engine.BatchEngine()
    zoned = [r for batch in engine.batched(captions, 16) for r in batch_engine.records(batch)]
    assert [json.dumps(r, sort_keys=True) for r in zoned] == [json.dumps(r, sort_keys=True) for r in plain]
    strings = default_pipeline().vocab.strings
    before = len(strings)
    novel = [f"Expedition {i} crew member Zqx{i}vort{i * 7} lands near Qyzyl{i}orda." for i in range(400)]
    for batch in engine.batched(novel, 50):
        batch_engine.records(batch)
    assert len(strings) == before
