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
from typing import Any

import srsly

from captionie.mentions import LIST_FIELDS

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
#: them (as multisets or sets), and where a caption puts them varies between copies — a
#: dateline "May 4, 2003, Kazakhstan." in front, or "..., Tuesday, May 4, 2003, in Kazakhstan"
#: at the end.  Crew and spacecraft stay, as their values: who does what to whom is word order.
_REMOVED_GUARD_FIELDS = frozenset({"dates", "expeditions", "locations"})
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


def comparison_text(record: dict[str, Any]) -> str:
    """The caption reduced to what should decide similarity: credit, image ids, id-shaped
    words, dates, expeditions and places removed; crew and spacecraft replaced by their
    normalized values; case, punctuation and position words ("left", "(R)") dropped."""
    text = record.get("text") or ""
    edits: list[tuple[int, int, str]] = []
    credit = record.get("credit")
    if credit:
        label = _CREDIT_LABEL.search(text, 0, credit["start"])
        edits.append((label.start() if label else credit["start"], credit["end"], " "))
    for name in _DROPPED_FIELDS:
        edits.extend((m["start"], m["end"], " ") for m in record.get(name) or [])
    for name in GUARD_FIELDS:
        for mention in record.get(name) or []:
            if name in _REMOVED_GUARD_FIELDS:
                edits.append((mention["start"], mention["end"], " "))
                continue
            value = _guard_value(mention)
            shown = " ".join(map(str, value)) if isinstance(value, list) else str(value or "")
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
    words = _WORD.findall("".join(pieces).casefold())
    return " ".join(w for w in words if w not in _POSITION_WORDS and not _is_id_shaped(w))


def fingerprint(record: dict[str, Any]) -> Fingerprint:
    """The :class:`Fingerprint` of an extracted record (SPEC section 2)."""
    guard = guard_values(record)
    guard_key = srsly.json_dumps({name: values for name, values in guard.items() if values}, sort_keys=True)
    facts = sum(len(record.get(name) or []) for name in LIST_FIELDS)
    facts += 1 if record.get("credit") else 0
    return Fingerprint(guard_key, comparison_text(record), (facts, len(record.get("text") or "")))
