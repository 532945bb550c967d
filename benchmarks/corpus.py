"""A deterministic corpus of N captions made from ``seeds/``, for benchmarks and dedup tests.

Like the archives captionie meets, most captions repeat: a share are verbatim copies of a seed
caption and the rest are the same caption lightly edited — the edits ``docs/dedup.md`` calls
"the same caption": a typo in an ordinary word, the credit line rewritten, an image id
prepended, "Expedition 6" as "Expedition Six", "left"/"right" swapped, a date written out,
punctuation, a curly apostrophe turned into mojibake.  A smaller share get an edit that makes
a *different* event (another expedition number, another day), so the guard has work to do.

Every caption records the edits it got (``meta.edits``) and the seed it came from
(``meta.seed``), so a caption's labels come from its construction, never from the extractor.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]

NUMBER_WORDS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
                "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen",
                "Eighteen", "Nineteen", "Twenty"]
MONTHS = {"Jan.": "January", "Feb.": "February", "Aug.": "August", "Sept.": "September",
          "Oct.": "October", "Nov.": "November", "Dec.": "December"}
_CREDIT = re.compile(r"(?:Photo )?[Cc]redit:?\s*\(?NASA/([A-Z][a-z]+ [A-Z][a-z]+)\)?\s*$")
_EXPEDITION = re.compile(r"\bExpedition (\d{1,2})\b")
_SHORT_MONTH_DAY = re.compile(r"\b(Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) (\d{1,2})\b")
_DAY = re.compile(r"\b((?:Jan\.|Feb\.|March|April|May|June|July|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) )(\d{1,2})\b")
_PLAIN_WORD = re.compile(r"(?<![\w'’./-])([a-z]{5,})(?![\w'’/-])")


@dataclass
class Synthetic:
    """One generated caption and how it was made."""

    id: str
    text: str
    seed: str
    edits: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"id": self.id, "text": self.text, "meta": {"seed": self.seed, "edits": self.edits}}


def _typo(text: str, rng: random.Random) -> str | None:
    words = list(_PLAIN_WORD.finditer(text))
    if not words:
        return None
    match = rng.choice(words)
    word = match.group(1)
    i = rng.randrange(len(word) - 1)
    changed = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return text[:match.start(1)] + changed + text[match.end(1):]


def _credit(text: str, rng: random.Random) -> str | None:
    match = _CREDIT.search(text)
    if not match:
        return None
    form = rng.choice(["Credit: NASA/{0}", "Photo credit: NASA/{0}", "(NASA/{0})", "Image credit: NASA/{0}"])
    return text[:match.start()] + form.format(match.group(1))


def _image_id(text: str, rng: random.Random) -> str | None:
    return f"jsc{rng.randrange(2000, 2024)}e{rng.randrange(0, 10**6):06d} - {text}"


def _number_word(text: str, rng: random.Random) -> str | None:
    match = next((m for m in _EXPEDITION.finditer(text) if int(m.group(1)) <= 20), None)
    if match is None:
        return None
    return text[:match.start(1)] + NUMBER_WORDS[int(match.group(1))] + text[match.end(1):]


def _swap_sides(text: str, rng: random.Random) -> str | None:
    if "left" not in text or "right" not in text:
        return None
    return re.sub(r"\b(left|right)\b", lambda m: "right" if m.group(1) == "left" else "left", text)


def _month_in_full(text: str, rng: random.Random) -> str | None:
    match = _SHORT_MONTH_DAY.search(text)
    if match is None:
        return None
    return text[:match.start(1)] + MONTHS[match.group(1)] + text[match.end(1):]


def _punctuation(text: str, rng: random.Random) -> str | None:
    commas = [m.start() for m in re.finditer(r", ", text)]
    if not commas:
        return None
    at = rng.choice(commas)
    return text[:at] + text[at + 1:]


def _mojibake(text: str, rng: random.Random) -> str | None:
    if "’" not in text:
        return None
    return text.replace("’", "â€™", 1)


def _other_expedition(text: str, rng: random.Random) -> str | None:
    match = _EXPEDITION.search(text)
    if match is None:
        return None
    number = int(match.group(1))
    return text[:match.start(1)] + str(number + rng.choice([-2, -1, 1, 2]) if number > 2 else number + 1) + text[match.end(1):]


def _other_day(text: str, rng: random.Random) -> str | None:
    match = _DAY.search(text)
    if match is None:
        return None
    day = int(match.group(2))
    return text[:match.start(2)] + str(day + 1 if day < 28 else day - 1) + text[match.end(2):]


#: Edits that keep "the same caption" (docs/dedup.md rule 2).
SAME_EDITS: dict[str, Callable[[str, random.Random], str | None]] = {
    "typo": _typo, "credit": _credit, "image_id": _image_id, "number_word": _number_word,
    "swap_sides": _swap_sides, "month_in_full": _month_in_full, "punctuation": _punctuation,
    "mojibake": _mojibake,
}
#: Edits that make a different event (docs/dedup.md rule 1).
EVENT_EDITS: dict[str, Callable[[str, random.Random], str | None]] = {
    "other_expedition": _other_expedition, "other_day": _other_day,
}


def seed_captions(seeds: Path = ROOT / "seeds") -> list[tuple[str, str]]:
    """The distinct seed captions as ``(id, text)``, in reading order."""
    from captionie.io.readers import Caption, read

    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for item in read(seeds):
        if isinstance(item, Caption) and item.text not in seen:
            seen.add(item.text)
            out.append((item.id, item.text))
    return out


def perturb(text: str, rng: random.Random, edits: dict[str, Callable], count: int) -> tuple[str, list[str]]:
    """Apply up to ``count`` applicable edits drawn from ``edits``."""
    applied: list[str] = []
    names = list(edits)
    rng.shuffle(names)
    for name in names:
        if len(applied) == count:
            break
        changed = edits[name](text, rng)
        if changed is not None and changed != text:
            text = changed
            applied.append(name)
    return text, applied


def generate(n: int, seed: int = 13, verbatim: float = 0.2, event_change: float = 0.05,
             seeds: list[tuple[str, str]] | None = None) -> Iterator[Synthetic]:
    """``n`` captions: ``verbatim`` copies, ``event_change`` with an event-changing edit (plus
    maybe one same-caption edit), the rest with one or two same-caption edits."""
    rng = random.Random(seed)
    base = seeds if seeds is not None else seed_captions()
    for i in range(n):
        seed_id, text = base[rng.randrange(len(base))]
        roll = rng.random()
        edits: list[str] = []
        if roll >= verbatim:
            if roll < verbatim + event_change:
                text, edits = perturb(text, rng, EVENT_EDITS, 1)
            text, more = perturb(text, rng, SAME_EDITS, rng.choice([1, 2]))
            edits += more
        yield Synthetic(f"syn{i}", text, seed_id, edits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", required=True, help="JSONL file to write")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    import srsly

    srsly.write_jsonl(args.output, (s.to_json() for s in generate(args.n, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
