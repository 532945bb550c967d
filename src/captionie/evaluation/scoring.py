"""Scoring predictions against gold records (docs/output-format.md).

Per field, over all captions: precision / recall / F1 for span-strict (same start and end),
span-overlap (overlapping spans, each mention matched at most once) and value (multiset of
normalized values per caption; crew by ``value``, credit by ``photographer``), plus
micro-averaged totals.  Counting is done as multisets per caption, like ``spacy.scorer``'s
set arithmetic (tp = candidates ∩ gold) but with repeats kept.

Attributes (crew ``role`` and ``agency``, spacecraft ``kind``, location ``country``, date
``precision``) are scored as accuracy over value-matched mentions: a gold mention and a
predicted one with the same value are paired, and each attribute the gold mention states is
right when the prediction states the same.  A gold record that leaves a field out is not scored
on that field.

Gold records may carry a ``split`` (``dev``: rules are tuned on it; ``test``: never looked at
while tuning); :func:`evaluate_splits` reports each split and all records together.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from captionie.pipeline.mentions import LIST_FIELDS

FIELDS: tuple[str, ...] = LIST_FIELDS + ("credit",)
MODES: tuple[str, ...] = ("strict", "overlap", "value")
#: The attributes scored as accuracy over value-matched mentions, by field.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "dates": ("precision",),
    "spacecraft": ("kind",),
    "crew": ("role", "agency"),
    "locations": ("country",),
}


class NoMatchingRecords(ValueError):
    """No prediction's id is the id of a gold record: the two files are not about the same
    captions, and every score would be zero."""


@dataclass
class Accuracy:
    """Attribute values that agreed with gold, of those gold states."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def to_json(self) -> dict[str, float | int]:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.accuracy, 4)}


@dataclass
class Counts:
    """True positives, false positives, false negatives, and the derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Report:
    """Scores by field and mode, micro totals, and the individual errors."""

    scores: dict[str, dict[str, Counts]] = field(default_factory=lambda: {f: {m: Counts() for m in MODES} for f in FIELDS})
    attributes: dict[str, Accuracy] = field(
        default_factory=lambda: {f"{f}.{a}": Accuracy() for f, names in ATTRIBUTES.items() for a in names})
    errors: list[dict[str, Any]] = field(default_factory=list)
    #: Gold records scored, and those of them no prediction had (scored as predicting nothing).
    records: int = 0
    missing: int = 0

    def micro(self, mode: str) -> Counts:
        total = Counts()
        for f in FIELDS:
            total.add(self.scores[f][mode])
        return total

    def to_json(self) -> dict[str, Any]:
        return {
            "fields": {f: {m: self.scores[f][m].to_json() for m in MODES} for f in FIELDS},
            "micro": {m: self.micro(m).to_json() for m in MODES},
            "attributes": {name: accuracy.to_json() for name, accuracy in self.attributes.items()},
            "records": self.records,
            "missing_predictions": self.missing,
        }

    def table(self) -> str:
        """A plain-text table: one row per field, P/R/F1 for each mode."""
        header = f"{'field':<12}" + "".join(f"{m + ' P':>11}{'R':>7}{'F1':>7}" for m in MODES)
        lines = [header, "-" * len(header)]
        rows = [(f, self.scores[f]) for f in FIELDS] + [("micro", {m: self.micro(m) for m in MODES})]
        for name, by_mode in rows:
            cells = "".join(f"{by_mode[m].precision:>11.3f}{by_mode[m].recall:>7.3f}{by_mode[m].f1:>7.3f}" for m in MODES)
            lines.append(f"{name:<12}{cells}")
        lines.append("")
        lines.append(f"{'attribute':<20}{'correct':>9}{'of':>7}{'accuracy':>10}")
        for name, accuracy in self.attributes.items():
            lines.append(f"{name:<20}{accuracy.correct:>9}{accuracy.total:>7}{accuracy.accuracy:>10.3f}")
        if self.missing:
            lines.append(f"\n{self.missing} of {self.records} gold records had no prediction (scored as predicting nothing)")
        return "\n".join(lines)


def _mentions(record: dict[str, Any], field_name: str) -> list[dict[str, Any]]:
    value = record.get(field_name)
    if field_name == "credit":
        return [value] if isinstance(value, dict) else []
    return list(value or [])


def _value_key(field_name: str, mention: dict[str, Any]) -> Any:
    value = mention.get("photographer") if field_name == "credit" else mention.get("value")
    return tuple(value) if isinstance(value, list) else value


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    return f"{text[max(0, start - width):start]}[{text[start:end]}]{text[end:end + width]}"


def score_record(gold: dict[str, Any], pred: dict[str, Any], report: Report, with_errors: bool = False) -> None:
    """Add one caption's counts (and, optionally, its errors) to ``report``."""
    text = gold.get("text", "")
    for f in FIELDS:
        if f not in gold:
            continue  # the gold record leaves this field out: not scored
        g_list, p_list = _mentions(gold, f), _mentions(pred, f)
        # strict
        g_spans = Counter((m["start"], m["end"]) for m in g_list)
        p_spans = Counter((m["start"], m["end"]) for m in p_list)
        tp = sum((g_spans & p_spans).values())
        report.scores[f]["strict"].add(Counts(tp, sum(p_spans.values()) - tp, sum(g_spans.values()) - tp))
        # overlap: greedy, each mention used once
        used: set[int] = set()
        matched_gold = 0
        for g in g_list:
            for i, p in enumerate(p_list):
                if i not in used and p["start"] < g["end"] and g["start"] < p["end"]:
                    used.add(i)
                    matched_gold += 1
                    break
        report.scores[f]["overlap"].add(Counts(matched_gold, len(p_list) - len(used), len(g_list) - matched_gold))
        # value
        g_values = Counter(_value_key(f, m) for m in g_list)
        p_values = Counter(_value_key(f, m) for m in p_list)
        if f == "credit":
            g_values.pop(None, None)
            p_values.pop(None, None)
        tp = sum((g_values & p_values).values())
        report.scores[f]["value"].add(Counts(tp, sum(p_values.values()) - tp, sum(g_values.values()) - tp))
        if f in ATTRIBUTES:
            _score_attributes(f, g_list, p_list, report)
        if with_errors:
            gold_keys = Counter((m["start"], m["end"], _value_key(f, m)) for m in g_list)
            pred_keys = Counter((m["start"], m["end"], _value_key(f, m)) for m in p_list)
            for kind, source, other in (("false_positive", p_list, gold_keys), ("false_negative", g_list, pred_keys)):
                remaining = Counter(other)
                for m in source:
                    key = (m["start"], m["end"], _value_key(f, m))
                    if remaining[key]:
                        remaining[key] -= 1
                        continue
                    report.errors.append({
                        "id": gold.get("id"), "field": f, "type": kind, "text": m.get("text"),
                        "value": _value_key(f, m), "rule": m.get("rule"),
                        "context": _context(text, m["start"], m["end"]),
                    })


