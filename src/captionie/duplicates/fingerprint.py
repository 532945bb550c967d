"""What near-duplicate detection needs of one extracted caption: its guard, its comparison
text and how complete it is.

Similarity alone merges different events: the seeds hold the same Red Square ceremony text for
Expeditions 50, 64 and 65, and the same template with "Anton Shkaplerov" or "Pyotr Dubrov".
So two captions may only be merged when their *guard* — the normalized dates, expedition
numbers, crew, spacecraft and named places — is equal (``docs/dedup.md``).  Equality is an
equivalence relation, so the guard can also partition the corpus: clusters never need a
cross-partition check and a chain of merges can never join two different events.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import srsly

from captionie import resources
from captionie.pipeline.mentions import LIST_FIELDS

#: The record fields whose values must agree for two captions to be one caption.
GUARD_FIELDS: tuple[str, ...] = ("dates", "expeditions", "crew", "spacecraft", "locations")

#: Fields dropped from the comparison text: they change from photo to photo of one caption.
_DROPPED_FIELDS: tuple[str, ...] = ("image_ids",)

#: The label before a credit ("Photo Credit: (", "Image courtesy"), dropped with the credit.
_CREDIT_LABEL = re.compile(r"(?:\b(?:photo|image)\s+)?\b(?:credit|courtesy)s?\b\s*:?\s*[(\"“']?\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
#: Where a person stands in the photo: "left"/"right" swapped is the same caption.
#: "(L)" / "(R)" / "(C)" are the abbreviated form.
_POSITION_WORDS = frozenset({"left", "right", "center", "centre", "middle", "far", "l", "r", "c"})
#: Guard fields whose mentions are *removed* from the comparison text: the guard already holds
#: them (as multisets), and where a caption puts them varies between copies — a dateline
#: "May 4, 2003, Kazakhstan." in front, or "..., Tuesday, May 4, 2003" at the end.  Places
#: stay as one word each (``place_word``), crew and spacecraft as their values: who does what
#: where is word order.
_REMOVED_GUARD_FIELDS = frozenset({"dates", "expeditions"})
#: Fields compared as multisets: "Expedition 50 Commander ... the Expedition 49 and 50 crews"
#: and "Expedition 49 Commander ... the Expedition 49 and 50 crews" name the same set {49, 50}
#: but not the same event.  Crew and places are sets: a rewording repeats a surname freely.
_COUNTED_FIELDS = frozenset({"dates", "expeditions"})


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One caption as the deduplicator sees it.

    ``guard`` is the guard values as canonical JSON (equal guards ⇔ same who, when,
    mission and where); ``text`` the comparison text; ``completeness`` ranks the candidates
    for a cluster's representative (more extracted facts, then longer text).
    """

    guard: str
    text: str
    completeness: tuple[int, int]

    @property
    def exact_key(self) -> bytes:
        """Equal keys ⇔ exact duplicates (same guard, same comparison text)."""
        return hashlib.blake2b(f"{self.guard}\x00{self.text}".encode("utf-8"), digest_size=16).digest()


def _guard_value(mention: dict[str, Any]) -> Any:
    """A mention's value as the guard compares it.  A year the extractor *inferred* (from an
    image id, another date, ``date_created``) is dropped: the same caption filed under two
    image ids must not become two events, and "Dec. 13" then reads as written."""
    value = mention.get("value")
    if mention.get("year_inferred") and isinstance(value, str) and value[:4].isdigit():
        return "-" + value[4:]
    return value


def guard_values(record: dict[str, Any]) -> dict[str, list[Any]]:
    """The guard of a record: per field, the sorted normalized values — distinct for crew,
    spacecraft and places, every occurrence for dates and expeditions (``_COUNTED_FIELDS``).

    A bare spacecraft family ("Soyuz") is dropped when a specific vehicle of it ("Soyuz
    TMA-2") is named too: "the Soyuz" beside "Soyuz TMA-2" names nothing new.
    """
    guard: dict[str, list[Any]] = {}
    for name in GUARD_FIELDS:
        values: list[Any] = []
        for mention in record.get(name) or []:
            value = _guard_value(mention)
            if isinstance(value, list):
                values.extend(value)
            elif value is not None:
                values.append(value)
        if name not in _COUNTED_FIELDS:
            values = list(set(values))
        if name == "spacecraft":
            values = [v for v in values if not any(o != v and str(o).startswith(f"{v} ") for o in values)]
        guard[name] = sorted(values, key=str)
    return guard


def _is_id_shaped(word: str) -> bool:
    """A photo number the image-id rules did not claim ("cg4g9064", "jsc2017e136059"):
    seven characters or more, letters and at least three digits."""
    return len(word) >= 7 and not word.isdigit() and sum(ch.isdigit() for ch in word) >= 3


