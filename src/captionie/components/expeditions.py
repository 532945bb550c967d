"""ISS expedition mentions: ``Expedition 37/38`` -> [37, 38], ``Expedition Six`` -> [6].

One regex over the raw text (cheaper than token patterns); the number
words come from ``patterns/number_words.json``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from captionie import resources
from captionie.components.base import FieldRecognizer, component_meta
from captionie.pipeline.mentions import Mention, MentionStore

MAX_EXPEDITION = 200  # a range wider than this is not an expedition list


@lru_cache(maxsize=1)
def number_words() -> dict[str, int]:
    """Every spelled-out number 1..99 ("six", "twenty-two", "twenty two") and roman numeral."""
    vocab = resources.vocabulary("number_words")
    words: dict[str, int] = {}
    words.update(vocab["units"])
    words.update(vocab["teens"])
    for tens_word, tens in vocab["tens"].items():
        words[tens_word] = tens
        for unit_word, unit in vocab["units"].items():
            words[f"{tens_word}-{unit_word}"] = tens + unit
            words[f"{tens_word} {unit_word}"] = tens + unit
    return words


def _number_alternation() -> str:
    spelled = sorted(number_words(), key=len, reverse=True)
    spelled_re = "|".join(re.escape(w).replace(r"\ ", r"\s") for w in spelled)
    return rf"(?:\d{{1,3}}|(?i:{spelled_re}))"


def _numbers_after_head() -> str:
    num = _number_alternation()
    sep = r"(?:\s*[/–-]\s*|,\s*(?:and\s+)?|\s+(?:and|&|through|to)\s+)"
    return rf"\s+(?P<nums>{num}(?:{sep}\d{{1,3}})*)(?![\w/-])"


def _expedition_regex() -> re.Pattern[str]:
    """Expedition(s), expedition(s), EXPEDITION(S) or Exp. at a word start, then the numbers.
    The pattern opens with the letter class every head starts with (the word start is checked
    after it), so the regex engine skips to an E or e instead of trying every position."""
    head = r"[Ee](?<!\w.)(?:(?<=E)(?:xpeditions?|XPEDITIONS?|xp\.)|(?<=e)xpeditions?)"
    return re.compile(rf"(?P<head>{head}){_numbers_after_head()}")


def parse_numbers(nums: str) -> list[int] | None:
    """``37/38`` -> [37, 38]; ``68-69`` -> [68, 69]; ``52 and 53`` -> [52, 53]; ``Six`` -> [6].
    A hyphen or "through" between two numbers is a range; None when it is not plausible."""
    words = number_words()
    tokens = re.split(r"(\s*[/–-]\s*(?=\d)|\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+|\s+(?:through|to)\s+)", nums)
    values: list[int] = []
    range_next = False
    for index, token in enumerate(tokens):
        if index % 2 == 1:
            range_next = bool(re.fullmatch(r"\s*[–-]\s*|\s+(?:through|to)\s+", token))
            continue
        token = token.strip()
        number = int(token) if token.isdigit() else words.get(token.lower().replace("\u2013", "-"))
        if number is None:
            return None
        if range_next and values:
            low = values[-1]
            if number <= low or number - low > 20:
                values.append(number)  # "53-54" is a range; "64-5" is not, keep both as written
            else:
                values.extend(range(low + 1, number + 1))
            range_next = False
        else:
            values.append(number)
    if not values or any(v < 1 or v > MAX_EXPEDITION for v in values):
        return None
    return sorted(set(values))


class ExpeditionRecognizer(FieldRecognizer):
    """``Expedition(s) N[/-,and N ...]`` with digits or number words."""

    field = "expeditions"
    label = "EXPEDITION"

    def __init__(self) -> None:
        super().__init__()
        self.pattern = _expedition_regex()

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        found: list[Mention] = []
        text = store.text
        if "xp" not in text and "XP" not in text:
            return found  # every head holds one (Expedition, EXPEDITION, Exp.): most captions name none
        for match in self.pattern.finditer(text):
            start, end, nums = match.start(), match.end(), match.group("nums")
            values = parse_numbers(nums)
            # Trailing "and" in "Expedition 52 and 53 crews" is fine; "Expedition 6 and Soyuz" is not
            # part of the regex because a number must follow every separator.
            if values is None:
                continue
            if store.is_blocked(start, end):
                continue
            rule = "expedition.words" if not nums[:1].isdigit() else (
                "expedition.list" if len(values) > 1 else "expedition.number")
            found.append(Mention(start, end, text[start:end], values, rule))
        return found


@Language.factory("captionie_expeditions", **component_meta("expeditions", reads=("credit",)))
def make_expedition_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> ExpeditionRecognizer:
    return ExpeditionRecognizer().configure(spans_key, annotate_ents)
