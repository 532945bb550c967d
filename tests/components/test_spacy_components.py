"""captionie's components as spaCy components: factories registered as entry points, span
groups and the record extension on the Doc, rule ids on every mention, pickling and
``nlp.pipe(n_process=2)``."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

import captionie

TEXT = ("Expedition 53 Commander Randy Bresnik of NASA lands in the Soyuz MS-05 near Zhezkazgan, "
        "Kazakhstan, Wednesday, Dec. 13, 2017. Photo Credit: (NASA/Bill Ingalls)")


def test_span_groups_and_record_extension(nlp) -> None:
    doc = nlp(TEXT)
    crew = doc.spans["captionie_crew"]
    assert [s.text for s in crew] == ["Randy Bresnik"]
    assert crew[0].id_ == "crew.gazetteer"  # Bresnik is in patterns/crew.jsonl
    assert [s.kb_id_ for s in doc.spans["captionie_spacecraft"]] == ["Soyuz MS-05"]
    record = doc._.captionie
    assert record["dates"][0]["value"] == "2017-12-13"
    assert record["credit"]["photographer"] == "Bill Ingalls"


@pytest.mark.slow
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


def test_every_mention_names_its_rule() -> None:
    record = captionie.extract(TEXT)
    prefixes = {"dates": "date.", "expeditions": "expedition.", "spacecraft": "spacecraft.", "crew": "crew.",
                "agencies": "agency.", "locations": "location."}
    for field, prefix in prefixes.items():
        assert record[field] and all(m["rule"].startswith(prefix) for m in record[field]), field
    assert record["credit"]["rule"] == "credit.labeled"