#: Where the comparison text marks a sentence end: a whole sentence added or dropped is a
#: difference of form (``near_duplicates``).  A word of two lower-case letters or digits before
#: the stop, or of two capitals ("EST.", "NASA."), so "Dec. 13", "Edward T. Lu", "p.m. EST" and
#: "St. Basil" are not sentence ends.
_SENTENCE_END = re.compile(r"(?:(?<=[a-z0-9)][a-z0-9)][.!?])|(?<=[A-Z][A-Z)][.!?]))\s+(?=[\"“(]?[A-Z])")
#: Private-use markers standing for a crew or agency mention (with its index) and a sentence end
#: while the text is cut into words.
_CREW_MARK, _AGENCY_MARK, _BREAK_MARK, _PLACE_MARK = "\ue000", "\ue001", "\ue002", "\ue003"
_UNIT = re.compile(rf"{_CREW_MARK}\d+|{_AGENCY_MARK}\d+|{_PLACE_MARK}\d+|{_BREAK_MARK}|[^\W_]+")


#: Phrases keyed by their first word, longest first: looking one up costs a dict hit.
PhraseIndex = dict[str, tuple[tuple[str, ...], ...]]


@dataclass(frozen=True, slots=True)
class _FormWords:
    """``patterns/dedup_form.json`` as word tuples (see its ``_doc``)."""

    titles: PhraseIndex
    onlookers: PhraseIndex
    onlooker_glue: frozenset[str]
    list_glue: PhraseIndex
    function_words: frozenset[str]


def _phrases(items: Any) -> PhraseIndex:
    """Word tuples as the comparison text spells them (casefolded, stemmed), by first word."""
    phrases = {tuple(_stem(w) for w in _WORD.findall(str(item).casefold())) for item in items} - {()}
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(group) for first, group in index.items()}


@lru_cache(maxsize=1)
def form_words() -> _FormWords:
    """The form vocabulary, loaded once; crew role phrases ("Soyuz Commander") are titles too."""
    data = resources.vocabulary("dedup_form")
    roles = [phrase for phrases in resources.vocabulary("crew_context")["roles"].values() for phrase in phrases]
    return _FormWords(
        titles=_phrases([*data["titles"], *roles]),
        onlookers=_phrases(data["onlookers"]),
        onlooker_glue=frozenset(data["onlooker_glue"]),
        list_glue=_phrases(data["list_glue"]),
        function_words=frozenset(_stem(w) for w in data["function_words"]),
    )


def _phrase_at(words: list[str], i: int, phrases: PhraseIndex) -> int:
    """Length of the longest of ``phrases`` starting at ``words[i]`` (0 when none does)."""
    if i >= len(words):
        return 0
    for phrase in phrases.get(words[i], ()):
        if tuple(words[i:i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _marked_text(record: dict[str, Any]) -> tuple[str, list[str], list[str], list[str]]:
    """The caption with credit, image ids, dates and expeditions blanked, spacecraft replaced
    by their values, crew, agency and place mentions by markers and sentence ends marked; with
    the crew, agency and place values the markers index."""
    text = record.get("text") or ""
    edits: list[tuple[int, int, str]] = [(m.start(), m.start(), f" {_BREAK_MARK} ") for m in _SENTENCE_END.finditer(text)]
    credit = record.get("credit")
    if credit:
        label = _CREDIT_LABEL.search(text, 0, credit["start"])
        edits.append((label.start() if label else credit["start"], credit["end"], " "))
    for name in _DROPPED_FIELDS:
        edits.extend((m["start"], m["end"], " ") for m in record.get(name) or [])
    crew: list[str] = []
    agencies: list[str] = []
    places: list[str] = []
    for name in (*GUARD_FIELDS, "agencies"):
        for mention in record.get(name) or []:
            value = _guard_value(mention)
            if name == "locations":
                edits.append((mention["start"], mention["end"], f" {_PLACE_MARK}{len(places)} "))
                places.append(str(value or ""))
                continue
            if name in _REMOVED_GUARD_FIELDS:
                edits.append((mention["start"], mention["end"], " "))
                continue
            shown = " ".join(map(str, value)) if isinstance(value, list) else str(value or "")
            if name == "crew":
                edits.append((mention["start"], mention["end"], f" {_CREW_MARK}{len(crew)} "))
                crew.append(shown)
            elif name == "agencies":
                edits.append((mention["start"], mention["end"], f" {_AGENCY_MARK}{len(agencies)} "))
                agencies.append(shown)
            else:
                edits.append((mention["start"], mention["end"], f" {shown} "))
    pieces: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits):
        if start < position:  # overlapping mentions of two fields: the first one wins
            continue
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces), crew, agencies, places


