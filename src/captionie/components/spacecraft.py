"""Spacecraft, stations, launch vehicles, satellites, probes and missions.

Three sources, longest match wins: the gazetteer (``patterns/spacecraft.jsonl``) through a
PhraseMatcher; serial-family rules (``patterns/spacecraft_serials.jsonl``) that name craft no
list holds (``Soyuz MS-31``, ``Syouz TMA-2``, ``MS-22 spacecraft``); and a context check that
keeps ambiguous names (``Terra``, ``Spirit``) only next to a cue word and drops job titles
(``Soyuz Commander``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from captionie import resources
from captionie.components.base import FieldRecognizer, component_meta, longest_non_overlapping
from captionie.matching.gazetteer import Gazetteer
from captionie.pipeline.mentions import Mention, MentionStore
from captionie.resources import SpacecraftEntry
from captionie.matching.regex_rules import RuleSet

_WORD = re.compile(r"[\w'’.-]+")


@lru_cache(maxsize=4096)
def normalize_serial(serial: str) -> str:
    """``tma 1m`` -> ``TMA-01M``; ``MS-5`` -> ``MS-05``; ``TM 12`` -> ``TM-12``: the forms
    NASA uses for Soyuz and Progress serials (TMA-M and MS numbers are two digits).
    Cached: a few hundred serials recur across an archive."""
    compact = re.sub(r"[\s-]+", "", serial.upper())
    found = re.fullmatch(r"([A-Z]+)(\d+)([A-Z]?)", compact)
    if not found:
        return serial
    letters, digits, suffix = found.groups()
    if letters == "MS" or (letters in ("TMA", "M") and suffix == "M"):
        digits = digits.zfill(2)
    return f"{letters}-{digits}{suffix}"


class SpacecraftRecognizer(FieldRecognizer):
    """Gazetteer + serial rules + context, one mention per vehicle reference."""

    field = "spacecraft"
    label = "SPACECRAFT"

    def __init__(self, nlp: Language) -> None:
        super().__init__()
        entries = resources.spacecraft()
        self.by_name = {entry.name: entry for entry in entries}
        self.gazetteer: Gazetteer[SpacecraftEntry] = Gazetteer(
            nlp, ((form, entry) for entry in entries for form in (entry.name, *entry.aliases)), "spacecraft"
        )
        self.rules = RuleSet(resources.regex_rules("spacecraft_serials"))
        context = resources.vocabulary("spacecraft_context")
        self.cues = frozenset(context["cues"])
        self.position_titles = re.compile(rf"\s+(?:{'|'.join(map(re.escape, context['position_titles']))})\b")
        self.position_kinds = frozenset(context["position_titles_apply_to"])
        self.launch_heads = re.compile(rf"\s+(?:{'|'.join(map(re.escape, context['launch_vehicle_heads']))})\b")

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = store.text
        found: list[Mention] = []
        for hit in self.gazetteer.find(doc):
            entry = hit.entry
            if entry.ambiguous and not self._has_cue(text, hit.start, hit.end):
                continue
            mention = self._mention(text, hit.start, hit.end, entry.name, entry.kind, "spacecraft.gazetteer")
            if mention is not None:
                found.append(mention)
        for rule, match in self.rules.matches(text):
            groups = {k: v for k, v in match.groupdict().items() if v}
            if "serial" in groups and rule.normalize_serial:
                groups["serial"] = normalize_serial(groups["serial"])
            value = (rule.template or "{serial}").format(**groups)
            canonical = self.by_name.get(value)
            kind = canonical.kind if canonical else (rule.kind or "crew_vehicle")
            mention = self._mention(text, match.start(), match.end(), value, kind, f"spacecraft.{rule.id}")
            if mention is not None:
                found.append(mention)
        found = [m for m in found if not store.is_blocked(m.start, m.end)]
        # Prefer the gazetteer's reading when a rule found the very same span.
        found.sort(key=lambda m: m.rule != "spacecraft.gazetteer")
        return longest_non_overlapping(found)

    def _mention(self, text: str, start: int, end: int, value: str, kind: str, rule: str) -> Mention | None:
        if kind in self.position_kinds and self.position_titles.match(text, end):
            return None  # "Soyuz Commander", "ISS Flight Engineer": a job title
        if kind == "crew_vehicle" and self.launch_heads.match(text, end):
            rocket = self.by_name.get(f"{value} rocket")
            if rocket is not None:
                value, kind = rocket.name, rocket.kind
        return Mention(start, end, text[start:end], value, rule, {"kind": kind})

    def _has_cue(self, text: str, start: int, end: int) -> bool:
        before = _WORD.findall(text[max(0, start - 40):start])[-2:]
        after = _WORD.findall(text[end:end + 40])[:2]
        return any(word.rstrip(".") in self.cues for word in (*before, *after))


@Language.factory("captionie_spacecraft", **component_meta("spacecraft", reads=("credit",)))
def make_spacecraft_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> SpacecraftRecognizer:
    return SpacecraftRecognizer(nlp).configure(spans_key, annotate_ents)
