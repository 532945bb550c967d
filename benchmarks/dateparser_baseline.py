"""The obvious alternative for dates, scored on the same gold: ``dateparser.search.search_dates``.

Each found substring becomes a date mention at its first occurrence after the previous one;
its value is the day the parser returns (``YYYY-MM-DD``).  Run from the repository root:

    python -m benchmarks.dateparser_baseline [tests/fixtures/gold/seeds.jsonl]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from dateparser.search import search_dates

from captionie.evaluation.scoring import evaluate

GOLD = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/gold/seeds.jsonl")


def dateparser_dates(text: str) -> list[dict]:
    found = search_dates(text, languages=["en"]) or []
    mentions, cursor = [], 0
    for substring, moment in found:
        start = text.find(substring, cursor)
        if start < 0:
            continue
        end = start + len(substring)
        mentions.append({"text": substring, "start": start, "end": end, "value": moment.strftime("%Y-%m-%d")})
        cursor = end
    return mentions


def main() -> None:
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    started = time.perf_counter()
    predictions = [{"id": g["id"], "dates": dateparser_dates(g["text"])} for g in gold]
    baseline_seconds = time.perf_counter() - started
    ours = evaluate(gold).scores["dates"]
    theirs = evaluate(gold, predictions).scores["dates"]
    print(f"dates on {GOLD} ({len(gold)} captions, {sum(len(g['dates']) for g in gold)} gold dates)")
    print(f"{'extractor':<32}{'mode':<9}{'P':>7}{'R':>7}{'F1':>7}")
    for name, scores in (("captionie", ours), ("dateparser.search_dates", theirs)):
        for mode in ("strict", "overlap", "value"):
            c = scores[mode]
            print(f"{name:<32}{mode:<9}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}")
    print(f"search_dates time: {baseline_seconds:.1f} s ({len(gold) / baseline_seconds:.0f} captions/s)")


if __name__ == "__main__":
    main()
