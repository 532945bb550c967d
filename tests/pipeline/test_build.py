"""Building the pipeline: captionie's components in order, enable/disable, and a tokenizer
that is spaCy's English without its special cases."""

from __future__ import annotations

import gc
import json

import pytest
import spacy

import captionie
from captionie.components import PIPELINE


def test_load_builds_every_component_in_order(nlp) -> None:
    assert tuple(nlp.pipe_names) == PIPELINE


def test_load_enable_and_disable() -> None:
    assert captionie.load(enable=["dates"]).pipe_names == ["captionie_dates"]
    assert "captionie_crew" not in captionie.load(disable=["crew"]).pipe_names


@pytest.mark.regression
@pytest.mark.parametrize("enabled", [True, False])
def test_load_leaves_the_garbage_collector_as_it_was(enabled: bool, monkeypatch) -> None:
    """Building a pipeline is a library call: it neither pauses the collector for good nor
    turns it back on for a caller who had it off, and freezes nothing."""
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        nlp = captionie.load()
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert tuple(nlp.pipe_names) == PIPELINE and frozen == []


@pytest.mark.regression
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
