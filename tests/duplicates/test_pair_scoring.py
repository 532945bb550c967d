"""Pair precision and recall of a clustering against labeled caption pairs."""

from __future__ import annotations

import pytest

from captionie.duplicates.pair_scoring import score_pairs


def test_each_labeled_pair_is_counted_by_whether_its_ids_share_a_cluster() -> None:
    clusters = {"a": 0, "b": 0, "c": 1, "d": 1, "e": 2}
    same_found = {"a": "a", "b": "b", "same": True}
    same_missed = {"a": "a", "b": "c", "same": True}
    false_merge = {"a": "c", "b": "d", "same": False}
    kept_apart = {"a": "a", "b": "e", "same": False}
    report = score_pairs(clusters, [same_found, same_missed, false_merge, kept_apart, same_found])
    assert (report.true_positive, report.false_positive, report.false_negative, report.true_negative) == (2, 1, 1, 1)
    assert report.false_merges == [false_merge] and report.missed == [same_missed]
    assert report.precision == pytest.approx(2 / 3) and report.recall == pytest.approx(2 / 3)


def test_without_pairs_to_count_precision_and_recall_are_perfect() -> None:
    report = score_pairs({"a": 0}, [])
    assert (report.precision, report.recall) == (1.0, 1.0)


def test_a_pair_naming_an_id_that_was_not_clustered_is_an_error_not_a_skip() -> None:
    with pytest.raises(KeyError, match="'z'"):
        score_pairs({"a": 0}, [{"a": "a", "b": "z", "same": True}])
