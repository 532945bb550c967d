"""The batch engine: one record or one error record per input, in input order; a failing
caption isolated; memory zones that keep the vocab flat."""

from __future__ import annotations

import json

import captionie


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
