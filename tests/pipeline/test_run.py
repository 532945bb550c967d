"""Running the pipeline on captions: cleaning before the run (raw text kept), and a batch
run component by component that gives each caption the record it gets alone."""

from __future__ import annotations

import spacy

import captionie

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
    from captionie.pipeline.run import process_batch, process_caption
    from captionie.io.readers import Caption

    nlp = captionie.load()
    nlp.add_pipe("test_dates_seen", after="captionie_dates")
    captions = [Caption("a", TEXT), Caption("b", "No date here."), Caption("c", TEXT)]
    batch = process_batch(nlp, captions)
    assert batch == [process_caption(nlp, caption) for caption in captions]
    assert batch[0]["warnings"] == ["dates seen: ['2017-12-13']; crew seen: 0"]  # crew runs after it
    assert batch[1]["warnings"] == ["dates seen: []; crew seen: 0"]
    assert [m["text"] for m in batch[0]["crew"]] == ["Randy Bresnik"]
