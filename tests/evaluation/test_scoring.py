"""The gold fixtures are well-formed, the scorer counts as SPEC section 4 says, and the
extractor does not fall below the accuracy it has reached (a ratchet)."""

from __future__ import annotations

import copy
import json
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from captionie.evaluation.scoring import FIELDS, evaluate, evaluate_splits

#: Each gold set and the fewest records it may hold.
GOLD_SETS = {"seeds": 290, "archive": 400}


def _read_gold(fixtures_dir, name: str) -> list[dict]:
    path = fixtures_dir / "gold" / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module", params=list(GOLD_SETS))
def gold_set(request, fixtures_dir) -> tuple[str, list[dict]]:
    return request.param, _read_gold(fixtures_dir, request.param)


@pytest.fixture(scope="module")
def gold(fixtures_dir) -> list[dict]:
    return _read_gold(fixtures_dir, "seeds")


def test_gold_is_well_formed(gold_set: tuple[str, list[dict]]) -> None:
    name, gold = gold_set
    assert len(gold) >= GOLD_SETS[name]
    assert len({g["id"] for g in gold}) == len(gold)
    assert len({g["text"] for g in gold}) == len(gold)
    for g in gold:
        for field in FIELDS:
            mentions = [g[field]] if field == "credit" and g[field] else ([] if field == "credit" else g[field])
            for m in mentions:
                assert g["text"][m["start"]:m["end"]] == m["text"], (g["id"], field, m)
            starts = [m["start"] for m in mentions]
            assert starts == sorted(starts)
        for d in g["dates"]:
            assert d["precision"] in {"day", "month", "year", "day_no_year", "month_no_year"}
        for e in g["expeditions"]:
            assert e["value"] == sorted(e["value"]) and all(isinstance(n, int) for n in e["value"])


def test_archive_gold_has_a_test_split_of_at_least_150(fixtures_dir) -> None:
    splits = [g["split"] for g in _read_gold(fixtures_dir, "archive")]
    assert set(splits) == {"dev", "test"}
    assert splits.count("test") >= 150


def test_gold_against_itself_is_perfect(gold_set: tuple[str, list[dict]]) -> None:
    _, gold = gold_set
    report = evaluate(gold, copy.deepcopy(gold))
    for mode in ("strict", "overlap", "value"):
        assert report.micro(mode).f1 == 1.0


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_removing_one_gold_mention_costs_exactly_one_count(gold: list[dict], data: st.DataObject) -> None:
    field = data.draw(st.sampled_from([f for f in FIELDS if f != "credit"]))
    candidates = [i for i, g in enumerate(gold) if g[field]]
    index = data.draw(st.sampled_from(candidates))
    position = data.draw(st.integers(0, len(gold[index][field]) - 1))
    predictions = copy.deepcopy(gold)
    predictions[index][field].pop(position)
    report = evaluate(gold, predictions)
    total = sum(len(g[field]) for g in gold)
    for mode in ("strict", "overlap", "value"):
        counts = report.scores[field][mode]
        assert (counts.tp, counts.fp, counts.fn) == (total - 1, 0, 1), mode
        assert counts.recall == pytest.approx((total - 1) / total)


def test_hand_computed_scores() -> None:
    gold = [{"id": "a", "text": "Soyuz TMA-12 and Soyuz", "spacecraft": [
        {"text": "Soyuz TMA-12", "start": 0, "end": 12, "value": "Soyuz TMA-12"},
        {"text": "Soyuz", "start": 17, "end": 22, "value": "Soyuz"}]}]
    pred = [{"id": "a", "spacecraft": [
        {"text": "Soyuz", "start": 0, "end": 5, "value": "Soyuz"},
        {"text": "Soyuz", "start": 17, "end": 22, "value": "Soyuz"},
        {"text": "and", "start": 13, "end": 16, "value": "x"}]}]
    scores = evaluate(gold, pred).scores["spacecraft"]
    assert (scores["strict"].tp, scores["strict"].fp, scores["strict"].fn) == (1, 2, 1)
    assert (scores["overlap"].tp, scores["overlap"].fp, scores["overlap"].fn) == (2, 1, 0)
    assert (scores["value"].tp, scores["value"].fp, scores["value"].fn) == (1, 2, 1)
    assert scores["value"].precision == pytest.approx(1 / 3)


@pytest.mark.slow
def test_extractor_does_not_fall_below_the_committed_baseline(fixtures_dir) -> None:
    """The ratchet: value F1 per field on the seeds and on both archive splits."""
    baseline = json.loads((fixtures_dir / "gold" / "baseline.json").read_text(encoding="utf-8"))
    reports = {"seeds": evaluate(_read_gold(fixtures_dir, "seeds"))}
    for split, report in evaluate_splits(_read_gold(fixtures_dir, "archive")).items():
        reports[f"archive-{split}"] = report
    drops = {(name, f): (round(reports[name].scores[f]["value"].f1, 4), floor)
             for name, floors in baseline["value_f1"].items() for f, floor in floors.items()
             if reports[name].scores[f]["value"].f1 < floor}
    assert not drops, f"value F1 fell below the baseline: {drops}"
