"""Running the pipeline on captions: cleaning before the run (raw text kept), and a batch
run component by component that gives each caption the record it gets alone."""

from __future__ import annotations

import pytest
import spacy

import captionie
from captionie.batch.result_cache import DEFAULT_SIZE, ResultCache
from captionie.io.readers import Caption
from captionie.pipeline.build import default_pipeline
from captionie.pipeline.run import process_batch, process_caption

TEXT = ("Expedition 53 Commander Randy Bresnik of NASA lands in the Soyuz MS-05 near Zhezkazgan, "
        "Kazakhstan, Wednesday, Dec. 13, 2017. Photo Credit: (NASA/Bill Ingalls)")


def test_html_markup_is_removed_and_raw_kept() -> None:
    raw = 'Images from <b><a href="http://www.nasa.gov/goddard">NASA Goddard Space Flight Center</a></b> &amp; Landsat 8.'
    record = captionie.extract(raw)
    assert record["text"] == "Images from NASA Goddard Space Flight Center & Landsat 8."
    assert record["meta"]["raw_text"] == raw
    assert "html markup removed" in record["warnings"]


def test_mojibake_is_repaired() -> None:
    record = captionie.extract("At St. Basilâ€™s Cathedral in Moscow")
    assert record["text"] == "At St. Basil’s Cathedral in Moscow"
    assert "mojibake repaired" in record["warnings"]


@spacy.Language.component("test_dates_seen")
def _dates_seen(doc):
    """A component someone else adds: it reads captionie's store through ``doc._``."""
    store = doc._.captionie_store
    store["warnings"].append(f"dates seen: {[m['value'] for m in store['dates']]}; crew seen: {len(store['crew'])}")
    return doc


def test_a_component_someone_else_adds_runs_in_batches_as_it_runs_alone() -> None:
    """Batch runs hand captionie's own components their store directly; a component added by
    someone else still finds it through ``doc._``, with what the components before it found."""
    nlp = captionie.load()
    nlp.add_pipe("test_dates_seen", after="captionie_dates")
    captions = [Caption("a", TEXT), Caption("b", "No date here."), Caption("c", TEXT)]
    batch = process_batch(nlp, captions)
    assert batch == [process_caption(nlp, caption) for caption in captions]
    assert batch[0]["warnings"] == ["dates seen: ['2017-12-13']; crew seen: 0"]  # crew runs after it
    assert batch[1]["warnings"] == ["dates seen: []; crew seen: 0"]
    assert [m["text"] for m in batch[0]["crew"]] == ["Randy Bresnik"]


@pytest.mark.parametrize("cache_size", [None, 0, 8, DEFAULT_SIZE], ids=["no cache", "size 0", "size 8", "default size"])
def test_a_batch_run_component_by_component_gives_each_caption_the_record_it_gets_alone(seed_captions,
                                                                                       cache_size) -> None:
    """``process_batch`` runs each component over the whole batch in turn (and, with a result
    cache, runs a repeat once or not at all); every caption must still get the record it gets
    when it runs alone, in this batch and in the next one, which a cache answers from what it
    kept (a cache of 8 forgets most of them in between)."""
    nlp = default_pipeline()
    yearless = seed_captions[110]  # "Sept. 17" and "Sept. 26": the year comes from an image id
    captions = [*seed_captions[:36], yearless]  # 37 captions, then repeats and variants
    captions += [captions[3], captions[0], captions[3], yearless,
                 Caption("other context", yearless.text, meta={"image_id": "jsc2013e013823"}),
                 Caption("a copy", captions[5].text, source="elsewhere.txt:9", warnings=["a reader's warning"])]
    alone = [process_caption(nlp, caption) for caption in captions]
    cache = None if cache_size is None else ResultCache(cache_size)
    first = process_batch(nlp, captions, cache)
    assert first == alone
    assert [d["value"] for d in first[-2]["dates"]] == ["2013-09-17", "2013-09-26"]
    assert [d["value"] for d in first[-3]["dates"]] == ["--09-17", "--09-26"]
    for record in first[:37]:  # the caller's changes reach neither the repeats, the cache nor the next batch
        record["warnings"].append("changed by the caller")
        for mention in record["dates"]:
            mention["value"] = None
    assert first[37:] == alone[37:]
    assert process_batch(nlp, captions, cache) == alone
    if cache_size:
        assert cache.hits > 0
