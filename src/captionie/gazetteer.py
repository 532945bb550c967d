"""Gazetteer lookup through spaCy's PhraseMatcher (the fast path: ~13M tokens/s).

Single-token forms are matched case-sensitively (``Mars`` the planet, not "mars"; ``CSA``
the agency, not "csa"), multi-token forms case-insensitively (``Russian space agency`` and
``Russian Space Agency`` are the same long form).  Possessive ``'s`` is its own token in
spaCy's English tokenizer, so ``NASA's`` matches ``NASA`` with no extra pattern.

A form with an apostrophe is also matched with the apostrophe lost to U+FFFD: "St. Basil’s"
read from a file as invalid UTF-8 becomes "Basil\ufffd\ufffd\ufffds" (one replacement character
per byte of ’) or "Basil\ufffds" (one for a Latin-1 ').  The entry, and so the value, is the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, Iterable, Iterator, TypeVar

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

Entry = TypeVar("Entry")


@dataclass(slots=True)
class GazetteerHit(Generic[Entry]):
    """A gazetteer form found in a Doc: character offsets and the entry it names.  (Not
    frozen: a frozen dataclass sets each field through ``object.__setattr__``, and a caption
    makes about ten of these.)"""

    start: int
    end: int
    entry: Entry
    form: str


_APOSTROPHE = re.compile("['’]")


def with_lost_apostrophes(form: str) -> list[str]:
    """``form`` and, when it has an apostrophe, its forms after encoding damage (module doc)."""
    if not _APOSTROPHE.search(form):
        return [form]
    return [form, _APOSTROPHE.sub("\ufffd\ufffd\ufffd", form), _APOSTROPHE.sub("\ufffd", form)]


class Gazetteer(Generic[Entry]):
    """Maps every written form of every entry to the entry, and finds them in Docs."""

    def __init__(self, nlp: Language, forms: Iterable[tuple[str, Entry]], key: str, case_sensitive: bool = False) -> None:
        """``case_sensitive`` matches every form exactly as written or in capitals (places:
        "Karaganda Airport" is a facility, "Karaganda airport" the town and a common noun)."""
        self.entries: list[Entry] = []
        self.forms: list[str] = []
        # One PhraseMatcher for every form.  Case-sensitive gazetteers match ORTH.  The others
        # match LOWER, and a one-word form (which must match as written) is checked against the
        # matched token afterwards: that finds what an ORTH matcher plus a LOWER matcher found
        # (equal tokens have equal lowercase), with one pass over the Doc instead of two (~3 µs
        # a pass).  (Places stay on ORTH: read on LOWER, their many common words would match
        # everywhere only to be checked away.)
        self._matcher = PhraseMatcher(nlp.vocab, attr="ORTH" if case_sensitive else "LOWER")
        pairs = [(variant, entry) for form, entry in forms if form.strip() for variant in with_lost_apostrophes(form)]
        if case_sensitive:
            pairs += [(form.upper(), entry) for form, entry in pairs if form.upper() != form]
        #: PhraseMatcher match id (the hash of the key) -> index into entries and forms.
        self._index_of: dict[int, int] = {}
        #: Index of a one-word form of a LOWER gazetteer -> its ORTH id (it must match as written).
        self._written: dict[int, int] = {}
        for (form, entry), doc in zip(pairs, nlp.tokenizer.pipe(form for form, _ in pairs)):
            index = len(self.entries)
            match_key = f"{key}:{index}"
            self._index_of[nlp.vocab.strings.add(match_key)] = index
            self.entries.append(entry)
            self.forms.append(form)
            if not case_sensitive and len(doc) == 1:
                self._written[index] = doc[0].orth
            self._matcher.add(match_key, [doc])

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, doc: Doc) -> Iterator[GazetteerHit[Entry]]:
        """Every match (overlaps included), in text order."""
        index_of, written = self._index_of, self._written
        hits: list[tuple[int, int, int]] = []
        for match_id, start, end in self._matcher(doc):
            index = index_of[match_id]
            orth = written.get(index)
            if orth is not None and doc[start].orth != orth:
                continue  # the same letters, not as written ("csa" is not CSA)
            hits.append((start, end, index))
        hits.sort()
        for start, end, index in hits:
            # Offsets from the tokens (a Span object costs more than the rest); most forms are
            # one token, whose Token object serves both ends (~0.25 µs a hit).
            first = doc[start]
            last = first if end - start == 1 else doc[end - 1]
            yield GazetteerHit(first.idx, last.idx + len(last), self.entries[index], self.forms[index])
