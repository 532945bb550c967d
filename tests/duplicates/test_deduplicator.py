"""Near-duplicate clustering: the labeled fixtures, the guard, the output contract, the CLI."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from benchmarks.corpus import generate
from benchmarks.dedup_threshold import seed_pairs, synthetic_pairs
from captionie.cli.app import main
from captionie import dedup
from captionie.duplicates.deduplicator import DEFAULT_THRESHOLD, Deduplicator, feed
from captionie.duplicates.pair_scoring import score_pairs
from captionie.duplicates.fingerprint import Fingerprint, comparison_text, fingerprint, guard_values
from captionie.duplicates.near_duplicates import ALL_PAIRS_MAX, SEARCH_FLOOR, cluster_texts, edge_rule, one_short_edit, short_edit
from captionie.io.readers import Caption, read
from captionie.duplicates.union_find import UnionFind

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def seed_rows() -> list[dict]:
    return dedup(read(SEEDS))


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
    """Issue 4: pair recall >= 0.98 on the labeled fixtures (read-labeled and identical pairs),
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


def test_seed_pairs_file_is_well_formed() -> None:
    ids = {c.id for c in read(SEEDS) if isinstance(c, Caption)}
    seen = set()
    for line in (ROOT / "tests/fixtures/dedup/seed_pairs.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        assert set(pair) == {"a", "b", "same", "why"} and isinstance(pair["same"], bool) and pair["why"]
        assert pair["a"] in ids and pair["b"] in ids and pair["a"] != pair["b"]
        key = frozenset((pair["a"], pair["b"]))
        assert key not in seen
        seen.add(key)


# --- the guard ------------------------------------------------------------------------------

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


def test_guard_counts_expeditions_not_just_the_set() -> None:
    record = {"expeditions": [{"value": [50]}, {"value": [49, 50]}]}
    other = {"expeditions": [{"value": [49]}, {"value": [49, 50]}]}
    assert guard_values(record)["expeditions"] != guard_values(other)["expeditions"]


def test_guard_drops_inferred_years_and_generic_spacecraft() -> None:
    record = {"dates": [{"value": "2017-12-13", "year_inferred": True}],
              "spacecraft": [{"value": "Soyuz"}, {"value": "Soyuz TMA-2"}]}
    guard = guard_values(record)
    assert guard["dates"] == ["--12-13"] and guard["spacecraft"] == ["Soyuz TMA-2"]


def test_comparison_text_drops_credit_ids_and_positions_and_canonicalizes() -> None:
    text = "jsc2003e12345 - Expedition Six crew (left) lands. Photo Credit: (NASA/Bill Ingalls)"
    record = {"text": text,
              "image_ids": [{"start": 0, "end": 13}],
              "expeditions": [{"start": 16, "end": 30, "value": [6]}],
              "crew": [{"start": text.index("crew"), "end": text.index("crew") + 4, "value": "Crew Name"}],
              "credit": {"start": text.index("NASA/"), "end": len(text) - 1}}
    # The expedition is in the guard, so it leaves the text; crew stay as their values, one
    # word each; inflections are stemmed ("lands" / "landed" is form).
    assert comparison_text(record) == "crew_name land"


def test_comparison_text_ignores_where_dates_and_places_stand_and_stray_photo_numbers() -> None:
    """A dateline in front or the date at the end, "(L)" for "left", a quoted credit and a
    photo number the id rules missed are all the same caption."""
    first = 'May 4, 2003, Kazakhstan. CG4G9064 Bob Cabana (L) looks out. Photo Credit: "NASA/Bill Ingalls"'
    second = "Bob Cabana, left, looks out, Tuesday, May 4, 2003, in Kazakhstan. Photo Credit: (NASA/Bill Ingalls)"

    def record(text: str, date: str) -> dict:
        return {"text": text,
                "dates": [{"start": text.index(date), "end": text.index(date) + len(date), "value": "2003-05-04"}],
                "locations": [{"start": text.index("Kazakhstan"), "end": text.index("Kazakhstan") + 10,
                               "value": "Kazakhstan"}],
                "credit": {"start": text.index("NASA/"), "end": text.index("Ingalls") + 7}}

    a, b = comparison_text(record(first, "May 4, 2003")), comparison_text(record(second, "Tuesday, May 4, 2003"))
    assert a == "@kazakhstan | bob cabana look out"
    assert b == "bob cabana look out in @kazakhstan"
    # The place moved with its dateline: a difference of form, nothing else differs.
    edit = short_edit(a, b)
    assert edit is not None and edit.a_kept == edit.b_kept == "bob cabana look out"


# --- the output contract ------------------------------------------------------------------

def test_every_input_row_kept_in_order_with_one_representative_per_cluster(seed_rows) -> None:
    captions = [c for c in read(SEEDS)]
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


def test_parallel_dedup_equals_serial() -> None:
    captions = [c for c in read(SEEDS)]
    assert dedup(captions, n_process=2, batch_size=40) == dedup(captions)


# --- the scalable search agrees with exhaustive scoring ---------------------------------------

def test_exemplar_search_finds_the_all_pairs_components() -> None:
    """A partition larger than ALL_PAIRS_MAX goes through the exemplar index; its clusters
    must be the connected components of the exhaustive verified edges."""
    made = [s for s in generate(3000, seed=5) if not any(e.startswith("other_") for e in s.edits)]
    rng = random.Random(3)
    base = "international space station crew members pose for a photo after the soyuz landing near zhezkazgan"
    texts = sorted({_jitter(base, rng) for _ in range(ALL_PAIRS_MAX * 2)} | {s.text.casefold() for s in made[:200]})
    guards = ["g"] * len(texts)
    ours = cluster_texts(texts, guards, 97.5)
    exhaustive = UnionFind(len(texts))
    for i, j in itertools.combinations(range(len(texts)), 2):
        if edge_rule(texts[i], texts[j], 97.5) is not None:
            exhaustive.union(i, j)
    assert len(texts) > ALL_PAIRS_MAX
    assert _partition(ours.root) == _partition([exhaustive.find(i) for i in range(len(texts))])


def _jitter(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 4)):
        i = rng.randrange(len(chars) - 1)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def _partition(roots: list[int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = defaultdict(set)
    for item, root in enumerate(roots):
        groups[root].add(item)
    return {frozenset(g) for g in groups.values()}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["soyuz lands", "soyuz landz", "crew rests", "crew rest", "station"]),
                min_size=1, max_size=30),
       st.floats(min_value=50.0, max_value=100.0))
