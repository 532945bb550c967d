"""Pair precision and recall of a clustering against labeled caption pairs.

A labeled pair is ``{"a": id, "b": id, "same": bool}``.  A pair is *predicted* the same when
both ids share a cluster.  A predicted-same pair labeled different is a **false merge** — the
error users care about most, so it is counted and listed on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping


@dataclass
class PairReport:
    """Counts over the labeled pairs whose ids were both clustered."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0
    false_merges: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positive + self.false_negative
        return self.true_positive / actual if actual else 1.0


def score_pairs(cluster_of: Mapping[str, Any], pairs: Iterable[Mapping[str, Any]]) -> PairReport:
    """Score ``cluster_of`` (id → cluster) on labeled ``pairs``; a pair with an id that was
    not clustered is an error, not a silent skip."""
    report = PairReport()
    for pair in pairs:
        missing = [key for key in (pair["a"], pair["b"]) if key not in cluster_of]
        if missing:
            raise KeyError(f"labeled pair names ids that were not clustered: {missing}")
        predicted = cluster_of[pair["a"]] == cluster_of[pair["b"]]
        if predicted and pair["same"]:
            report.true_positive += 1
        elif predicted:
            report.false_positive += 1
            report.false_merges.append(dict(pair))
        elif pair["same"]:
            report.false_negative += 1
            report.missed.append(dict(pair))
        else:
            report.true_negative += 1
    return report
