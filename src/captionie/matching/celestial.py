"""Celestial objects and features of other bodies, as locations: planets, moons, the Sun,
asteroids, comets, stars, nebulae, galaxies, clusters (``Jupiter``, ``M33``, ``NGC 4261``,
``comet Wild 2``) and named surface features (``Olympus Mons``, ``Tycho crater``).

Three sources, one entry point (:meth:`CelestialMatcher.find`):

* names from ``patterns/celestial.jsonl`` (one PhraseMatcher pass); a name that also names
  something else (``Miranda``, ``Vega``) counts only in a caption holding one of its cues;
* shapes from ``patterns/celestial_rules.jsonl``: catalog designations, comet and asteroid
  designations, ``<Name> Crater``, ``<Name> Planitia``, ``Mare <Name>``; a shape whose value
  is a listed name or alias takes that entry ("M33" and "Triangulum Galaxy" are one object);
* the 88 IAU constellations, read from astropy's data file (without importing astropy, whose
  import costs seconds), after or before the word "constellation".

A body's name that is a rocket's, a program's or a capsule's (``Saturn V``, ``Mercury
capsule``, ``Gemini-Titan``) or part of an office's or program's name (``Earth Resources``,
``Mission to Planet Earth``) is not the body (``patterns/celestial_context.json``).
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from captionie import resources
from captionie.matching.gazetteer import Gazetteer
from captionie.matching.regex_rules import ScannedRule
from captionie.pipeline.mentions import Mention
from captionie.resources import CelestialEntry, CelestialRule

#: Rule name of mentions from the names list; a shape's mentions add the rule id to it.
RULE = "location.celestial"

_ACRONYM_AFTER = re.compile(r" ?\((?P<acronym>[A-Z]{2,6})\)")
#: A capitalized word after a name, or an initial before it: the name is a person's ("M. Rhea
#: Seddon", "Miranda Smith"), for a name that needs a cue.
_SURNAME_AFTER = re.compile(r" [A-Z][a-z]")
_INITIAL_BEFORE = re.compile(r"\b[A-Z]\. $")
_PUNCTUATION_TO_SPACE = str.maketrans({character: " " for character in ".,;:()[]{}\"'!?/’“”"})
_DASH = str.maketrans({"–": "-", "−": "-", "’": "'"})


@lru_cache(maxsize=None)
def constellations() -> dict[str, str]:
    """IAU abbreviation -> name of the 88 constellations, from astropy's data file.

    The file is found through the import system without importing astropy; spellings the
    file gets wrong are corrected from ``celestial_context.json``. Empty without astropy."""
    spec = importlib.util.find_spec("astropy")
    if spec is None or spec.origin is None:
        return {}
    path = Path(spec.origin).parent / "coordinates" / "data" / "constellation_names.dat"
    if not path.is_file():
        return {}
    fixes: dict[str, str] = resources.vocabulary("celestial_context")["constellation_spelling"]
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        abbreviation, _, name = line.strip().partition(" ")
        name = name.strip()
        table[abbreviation] = fixes.get(name, name)
    return table


class CelestialMatcher:
    """Finds celestial objects and planetary features in a caption (module doc)."""

    def __init__(self, nlp: Language) -> None:
        entries = resources.celestial()
        self.gazetteer: Gazetteer[CelestialEntry] = Gazetteer(
            nlp, ((form, entry) for entry in entries for form in (entry.name, *entry.aliases)), "celestial",
            case_sensitive=True,
        )
        #: Every listed name and alias, casefolded, -> its entry: a shape's value is looked up here.
        self.by_form: dict[str, CelestialEntry] = {}
        for entry in entries:
            for form in (entry.name, *entry.aliases):
                self.by_form.setdefault(form.translate(_DASH).casefold(), entry)
        self.rules = [(rule, ScannedRule(rule)) for rule in resources.celestial_rules()]
        #: Cue word -> the indices of the rules it lets run.
        self.rules_of_word: dict[str, list[int]] = {}
        for index, (rule, _) in enumerate(self.rules):
            for word in rule.cue_words:
                self.rules_of_word.setdefault(word, []).append(index)
        self.cue_words = frozenset(self.rules_of_word)
        context = resources.vocabulary("celestial_context")
        self.vehicle_names = frozenset(context["vehicle_names"])
        self.vehicle_after = re.compile(context["vehicle_after"])
        self.vehicle_before = re.compile(context["vehicle_before"])
        self.generic = frozenset(context["generic_names"])
        #: First word of a hit -> (phrase, offset of that word in the phrase) for each
        #: ``not_within`` phrase holding the word.
        self.not_within: dict[str, list[tuple[str, int]]] = {}
        for phrase in context["not_within"]:
            for word in re.finditer(r"[A-Z][\w']*", phrase):
                self.not_within.setdefault(word.group(), []).append((phrase, word.start()))
        names = constellations()
        self.constellation_ids = {name: f"celestial:constellation-{abbr.lower()}" for abbr, name in names.items()}
        alternation = "|".join(sorted(map(re.escape, self.constellation_ids), key=len, reverse=True))
        cue = context["constellation_cues"]
        self.constellation_pattern = re.compile(
            rf"\b{cue} (?:the )?(?P<after>{alternation})\b|\b(?P<before>{alternation}) {cue.replace('(?: of)?', '')}\b"
        ) if alternation else None

    def find(self, doc: Doc, text: str | None = None) -> list[Mention]:
        """The caption's celestial mentions, longest first where they overlap, in text order.

        ``text`` is ``doc.text`` when the caller holds it (``Doc.text`` joins every token)."""
        if text is None:
            text = doc.text
        found: list[Mention] = []
        #: Starts of names that read as a person's, unless another object's name follows.
        maybe_people: list[int] = []
        if self.constellation_pattern is not None and "onstellation" in text:
            for match in self.constellation_pattern.finditer(text):
                group = "after" if match.group("after") else "before"
                name = match.group(group)
                found.append(Mention(match.start(group), match.end(group), name, name, RULE + ".constellation",
                                     {"country": None, "kind": "celestial", "kb_id": self.constellation_ids[name]}))
        for hit in self.gazetteer.find(doc):
            entry = hit.entry
            if entry.cues and not any(cue in text for cue in entry.cues):
                continue
            if entry.cues and self._a_person(text, hit.start, hit.end):
                maybe_people.append(hit.start)
            if self._not_the_body(text, hit.start, hit.end):
                continue
            found.append(self._mention(text, hit.start, hit.end, entry, RULE))
        # The caption's words, split at spaces and punctuation (cheaper than its tokens).
        present = self.cue_words.intersection(text.translate(_PUNCTUATION_TO_SPACE).split())
        if present:
            for index in sorted({index for word in present for index in self.rules_of_word[word]}):
                rule, scanned = self.rules[index]
                if not rule.may_match(text):
                    continue
                for match in scanned.finditer(text):
                    mention = self._from_shape(text, rule, match)
                    if mention is not None:
                        found.append(mention)
        if maybe_people:
            starts = {mention.start for mention in found}
            people = {start for start in maybe_people
                      if text.find(" ", start) + 1 not in starts or _INITIAL_BEFORE.search(text, max(0, start - 3), start)}
            found = [mention for mention in found if mention.start not in people or mention.rule != RULE]
        kept = _longest_non_overlapping(found)
        return _with_acronyms(text, kept)

    def _mention(self, text: str, start: int, end: int, entry: CelestialEntry, rule: str) -> Mention:
        return Mention(start, end, text[start:end], entry.name, rule,
                       {"country": None, "kind": entry.kind, "kb_id": entry.id})

    @staticmethod
    def _a_person(text: str, start: int, end: int) -> bool:
        """Whether the one-word name at ``start:end`` reads as a person's name."""
        if " " in text[start:end]:
            return False
        return bool(_SURNAME_AFTER.match(text, end) or _INITIAL_BEFORE.search(text, max(0, start - 3), start))

    def _not_the_body(self, text: str, start: int, end: int) -> bool:
        """Whether the name at ``start:end`` names a rocket, program or office instead."""
        name = text[start:end]
        if name in self.vehicle_names and (self.vehicle_after.match(text, end)
                                           or self.vehicle_before.search(text, max(0, start - 30), start)):
            return True
        first = name.split(" ", 1)[0]
        for phrase, offset in self.not_within.get(first, ()):
            if offset <= start and text.startswith(phrase, start - offset) and start - offset + len(phrase) >= end:
                return True
        return False

    def _from_shape(self, text: str, rule: CelestialRule, match: re.Match[str]) -> Mention | None:
        groups = match.groupdict()
        start, end = match.span("span") if groups.get("span") is not None else match.span()
        if groups.get("name") is not None:
            # Generic words around a name are not part of it ("The Whirlpool Galaxy", "Mare
            # Imbrium Basin"); a name of generic words only is none ("This crater").
            words = groups["name"].split(" ")
            leading = trailing = 0
            while words and words[0] in self.generic:
                leading += len(words.pop(0)) + 1
            while words and words[-1] in self.generic:
                trailing += len(words.pop()) + 1
            if not words:
                return None
            groups["name"] = " ".join(words)
            if match.start("name") == start:
                start += leading
            if match.end("name") == end:
                end -= trailing
        term = groups.get("term")
        if term:
            named = self.by_form.get(groups["name"].casefold())
            if term.islower() and named is not None and named.kind == "celestial":
                # A listed object's name before a common noun is the name ("our Milky Way galaxy").
                name_start = match.end("name") - len(groups["name"])
                return self._checked(text, name_start, match.end("name"), self._mention(
                    text, name_start, match.end("name"), named, f"{RULE}.{rule.id}"))
            groups["term"] = term.capitalize()
        value = rule.template.format(**groups) if rule.template else text[start:end]
        value = " ".join(value.translate(_DASH).split())
        entry = self.by_form.get(value.casefold()) or self.by_form.get(text[start:end].translate(_DASH).casefold())
        if entry is not None:
            if entry.cues and not any(cue in text for cue in entry.cues) and rule.kind == "planetary_feature":
                return None
            mention = self._mention(text, start, end, entry, f"{RULE}.{rule.id}")
        else:
            mention = Mention(start, end, text[start:end], value, f"{RULE}.{rule.id}",
                              {"country": None, "kind": rule.kind or "celestial", "kb_id": None})
        return self._checked(text, start, end, mention)

    def _checked(self, text: str, start: int, end: int, mention: Mention) -> Mention | None:
        return None if self._not_the_body(text, start, end) else mention


def _longest_non_overlapping(mentions: list[Mention]) -> list[Mention]:
    """The longest of overlapping mentions, in text order.  Unlike
    ``components.base.longest_non_overlapping`` (earliest start on ties) the first found wins a
    tie, so a named entry outranks an equally long match by shape ("Pavonis Mons Ascraeus Mons")."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start - m.end):
        if all(other.end <= mention.start or mention.end <= other.start for other in kept):
            kept.append(mention)
    kept.sort(key=lambda m: m.start)
    return kept


def _with_acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """Add the mentions of an acronym defined right after a name ("Great Dark Spot (GDS)"):
    the acronym, there and later in the caption, names the same object."""
    if "(" not in text:
        return mentions
    extra: list[Mention] = []
    for mention in mentions:
        defined = _ACRONYM_AFTER.match(text, mention.end)
        if defined is None:
            continue
        acronym = defined.group("acronym")
        for use in re.finditer(rf"\b{acronym}\b", text[defined.start("acronym"):]):
            start = defined.start("acronym") + use.start()
            extra.append(Mention(start, start + len(acronym), acronym, mention.value, mention.rule + ".acronym",
                                 dict(mention.attrs)))
    if not extra:
        return mentions
    return _longest_non_overlapping(mentions + extra)
