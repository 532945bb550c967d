"""Components as spaCy expects them: a real config (spans key, entities), declared
requirements, and a clear error when they run out of captionie's order."""

from __future__ import annotations

import pytest
import spacy

from captionie.components import PIPELINE
from captionie.components.base import ComponentOrderError

TEXT = "Soyuz MS-05 lands near Zhezkazgan on Dec. 14, 2017. Photo Credit: (NASA/Bill Ingalls)"


def test_spans_go_under_the_configured_key_and_entities_only_when_asked() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("captionie_credit")
    nlp.add_pipe("captionie_dates", config={"spans_key": "when"})
    nlp.add_pipe("captionie_spacecraft", config={"annotate_ents": True})
    doc = nlp(TEXT)
    assert [span.text for span in doc.spans["when"]] == ["Dec. 14, 2017"]
    assert "captionie_dates" not in doc.spans
    assert [span.text for span in doc.spans["captionie_spacecraft"]] == ["Soyuz MS-05"]
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("Soyuz MS-05", "SPACECRAFT")]
    assert [m["value"] for m in doc._.captionie_dates] == ["2017-12-14"]
    assert doc._.captionie_credit[0]["photographer"] == "Bill Ingalls"


def test_every_component_has_a_config_with_a_spans_key_and_entities_off() -> None:
    nlp = spacy.blank("en")
    for name in PIPELINE:
        nlp.add_pipe(name)
    for name in PIPELINE:
        assert nlp.get_pipe_config(name) == {"factory": name, "spans_key": name, "annotate_ents": False}


def test_a_component_added_before_one_it_reads_is_flagged_and_refuses_to_run() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("captionie_agencies")
    nlp.add_pipe("captionie_credit")
    assert nlp.analyze_pipes()["problems"]["captionie_agencies"] == ["doc._.captionie_credit"]
    with pytest.raises(ComponentOrderError, match="captionie_credit ran after captionie_agencies"):
        nlp("Credit: NASA/Bill Ingalls")


def test_components_in_captionie_order_with_some_left_out_run() -> None:
    nlp = spacy.blank("en")
    for name in ("captionie_credit", "captionie_agencies", "captionie_crew"):
        nlp.add_pipe(name)
    assert not any(nlp.analyze_pipes()["problems"][name] for name in ("captionie_credit",))
    doc = nlp("NASA astronaut Randy Bresnik. Credit: NASA/Bill Ingalls")
    assert [m["text"] for m in doc._.captionie_agencies] == ["NASA"]  # not the NASA in the credit
    assert [m["value"] for m in doc._.captionie_crew] == ["Randy Bresnik"]