def comparison_text(record: dict[str, Any]) -> str:
    """The caption reduced to what should decide similarity (``docs/dedup.md``, rule 2).

    Removed: credit, image ids, id-shaped words, dates and expeditions (the guard holds them),
    position words ("left", "(R)") and titles ("Astronaut", "Flight Engineer").  Crew, agencies
    and spacecraft read as their normalized values, each person and each place as one word
    (``crew_word``, ``place_word``); a list of crew names is the names sorted
    (``_collapse_crew_lists``); a run of generic onlookers is the word ``onlookers``; sentence
    ends are ``|`` (empty sentences dropped).  Case and punctuation are dropped.
    """
    marked, crew, agencies, places = _marked_text(record)
    form = form_words()
    # A surname the extractor did not claim ("Swanson Skvortsov and Artemyev", a comma lost)
    # still names the person the caption names in full: a surname standing for a full name.
    surnames = {name.split()[-1].casefold(): f"{_CREW_MARK}{k}" for k, name in enumerate(crew) if len(name.split()[-1]) >= 3}
    units: list[str] = []
    for unit in _UNIT.findall(marked.casefold()):
        if unit in _POSITION_WORDS or _is_id_shaped(unit):
            continue
        if unit.startswith(_PLACE_MARK):
            units.append(place_word(places[int(unit[1:])]))
        else:
            units.append(surnames.get(unit) or _stem(unit))
    units = _drop_titles(units, form)
    units = _collapse_onlookers(units, form)
    sentences = " ".join(_collapse_crew_lists(units, crew, agencies, form)).split("|")
    return " | ".join(sentence.strip() for sentence in sentences if sentence.strip())


_INFLECTION = re.compile(r"(?<=[a-z]{4})(?:ing|ed|es|s)$")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """The word without a regular inflection ("departing", "departed" → "depart"; "lands" →
    "land"): a tense or number changed is a difference of form.  Crude on purpose — it is
    only applied alike to both texts, never shown."""
    return _INFLECTION.sub("", word) if word.isalpha() else word


def _drop_titles(units: list[str], form: _FormWords) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(units):
        length = _phrase_at(units, i, form.titles)
        if length:
            i += length
        else:
            kept.append(units[i])
            i += 1
    return kept


def _collapse_onlookers(units: list[str], form: _FormWords) -> list[str]:
    """"family, friends, colleagues and members of the media" → ``onlookers``."""
    kept: list[str] = []
    i = 0
    while i < len(units):
        length = _phrase_at(units, i, form.onlookers)
        if not length:
            kept.append(units[i])
            i += 1
            continue
        end = i + length
        while True:
            j = end
            while j < len(units) and units[j] in form.onlooker_glue:
                j += 1
            length = _phrase_at(units, j, form.onlookers)
            if not length:
                break
            end = j + length
        kept.append("onlookers")
        i = end
    return kept


def _collapse_crew_lists(units: list[str], crew: list[str], agencies: list[str], form: _FormWords) -> list[str]:
    """Crew and agency markers to words; a list of two or more crew names (joined only by
    agencies and ``list_glue``, each name's "of the <agency>" with it) to the names in sorted
    order, each marked :data:`LISTED` — a list in another order is the same list, while a
    name standing alone keeps its place (``near_duplicates.short_edit``)."""
    words: list[str] = []
    i = 0
    while i < len(units):
        unit = units[i]
        if unit.startswith(_AGENCY_MARK):
            words.extend(agencies[int(unit[1:])].casefold().split())
            i += 1
            continue
        if not unit.startswith(_CREW_MARK):
            words.append("|" if unit == _BREAK_MARK else unit)
            i += 1
            continue
        members = [crew[int(unit[1:])]]
        end = i + 1
        while True:
            j = _skip_list_glue(units, end, form)
            if j < len(units) and units[j].startswith(_CREW_MARK):
                members.append(crew[int(units[j][1:])])
                end = j + 1
            else:
                break
        if len(members) < 2:
            words.append(crew_word(members[0]))
            i += 1
            continue
        tail = _skip_list_glue(units, end, form)  # the last name's "of the <agency>"
        if any(units[k].startswith(_AGENCY_MARK) for k in range(end, tail)):
            end = tail
        words.extend(sorted({crew_word(name) + LISTED for name in members}))
        i = end
    return words


#: Appended to a crew word that stands in a list ("kimya_yui+").
LISTED = "+"


def crew_word(name: str) -> str:
    """A crew member as one word of the comparison text ("michael_hopkins"): comparison words
    have no ``_`` otherwise, so a difference that names a person can be told apart
    (``near_duplicates.short_edit``: another person pictured is never a short edit)."""
    return "_".join(_WORD.findall(name.casefold()))


def place_word(name: str) -> str:
    """A place as one word of the comparison text ("@kremlin-wall"): a place that only moved
    (a dateline in front or at the end) is form, one moved into a reworded phrase is not
    (``near_duplicates.short_edit``)."""
    return "@" + "-".join(_WORD.findall(name.casefold()))


def _skip_list_glue(units: list[str], i: int, form: _FormWords) -> int:
    while i < len(units):
        if units[i].startswith(_AGENCY_MARK):
            i += 1
            continue
        length = _phrase_at(units, i, form.list_glue)
        if not length:
            break
        i += length
    return i


def fingerprint(record: dict[str, Any]) -> Fingerprint:
    """The :class:`Fingerprint` of an extracted record."""
    guard = guard_values(record)
    guard_key = srsly.json_dumps({name: values for name, values in guard.items() if values}, sort_keys=True)
    facts = sum(len(record.get(name) or []) for name in LIST_FIELDS)
    facts += 1 if record.get("credit") else 0
    return Fingerprint(guard_key, comparison_text(record), (facts, len(record.get("text") or "")))
