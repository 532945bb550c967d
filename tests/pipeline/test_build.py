"""The spaCy side: factories, entry points, span groups, pickling and n_process."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import pytest
import spacy

import captionie
from captionie.components import PIPELINE

TEXT = ("Expedition 53 Commander Randy Bresnik of NASA lands in the Soyuz MS-05 near Zhezkazgan, "
        "Kazakhstan, Wednesday, Dec. 13, 2017. Photo Credit: (NASA/Bill Ingalls)")


def test_load_builds_every_component_in_order(nlp) -> None:
    assert tuple(nlp.pipe_names) == PIPELINE


def test_load_enable_and_disable() -> None:
    assert captionie.load(enable=["dates"]).pipe_names == ["captionie_dates"]
    assert "captionie_crew" not in captionie.load(disable=["crew"]).pipe_names


def test_span_groups_and_record_extension(nlp) -> None:
    doc = nlp(TEXT)
    crew = doc.spans["captionie_crew"]
    assert [s.text for s in crew] == ["Randy Bresnik"]
    assert crew[0].id_ == "crew.gazetteer"  # Bresnik is in patterns/crew.jsonl
    assert [s.kb_id_ for s in doc.spans["captionie_spacecraft"]] == ["Soyuz MS-05"]
    record = doc._.captionie
    assert record["dates"][0]["value"] == "2017-12-13"
    assert record["credit"]["photographer"] == "Bill Ingalls"


def test_factories_are_entry_points_usable_without_importing_captionie() -> None:
    code = (
        "import spacy; nlp = spacy.blank('en'); nlp.add_pipe('captionie_expeditions'); "
        "doc = nlp('the Expedition 37/38 crew'); print(doc._.captionie['expeditions'][0]['value'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[37, 38]"


def test_pipeline_pickles_and_runs_in_two_processes(nlp) -> None:
    clone = pickle.loads(pickle.dumps(nlp))
    texts = [TEXT, "Expedition Six crew landed in their Soyuz capsule May 4, 2003.", ""] * 4
    serial = [d._.captionie for d in nlp.pipe(texts)]
    parallel = [d._.captionie for d in clone.pipe(texts, n_process=2, batch_size=3)]
    assert parallel == serial
    assert serial[1]["expeditions"][0]["value"] == [6]


def test_extract_many_matches_extract_and_keeps_order() -> None:
    texts = [TEXT, "nothing here", "Expedition 7 crew", {"text": "Soyuz TMA-12", "id": "x"}, {"bad": 1}]
    records = list(captionie.extract_many(texts, n_process=2, batch_size=2))
    assert [r["id"] for r in records] == ["0", "1", "2", "x", "4"]
    assert records[0]["crew"] == captionie.extract(TEXT)["crew"]
    assert "error" in records[4]


def test_every_mention_names_its_rule() -> None:
    record = captionie.extract(TEXT)
    prefixes = {"dates": "date.", "expeditions": "expedition.", "spacecraft": "spacecraft.", "crew": "crew.",
                "agencies": "agency.", "locations": "location."}
    for field, prefix in prefixes.items():
        assert record[field] and all(m["rule"].startswith(prefix) for m in record[field]), field
    assert record["credit"]["rule"] == "credit.labeled"


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


def test_a_misspelled_surname_is_the_person_the_caption_names_in_full() -> None:
    """"Yurichikin" after "Fyodor Yurchikhin": the same person; a close word with no such full
    name in the caption is not crew, and neither is a short one."""
    record = captionie.extract("Soyuz Commander Fyodor Yurchikhin of Roscosmos and Karen Nyberg of NASA depart. "
                     "Nyberg and Yurichikin waved to the crowd.")
    found = {(m["text"], m["value"]) for m in record["crew"]}
    assert ("Yurichikin", "Fyodor Yurchikhin") in found
    alone = captionie.extract("Karen Nyberg of NASA waves. Yurichikin waved to the crowd.")
    assert all(m["text"] != "Yurichikin" for m in alone["crew"])


def test_a_place_whose_apostrophe_was_lost_is_still_the_place() -> None:
    record = captionie.extract("The crew poses in front of St. Basil\ufffd\ufffd\ufffds Cathedral in Moscow.")
    assert ("St. Basil\ufffd\ufffd\ufffds Cathedral", "St. Basil's Cathedral") in {
        (m["text"], m["value"]) for m in record["locations"]}


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


@pytest.mark.parametrize(("text", "field", "found"), [
    ("Japan's cargo craft (Kounotori 8) approaches the International Space Station.",
     "spacecraft", ("Kounotori 8", "HTV-8")),
    ("Typhoon Hagibis as Japan's weather satellite saw it (Himawari 8), Oct. 11, 2019.",
     "spacecraft", ("Himawari 8", "Himawari-8")),
    ("An astronaut aboard the International Space Station photographed the Tibetan lake Nam Co.",
     "locations", ("Nam Co", "Namtso")),
])
def test_a_name_before_a_bracket_or_an_abbreviation_s_period_is_found(text, field, found) -> None:
    """spaCy's English special cases keep "8)" (an emoticon) and "Co." whole, which left no
    token "8" or "Co" to end the name on; captionie's tokenizer goes without them."""
    assert found in {(m["text"], m["value"]) for m in captionie.extract(text)[field]}


def test_captionie_s_blank_pipeline_is_spacy_s_with_its_special_cases_removed(fixtures_dir) -> None:
    """``load()`` builds its tokenizer without the special cases instead of loading and then
    dropping them: the config must be spaCy's own and every caption split as before."""
    from captionie.pipeline.build import blank_without_special_cases, without_special_cases

    ours, stock = blank_without_special_cases(), without_special_cases(spacy.blank("en"))
    assert ours.config.to_str() == stock.config.to_str()
    assert ours.tokenizer.rules == {} and isinstance(ours, type(stock))
    gold = fixtures_dir / "gold" / "seeds.jsonl"
    texts = [json.loads(line)["text"] for line in gold.read_text(encoding="utf-8").splitlines()]
    texts += ["(Kounotori 8) don't 8) :-) Nam Co. Dec. 13, a.m. St. Basil's U.S. e.g."]
    assert len(texts) > 100
    for text in texts:
        assert [(t.text, t.idx) for t in ours(text)] == [(t.text, t.idx) for t in stock(text)], text