def test_clusters_are_components_of_verified_edges(texts: list[str], threshold: float) -> None:
    distinct = sorted(set(texts))
    result = cluster_texts(distinct, [""] * len(distinct), threshold)
    for i, j in itertools.combinations(range(len(distinct)), 2):
        if edge_rule(distinct[i], distinct[j], threshold) is not None:
            assert result.root[i] == result.root[j]
    for item, link in enumerate(result.link):
        if link is not None:
            assert edge_rule(distinct[item], distinct[link.other], threshold) is not None


@pytest.mark.parametrize(("a", "b", "same"), [
    # One place, a short phrase: the labeling rule's "lightly edited".
    ("helicopters fly around the landing zone of the capsule with the crew", "a plane flies around the landing zone of the capsule with the crew", True),
    ("the crew lands in the steppe", "the crew floats to a landing in the steppe", True),
    ("the crew lands in the steppe", "the crew lands in the steppe", True),
    # Two places, however short: two moments.
    ("recovery teams arrive at the capsule shortly after it landed near the town",
     "recovery teams chase the capsule shortly as it lands near the town", False),
    # One place but a long rewrite.
    ("the commander answers questions from behind glass during a press conference before launch",
     "the commander smiles at his family from a quarantined glass room after launch", False),
])
def test_one_short_edit_is_the_labeling_rule(a: str, b: str, same: bool) -> None:
    assert one_short_edit(a, b) is same
    assert one_short_edit(b, a) is same


def test_a_short_edit_alone_does_not_merge_far_apart_texts() -> None:
    """A one-word change in a four-word caption is a different caption: too little context."""
    assert one_short_edit("soyuz crew launch photo", "soyuz crew landing photo")
    assert edge_rule("soyuz crew launch photo", "soyuz crew landing photo", 97.5) is None


def test_threshold_outside_range_is_a_usage_error(capsys) -> None:
    assert main(["dedup", str(SEEDS), "--threshold", "0"]) == 2
    assert "threshold" in capsys.readouterr().err
    with pytest.raises(ValueError):
        Deduplicator(101)


# --- the command line -------------------------------------------------------------------------

def test_cli_dedup_and_extract_dedup_agree(tmp_path: Path, capsys) -> None:
    rows_path, records_path = tmp_path / "rows.jsonl", tmp_path / "records.jsonl"
    assert main(["dedup", str(SEEDS), "-o", str(rows_path)]) == 0
    assert "captions in" in capsys.readouterr().err
    assert main(["extract", "--dedup", str(SEEDS), "-o", str(records_path), "--workers", "2"]) == 0
    rows = [json.loads(l) for l in rows_path.read_text(encoding="utf-8").splitlines()]
    records = [json.loads(l) for l in records_path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(records) == sum(1 for _ in read(SEEDS))
    assert [r["cluster"] for r in rows] == [r["cluster"] for r in records]
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert Counter(r["cluster"] for r in rows).most_common(1)[0][1] > 1


def test_cli_extract_dedup_with_a_bad_line_keeps_records_and_clusters_aligned(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Soyuz TMA-2 lands in Kazakhstan."}\n{"id": "b", "text": 5}\n'
                      '{"id": "c", "text": "Soyuz TMA-2 lands in Kazakhstan"}\n{"id": "d", "text": "Tsar Bell."}\n',
                      encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    assert main(["extract", "--dedup", str(source), "-o", str(out), "--errors", str(errors)]) == 1
    records = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "c", "d"]
    assert records[0]["cluster"] == records[1]["cluster"] != records[2]["cluster"]
    assert [json.loads(l)["id"] for l in errors.read_text(encoding="utf-8").splitlines()] == ["b"]


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
