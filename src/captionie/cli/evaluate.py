"""``captionie evaluate``: precision, recall and F1 against gold records (docs/output-format.md)."""

from __future__ import annotations

import argparse
from typing import Any

from captionie.cli.common import EXIT_OK, CliError


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("evaluate", help="precision/recall/F1 against gold records (docs/output-format.md)")
    parser.add_argument("--gold", required=True, help="gold JSONL")
    parser.add_argument("predictions", nargs="?", help="prediction JSONL (default: run the extractor on the gold texts)")
    parser.add_argument("--json", help="also write the report as JSON here")
    parser.add_argument("--errors", action="store_true", help="list every false positive and false negative")
    parser.set_defaults(func=run, batch_run=False)


def run(args: argparse.Namespace) -> int:
    import srsly

    from captionie.evaluation.scoring import NoMatchingRecords, evaluate_splits

    def load(path: str) -> list[dict]:
        try:
            return list(srsly.read_jsonl(path))
        except (OSError, ValueError) as exc:
            raise CliError(f"{path}: cannot read JSONL: {exc}") from None

    gold = load(args.gold)
    predictions = load(args.predictions) if args.predictions else None
    try:
        reports = evaluate_splits(gold, predictions, with_errors=args.errors)
    except NoMatchingRecords as exc:
        raise CliError(f"{args.predictions}: {exc}; are they predictions for {args.gold}?") from None
    report = reports["all"]
    if len(reports) > 1:
        # Gold with splits: each split on its own (test is the one no rule was tuned on), then all.
        for name, split_report in reports.items():
            print(f"== {name} ({split_report.records} records) ==")
            print(split_report.table())
            print()
    else:
        print(report.table())
    if args.json:
        document = report.to_json()
        if len(reports) > 1:
            document["splits"] = {name: r.to_json() for name, r in reports.items() if name != "all"}
        srsly.write_json(args.json, document)
    if args.errors:
        errors = [error for name, r in reports.items() if name != "all" for error in r.errors] or report.errors
        for error in errors:
            print(f"{error['type']:<14} {error['field']:<11} {error['id']}  {error['context']!r}  "
                  f"value={error['value']!r} rule={error['rule']}")
    return EXIT_OK
