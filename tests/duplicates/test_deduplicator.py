"""Near-duplicate clustering end to end (``captionie.dedup``, the deduplicator): the labeled
fixtures, the guard, the output contract, and differences of form read from the labeling rule."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from benchmarks.dedup_threshold import seed_pairs, synthetic_pairs
from captionie import dedup
from captionie.duplicates.deduplicator import DEFAULT_THRESHOLD, Deduplicator
from captionie.duplicates.near_duplicates import SEARCH_FLOOR, short_edit
from captionie.duplicates.pair_scoring import score_pairs
from captionie.io.readers import Caption, read


@pytest.fixture(scope="module")
def seed_rows(seeds: Path) -> list[dict]:
    return dedup(read(seeds))


@pytest.fixture(scope="module")
def seed_labels() -> tuple[list[Caption], list[dict]]:
    return seed_pairs()


# --- the labeled fixtures ---------------------------------------------------------------

def test_no_false_merges_on_labeled_seed_pairs(seed_rows, seed_labels) -> None:
    _, pairs = seed_labels
    report = score_pairs({r["id"]: r["cluster"] for r in seed_rows}, pairs)
    assert report.false_merges == []


def test_every_identical_seed_caption_shares_a_cluster(seed_rows, seed_labels) -> None:
    _, pairs = seed_labels
    identical = [p for p in pairs if p["why"] == "identical text"]
    assert len(identical) >= 39
    report = score_pairs({r["id"]: r["cluster"] for r in seed_rows}, identical)
    assert report.recall == 1.0, report.missed


def test_seed_pair_recall_meets_the_target(seed_rows, seed_labels) -> None:
    """Pair recall >= 0.98 on the labeled fixtures (read-labeled and identical pairs),
    and the read-labeled near-duplicates — template captions of other photos of one event are
    the hard part — found all but one."""
    _, pairs = seed_labels
    report = score_pairs({r["id"]: r["cluster"] for r in seed_rows}, pairs)
    assert report.recall >= 0.98, report.missed
    read_pairs = [p for p in pairs if p["why"] != "identical text"]
    assert score_pairs({r["id"]: r["cluster"] for r in seed_rows}, read_pairs).false_negative <= 1


def test_synthetic_pairs_recall_and_no_false_merges() -> None:
    captions, pairs = synthetic_pairs(600)
    rows = dedup(captions)
    report = score_pairs({r["id"]: r["cluster"] for r in rows}, pairs)
    assert sum(p["same"] for p in pairs) > 500 and sum(not p["same"] for p in pairs) > 20
    assert report.false_merges == []
    assert report.recall >= 0.98


def test_seed_pairs_file_is_well_formed(seed_captions, fixtures_dir: Path) -> None:
    ids = {c.id for c in seed_captions}
    seen = set()
    for line in (fixtures_dir / "dedup" / "seed_pairs.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        assert set(pair) == {"a", "b", "same", "why"} and isinstance(pair["same"], bool) and pair["why"]
        assert pair["a"] in ids and pair["b"] in ids and pair["a"] != pair["b"]
        key = frozenset((pair["a"], pair["b"]))
        assert key not in seen
        seen.add(key)


# --- the guard keeps different events apart ------------------------------------------------------------------------------

RED_SQUARE = ("Expedition {n} prime crew members {crew} visit Red Square to lay flowers at the "
              "Kremlin Wall where Russian space icons are interred, {date} in Moscow.")


def test_guard_keeps_apart_one_template_for_two_expeditions() -> None:
    a = RED_SQUARE.format(n=64, crew="Kate Rubins of NASA", date="Thursday, Sept. 24, 2020")
    b = RED_SQUARE.format(n=65, crew="Kate Rubins of NASA", date="Thursday, Sept. 24, 2020")
    assert fuzz.ratio(a, b) > DEFAULT_THRESHOLD
    rows = dedup([a, b])
    assert rows[0]["cluster"] != rows[1]["cluster"]


@pytest.mark.parametrize("other", [
    RED_SQUARE.format(n=64, crew="Kate Rubins of NASA", date="Friday, Sept. 25, 2020"),
    RED_SQUARE.format(n=64, crew="Sergey Ryzhikov of Roscosmos", date="Thursday, Sept. 24, 2020"),
    RED_SQUARE.format(n=64, crew="Kate Rubins of NASA", date="Thursday, Sept. 24, 2020").replace("Kremlin Wall", "Tsar Bell"),
])
def test_guard_separates_date_crew_and_place(other: str) -> None:
    base = RED_SQUARE.format(n=64, crew="Kate Rubins of NASA", date="Thursday, Sept. 24, 2020")
    rows = dedup([base, other])
    assert rows[0]["cluster"] != rows[1]["cluster"]


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("Expedition 6 ", "Expedition Six "),
    lambda t: t.replace("(left)", "(right)", 1),
    lambda t: t + " Photo Credit: (NASA/Bill Ingalls)",
    lambda t: "jsc2003e12345 - " + t,
    lambda t: t.replace("Kazakhstan, May", "Kazakhstan May"),
])
def test_same_caption_edits_merge(edit) -> None:
    base = ("Expedition 6 Commander Ken Bowersox (left) and Flight Engineer Nikolai Budarin (right) "
            "rest after landing in the Soyuz TMA-1 spacecraft in Kazakhstan, May 4, 2003.")
    rows = dedup([base, edit(base)])
    assert rows[0]["cluster"] == rows[1]["cluster"]
    assert rows[1]["match"]["id"] == rows[0]["id"]
    assert rows[1]["match"]["guard"]["crew"] == ["Ken Bowersox", "Nikolai Budarin"]


# --- the output contract ------------------------------------------------------------------

def test_every_input_row_kept_in_order_with_one_representative_per_cluster(seed_rows, seeds: Path) -> None:
    captions = [c for c in read(seeds)]
    assert [r["id"] for r in seed_rows] == [c.id for c in captions]
    by_cluster: dict[int, list[dict]] = defaultdict(list)
    for row in seed_rows:
        by_cluster[row["cluster"]].append(row)
        assert 0.0 <= row["similarity"] <= 100.0
    assert sorted(by_cluster) == list(range(len(by_cluster)))
    for members in by_cluster.values():
        assert sum(m["representative"] for m in members) == 1
        rep = next(m for m in members if m["representative"])
        assert rep["similarity"] == 100.0
        for member in members[1:]:
            match = member["match"]
            assert match is not None
            assert match["similarity"] >= (DEFAULT_THRESHOLD if match["rule"] == "ratio" else SEARCH_FLOOR)


def test_representative_is_the_most_complete_caption() -> None:
    short = "Expedition 6 crew members rest after landing in Kazakhstan, May 4, 2003."
    full = short + " Photo Credit: (NASA/Bill Ingalls)"
    rows = dedup([short, full])
    assert rows[0]["cluster"] == rows[1]["cluster"]
    assert [r["representative"] for r in rows] == [False, True]


def test_read_errors_keep_their_place(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Soyuz lands."}\nnot json\n{"id": "c", "text": "Soyuz lands."}\n',
                      encoding="utf-8")
    rows = dedup(read(source))
    assert [("error" in r) for r in rows] == [False, True, False]
    assert rows[0]["cluster"] == rows[2]["cluster"] and rows[2]["match"]["exact"] is True


def test_identical_captions_are_extracted_once(monkeypatch) -> None:
    import captionie.duplicates.deduplicator as module

    seen: list[int] = []
    real = module.fingerprints_of_batch

    def counting(engine, batch):
        seen.append(len(batch))
        return real(engine, batch)

    monkeypatch.setattr(module, "fingerprints_of_batch", counting)
    texts = ["Soyuz MS-05 lands.", "Soyuz MS-06 lands.", "Soyuz MS-05 lands.", "Soyuz MS-05 lands."]
    rows = dedup(texts, batch_size=1)
    assert sum(seen) == 2
    assert rows[2]["cluster"] == rows[0]["cluster"] == rows[3]["cluster"] != rows[1]["cluster"]


def test_parallel_dedup_equals_serial(seeds: Path) -> None:
    captions = [c for c in read(seeds)]
    assert dedup(captions, n_process=2, batch_size=40) == dedup(captions)


def test_a_threshold_outside_the_range_is_refused() -> None:
    """(0, 100]: the command line makes it a usage error (tests/cli/test_dedup_command.py)."""
    with pytest.raises(ValueError):
        Deduplicator(101)


# --- differences of form, read from the labeling rule (docs/dedup.md), on captions written here

_TAIL = (" at the Gagarin Cosmonaut Training Center in Star City, Russia, March 13, 2020, on the first day of"
         " qualification exams. They will launch April 9 on the Soyuz MS-16 spacecraft from the Baikonur"
         " Cosmodrome in Kazakhstan for a six-and-a-half month mission on the International Space Station.")


def _clusters(*captions: str) -> list[int]:
    return [row["cluster"] for row in dedup(list(captions))]


def test_names_listed_in_another_order_with_one_short_phrase_are_one_caption() -> None:
    first = ("Expedition 63 crewmembers Chris Cassidy of NASA (left), Anatoly Ivanishin of Roscosmos (center)"
             " and Ivan Vagner of Roscosmos (right) pose for photographers" + _TAIL + " Photo Credit: (NASA/Beth Weissinger)")
    second = ("Expedition 63 crewmembers Ivan Vagner of Roscosmos (left), Anatoly Ivanishin of Roscosmos (center)"
              " and Chris Cassidy of NASA (right) answer questions from the media" + _TAIL)
    rows = dedup([first, second])
    assert rows[0]["cluster"] == rows[1]["cluster"]
    assert rows[1]["match"]["rule"] == "one_short_edit"


def test_another_person_doing_the_same_thing_is_another_photo() -> None:
    """Same people named, same place and day: who lays the flowers is the photo."""
    template = ("Expedition 63 crewmember {} lays flowers at the Kremlin Wall in Moscow, March 3, 2020, in"
                " traditional pre-launch ceremonies. Chris Cassidy of NASA, Anatoly Ivanishin and Ivan Vagner of"
                " Roscosmos will launch April 9 on the Soyuz MS-16 spacecraft.")
    clusters = _clusters(template.format("Chris Cassidy of NASA"), template.format("Ivan Vagner of Roscosmos"))
    assert clusters[0] != clusters[1]


def test_an_extra_sentence_that_names_nobody_new_is_form_one_that_names_someone_is_not() -> None:
    base = ("The Soyuz MS-16 spacecraft carrying Chris Cassidy of NASA and Anatoly Ivanishin and Ivan Vagner of"
            " Roscosmos is seen after landing near Zhezkazgan, Kazakhstan, on Thursday, Oct. 22, 2020.")
    extra = " Dust kicked up by the soft-landing engines of the Soyuz hangs over the steppe."
    assert len(set(_clusters(base, base + extra))) == 1
    a = "crew_a land near | the capsule is recovered by the team and taken away by truck for study"
    b = "crew_a land near"
    named = "crew_a land near | crew_b watch as the capsule is recovered by the team and taken away by truck"
    assert short_edit(a, b) is not None
    assert short_edit(named, b) is None


def test_a_place_moved_into_a_reworded_phrase_is_a_second_difference() -> None:
    """"pose for pictures ... at the Kremlin Wall" / "walk toward the Kremlin Wall ...": two places."""
    names = "Expedition 63 crewmembers Chris Cassidy of NASA, Anatoly Ivanishin and Ivan Vagner of Roscosmos"
    first = (f"With Red Square in Moscow as a backdrop, {names} pose for pictures March 3, 2020, prior to the"
             " ceremonial laying of flowers at the Kremlin Wall. They will launch April 9 on the Soyuz MS-16 spacecraft.")
    second = (f"With Red Square in Moscow as a backdrop, {names} walk toward the Kremlin Wall March 3, 2020, prior"
              " to the ceremonial laying of flowers. They will launch April 9 on the Soyuz MS-16 spacecraft.")
    clusters = _clusters(first, second)
    assert clusters[0] != clusters[1]
