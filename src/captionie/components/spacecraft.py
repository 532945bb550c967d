"""Spacecraft, stations, launch vehicles, satellites, probes and missions.

Four sources, longest match wins: the gazetteer (``patterns/spacecraft.jsonl``) through a
PhraseMatcher; serial-family rules (``patterns/spacecraft_serials.jsonl``) that name craft no
list holds (``Soyuz MS-31``, ``Syouz TMA-2``, ``GOES-K``, ``Delta 7925``), their value mapped
through the gazetteer's forms to the canonical name (``GOES-K`` -> ``GOES-10``); a context
check that keeps ambiguous names (``Terra``, a bare ``Discovery``, the call sign ``Eagle``)
only where the caption shows what they name and drops job titles (``Soyuz Commander``); and
abbreviations a caption defines for a craft (``Gamma Ray Observatory (GRO)``), found again
wherever the caption uses them.
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
_NEXT_WORD = re.compile(r"[\s\"'`‘’“”]{0,4}([\w-]+)")
_PREVIOUS_WORD = re.compile(r"(?<![\w-])([\w-]+)[\s\"'`‘’“”]{0,4}$")
#: An abbreviation a caption defines right after a craft's name: "(GRO)", "(SPAS-II)".
_DEFINED_ABBREVIATION = re.compile(r"\s{0,3}\(([A-Z][A-Z-]{0,8}[A-Z])\)")
_ROMAN = {7: "VII", 8: "VIII", 9: "IX", 10: "X", 11: "XI", 12: "XII", 13: "XIII", 14: "XIV", 15: "XV", 16: "XVI",
          17: "XVII"}
#: Ties between mentions of the same span go to the more specific source.
_PRIORITY = {"spacecraft.call_sign": 0, "spacecraft.gazetteer": 1, "spacecraft.abbreviation": 3}


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


def _word_alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


class _EntryContext:
    """One entry's context rules, compiled once: what makes its ambiguous forms count and
    what makes any of its forms something else."""

    __slots__ = ("ambiguous_forms", "cues_before", "cues_after", "context", "not_before", "not_after", "call_sign")

    def __init__(self, entry: SpacecraftEntry) -> None:
        self.ambiguous_forms = frozenset(form.casefold() for form in entry.ambiguous_forms)
        self.cues_before = frozenset(entry.cues_before)
        self.cues_after = frozenset(entry.cues_after)
        self.context = re.compile(entry.context_pattern) if entry.context_pattern else None
        self.not_before = (re.compile(rf"(?:^|[^\w-])(?:{_word_alternation(entry.not_before)})[\s\"'`‘’“”]{{0,4}}$")
                           if entry.not_before else None)
        self.not_after = (re.compile(rf"['’]?s?[\s\"'`‘’“”]{{0,4}}(?:{_word_alternation(entry.not_after)})(?![\w])")
                          if entry.not_after else None)
        self.call_sign = None
        if entry.call_sign_of:
            number = int(entry.call_sign_of.split()[-1])
            self.call_sign = re.compile(rf"\bApollo[ -](?:{number}|{_ROMAN.get(number, number)})(?![\w-])|\bAS-?{number}-\d")


class SpacecraftRecognizer(FieldRecognizer):
    """Gazetteer + serial rules + context, one mention per vehicle reference."""

    field = "spacecraft"
    label = "SPACECRAFT"

    def __init__(self, nlp: Language) -> None:
        super().__init__()
        entries = resources.spacecraft()
        self.by_name = {entry.name: entry for entry in entries}
        #: Casefolded name or alias -> entry: a rule's value names the entry it is a form of.
        self.by_form: dict[str, SpacecraftEntry] = {}
        for entry in entries:
            for form in (*entry.aliases, entry.name):
                self.by_form[form.casefold()] = entry
        self.gazetteer: Gazetteer[SpacecraftEntry] = Gazetteer(
            nlp, ((form, entry) for entry in entries for form in (entry.name, *entry.aliases)), "spacecraft"
        )
        self.contexts = {entry.id: _EntryContext(entry) for entry in entries}
        self.rules = RuleSet(resources.regex_rules("spacecraft_serials"))
        context = resources.vocabulary("spacecraft_context")
        self.cues = frozenset(context["cues"])
        self.position_titles = re.compile(rf"\s{{1,3}}(?:{'|'.join(map(re.escape, context['position_titles']))})\b")
        self.position_kinds = frozenset(context["position_titles_apply_to"])
        self.launch_heads = re.compile(rf"\s{{1,3}}(?:{'|'.join(map(re.escape, context['launch_vehicle_heads']))})\b")
        self.head_nouns = re.compile(rf"\s{{1,3}}(?:{_word_alternation(context['trailing_head_nouns'])})$")
        self.module_before = re.compile(context["call_sign_cue_before"])
        self.exact_case = {form.casefold(): form for form in context["exact_case_forms"]}

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = store.text
        found: list[Mention] = []
        pending: list[tuple[Mention, str]] = []
        accepted_ids: set[str] = set()
        for hit in self.gazetteer.find(doc):
            entry, start, end = hit.entry, hit.start, hit.end
            trimmed = self.head_nouns.search(text, start, end)
            if trimmed is not None and trimmed.start() > start:
                end = trimmed.start()  # "Skylab space station" -> "Skylab" ("Mir Space Station" is a name)
            written = text[start:end]
            exact = self.exact_case.get(written.casefold())
            if exact is not None and written != exact and not written.isupper():
                continue  # "the space shuttle" is not the vehicle's name
            entry, accepted = self._resolve(entry, text, start, end)
            if entry is None:
                continue
            mention = self._mention(text, start, end, entry.name, entry.kind, "spacecraft.gazetteer")
            if mention is None:
                continue
            if self.contexts[entry.id].call_sign is not None:
                mention.rule = "spacecraft.call_sign"
            if accepted:
                found.append(mention)
                accepted_ids.add(entry.id)
            else:
                pending.append((mention, entry.id))
        # One sense per caption: a name shown once to be the craft is the craft throughout.
        found.extend(mention for mention, entry_id in pending
                     if entry_id in accepted_ids and self.contexts[entry_id].call_sign is None)
        for rule, match in self.rules.matches(text):
            groups = {k: v for k, v in match.groupdict().items() if v}
            if "serial" in groups and rule.normalize_serial:
                groups["serial"] = normalize_serial(groups["serial"])
            value = (rule.template or "{serial}").format(**groups)
            canonical = self.by_name.get(value) or self.by_form.get(value.casefold())
            if canonical is not None:
                if self._blocked(self.contexts[canonical.id], text, match.start(), match.end()):
                    continue  # "Apollo/Saturn V Center" names a building
                value = canonical.name
            kind = canonical.kind if canonical else (rule.kind or "crew_vehicle")
            mention = self._mention(text, match.start(), match.end(), value, kind, f"spacecraft.{rule.id}")
            if mention is not None:
                found.append(mention)
        found.extend(self._abbreviations(text, found))
        found = [m for m in found if not store.is_blocked(m.start, m.end)]
        found.sort(key=lambda m: _PRIORITY.get(m.rule, 2))
        return longest_non_overlapping(found)

    def _mention(self, text: str, start: int, end: int, value: str, kind: str, rule: str) -> Mention | None:
        if kind in self.position_kinds and self.position_titles.match(text, end):
            return None  # "Soyuz Commander", "ISS Flight Engineer": a job title
        if kind == "crew_vehicle" and self.launch_heads.match(text, end):
            rocket = self.by_name.get(f"{value} rocket")
            if rocket is not None:
                value, kind = rocket.name, rocket.kind
        return Mention(start, end, text[start:end], value, rule, {"kind": kind})

    def _resolve(self, entry: SpacecraftEntry, text: str, start: int, end: int) -> tuple[SpacecraftEntry | None, bool]:
        """The entry a gazetteer hit names (None: none) and whether its context confirms it;
        an unconfirmed hit counts only if the caption confirms the entry elsewhere."""
        rules = self.contexts[entry.id]
        if rules.call_sign is not None:
            if self._blocked(rules, text, start, end):
                return None, False
            other = self.by_name[entry.otherwise] if entry.otherwise else None
            if self.module_before.search(text[max(0, start - 70):start]) is not None:
                return entry, True
            # The flight named in a Shuttle caption ("Apollo 11 veterans watched Columbia
            # lift off") leaves the name to the orbiter.
            other_context = other is not None and self.contexts[other.id].context
            if rules.call_sign.search(text) is not None and not (other_context and other_context.search(text)):
                return entry, True
            if other is None:
                return entry, False
            entry, rules = other, self.contexts[other.id]
            needs_context = True
        else:
            needs_context = entry.ambiguous or text[start:end].casefold() in rules.ambiguous_forms
        if self._blocked(rules, text, start, end):
            return None, False
        return entry, not needs_context or self._in_context(entry, rules, text, start, end)

    @staticmethod
    def _blocked(rules: _EntryContext, text: str, start: int, end: int) -> bool:
        """Whether the words around the name make it something else ("Columbia River")."""
        if rules.not_after is not None and rules.not_after.match(text, end):
            return True
        return rules.not_before is not None and rules.not_before.search(text[max(0, start - 30):start]) is not None

    def _in_context(self, entry: SpacecraftEntry, rules: _EntryContext, text: str, start: int, end: int) -> bool:
        """Whether an ambiguous form at ``start:end`` names ``entry`` here."""
        if rules.call_sign is not None:
            return (self.module_before.search(text[max(0, start - 70):start]) is not None
                    or rules.call_sign.search(text) is not None)
        if not (rules.cues_before or rules.cues_after):
            if self._has_cue(text, start, end):
                return True
        if rules.cues_after:
            after = _NEXT_WORD.match(text, end)
            if after is not None and after.group(1) in rules.cues_after:
                return True
        if rules.cues_before:
            before = _PREVIOUS_WORD.search(text[max(0, start - 30):start])
            if before is not None and before.group(1) in rules.cues_before:
                return True
        return rules.context is not None and rules.context.search(text) is not None

    def _has_cue(self, text: str, start: int, end: int) -> bool:
        before = _WORD.findall(text[max(0, start - 40):start])[-2:]
        after = _WORD.findall(text[end:end + 40])[:2]
        return any(word.rstrip(".") in self.cues for word in (*before, *after))

    @staticmethod
    def _abbreviations(text: str, mentions: list[Mention]) -> list[Mention]:
        """Every use of an abbreviation the caption defines for a craft it names."""
        defined: dict[str, Mention] = {}
        for mention in mentions:
            match = _DEFINED_ABBREVIATION.match(text, mention.end)
            # An abbreviation of this name starts as it does ("Voyager 1 (JPL)" credits JPL).
            if match is not None and match.group(1) not in defined and match.group(1)[0] == mention.text[0].upper():
                defined[match.group(1)] = mention
        found = []
        for abbreviation, mention in defined.items():
            for use in re.finditer(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])", text):
                found.append(Mention(use.start(), use.end(), use.group(), mention.value, "spacecraft.abbreviation",
                                     dict(mention.attrs)))
        return found


@Language.factory("captionie_spacecraft", **component_meta("spacecraft", reads=("credit",)))
def make_spacecraft_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> SpacecraftRecognizer:
    return SpacecraftRecognizer(nlp).configure(spans_key, annotate_ents)