def _score_attributes(field_name: str, g_list: list[dict[str, Any]], p_list: list[dict[str, Any]],
                      report: Report) -> None:
    """Pair gold and predicted mentions of one caption by value (in text order within a value)
    and count, for each attribute gold states, whether the prediction states the same."""
    unpaired: dict[Any, list[dict[str, Any]]] = {}
    for mention in p_list:
        unpaired.setdefault(_value_key(field_name, mention), []).append(mention)
    for gold_mention in g_list:
        candidates = unpaired.get(_value_key(field_name, gold_mention))
        if not candidates:
            continue
        predicted = candidates.pop(0)
        for name in ATTRIBUTES[field_name]:
            if name in gold_mention:
                accuracy = report.attributes[f"{field_name}.{name}"]
                accuracy.total += 1
                accuracy.correct += predicted.get(name) == gold_mention[name]


def predict(gold_records: list[dict[str, Any]],
            predictions: Iterable[dict[str, Any]] | None = None) -> dict[Any, dict[str, Any]]:
    """Predictions by id: ``predictions`` as given or, when None, a live run of the extractor
    on the gold texts.  Raises :class:`NoMatchingRecords` when predictions are given and none
    of their ids is a gold record's."""
    if predictions is None:
        from captionie.api import extract

        return {g["id"]: extract(g["text"], id=g["id"], meta=g.get("meta")) for g in gold_records}
    predicted = {p.get("id"): p for p in predictions}
    if gold_records and not any(g.get("id") in predicted for g in gold_records):
        raise NoMatchingRecords(f"none of the {len(predicted)} predictions has the id of one of the "
                                f"{len(gold_records)} gold records")
    return predicted


def score(gold_records: Iterable[dict[str, Any]], predicted: dict[Any, dict[str, Any]],
          with_errors: bool = False) -> Report:
    """The report of ``predicted`` (by id) against ``gold_records``."""
    report = Report()
    for g in gold_records:
        report.records += 1
        report.missing += g.get("id") not in predicted
        score_record(g, predicted.get(g["id"], {}), report, with_errors)
    return report


def evaluate(gold: Iterable[dict[str, Any]], predictions: Iterable[dict[str, Any]] | None = None,
             with_errors: bool = False) -> Report:
    """Score ``predictions`` (matched to gold by ``id``) or, when None, a live run of the
    extractor on the gold texts; see :func:`predict`."""
    gold_records = list(gold)
    return score(gold_records, predict(gold_records, predictions), with_errors)


def split_names(gold_records: Iterable[dict[str, Any]]) -> list[str]:
    """The ``split`` values gold records carry (``dev``, ``test`` ...), in first-seen order."""
    return list(dict.fromkeys(g["split"] for g in gold_records if isinstance(g.get("split"), str)))


def evaluate_splits(gold: Iterable[dict[str, Any]], predictions: Iterable[dict[str, Any]] | None = None,
                    with_errors: bool = False) -> dict[str, Report]:
    """One report per ``split`` the gold records carry, then ``"all"`` over every record (only
    ``"all"`` when none carries a split).  Each caption is predicted once."""
    gold_records = list(gold)
    predicted = predict(gold_records, predictions)
    reports = {name: score([g for g in gold_records if g.get("split") == name], predicted, with_errors)
               for name in split_names(gold_records)}
    reports["all"] = score(gold_records, predicted, with_errors and not reports)
    return reports
