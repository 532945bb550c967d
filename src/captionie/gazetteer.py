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
        # One match key per entry, holding all its forms: PhraseMatcher.add makes a vocab entry
        # (a lexeme) for each key, and a key per form (9,450 keys, not 2,700) cost 0.17 s of
        # every start-up (8% of its instructions).
        patterns: dict[int, list[Doc]] = {}
        index_by_id: dict[int, int] = {}
        for (form, entry), doc in zip(pairs, nlp.tokenizer.pipe(form for form, _ in pairs)):
            index = index_by_id.setdefault(id(entry), len(self.entries))
            if index == len(self.entries):
                self.entries.append(entry)
            patterns.setdefault(index, []).append(doc)
        #: PhraseMatcher match id (the hash of the key) -> index into entries.
        self._index_of: dict[int, int] = {}
        #: Index of an entry of a LOWER gazetteer -> the ORTH ids of its one-word forms: a
        #: one-token match must be one of them as written.
        self._written: dict[int, frozenset[int]] = {}
        for index, docs in patterns.items():
            match_key = f"{key}:{index}"
            self._index_of[nlp.vocab.strings.add(match_key)] = index
            if not case_sensitive:
                written = frozenset(doc[0].orth for doc in docs if len(doc) == 1)
                if written:
                    self._written[index] = written
            self._matcher.add(match_key, docs)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, doc: Doc) -> Iterator[GazetteerHit[Entry]]:
        """Every match (overlaps included), in text order."""
        index_of, written = self._index_of, self._written
        hits: list[tuple[int, int, int]] = []
        for match_id, start, end in self._matcher(doc):
            index = index_of[match_id]
            if end - start == 1:
                orths = written.get(index)
                if orths is not None and doc[start].orth not in orths:
                    continue  # the same letters, not as written ("csa" is not CSA)
            hits.append((start, end, index))
        hits.sort()
        for start, end, index in hits:
            # Offsets from the tokens (a Span object costs more than the rest); most forms are
            # one token, whose Token object serves both ends (~0.25 µs a hit).
            first = doc[start]
            last = first if end - start == 1 else doc[end - 1]
            yield GazetteerHit(first.idx, last.idx + len(last), self.entries[index])
