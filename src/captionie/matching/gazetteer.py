"""Gazetteer lookup through spaCy's PhraseMatcher: every form of every entry in one pass
over a Doc's tokens, however many forms there are.

Single-token forms are matched case-sensitively (``Mars`` the planet, not "mars"; ``CSA``
the agency, not "csa"), multi-token forms case-insensitively (``Russian space agency`` and
``Russian Space Agency`` are the same long form), except in a case-sensitive gazetteer
(places), where every form matches as written or in capitals.  Possessive ``'s`` is its own
token in spaCy's English tokenizer, so ``NASA's`` matches ``NASA`` with no extra pattern.

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
    """A gazetteer form found in a Doc: character offsets and the entry it names."""

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
        self._capitals = case_sensitive
        # One PhraseMatcher on LOWER for every form, and a check of the matched tokens after
        # it: a form that must match as written (a one-word form; any form of a case-sensitive
        # gazetteer) is one of the entry's forms token for token, or, case-sensitive, in
        # capitals.  That is one pass over the Doc for both kinds of form, and no pattern in
        # capitals of every place form, which an ORTH matcher would need (they made building
        # the places, at every start-up, much slower).
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        pairs = [(variant, entry) for form, entry in forms if form.strip() for variant in with_lost_apostrophes(form)]
        if case_sensitive:
            # A form whose capitals lowercase to other letters ("ß" -> "SS") keeps a pattern
            # in capitals (no form has one today).
            pairs += [(form.upper(), entry) for form, entry in pairs if form.upper().lower() != form.lower()]
        # One match key per entry, holding all its forms: PhraseMatcher.add makes a vocab entry
        # (a lexeme) for each key, and a key per form (three times as many) slowed start-up.
        patterns: dict[int, list[Doc]] = {}
        index_by_id: dict[int, int] = {}
        for (form, entry), doc in zip(pairs, nlp.tokenizer.pipe(form for form, _ in pairs)):
            index = index_by_id.setdefault(id(entry), len(self.entries))
            if index == len(self.entries):
                self.entries.append(entry)
            patterns.setdefault(index, []).append(doc)
        #: PhraseMatcher match id (the hash of the key) -> index into entries.
        self._index_of: dict[int, int] = {}
        #: Entry index -> the ORTH ids of its one-word forms: a one-token match must be one of
        #: them as written (or, case-sensitive, in capitals).
        self._one_word: dict[int, frozenset[int]] = {}
        #: Entry index -> the ORTH ids of its longer forms, token by token (case-sensitive only).
        self._longer: dict[int, frozenset[tuple[int, ...]]] = {}
        for index, docs in patterns.items():
            match_key = f"{key}:{index}"
            self._index_of[nlp.vocab.strings.add(match_key)] = index
            one_word = frozenset(doc[0].orth for doc in docs if len(doc) == 1)
            if one_word:
                self._one_word[index] = one_word
            if case_sensitive:
                self._longer[index] = frozenset(tuple(token.orth for token in doc) for doc in docs if len(doc) > 1)
            self._matcher.add(match_key, docs)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, doc: Doc) -> Iterator[GazetteerHit[Entry]]:
        """Every match (overlaps included), in text order."""
        index_of, one_word, capitals, entries = self._index_of, self._one_word, self._capitals, self.entries
        hits = [(start, end, index_of[match_id]) for match_id, start, end in self._matcher(doc)]
        hits.sort()
        for start, end, index in hits:
            # Offsets from the tokens; most forms are one token, whose Token object serves the
            # check and both ends.
            first = doc[start]
            if end - start == 1:
                orths = one_word.get(index)
                if orths is not None and first.orth not in orths and not (capitals and first.is_upper):
                    continue  # the same letters, not as written ("csa" is not CSA)
                last = first
            else:
                last = doc[end - 1]
                if capitals and not self._written_or_in_capitals(doc, start, end, index):
                    continue  # "Karaganda airport" is not Karaganda Airport
            yield GazetteerHit(first.idx, last.idx + len(last), entries[index])

    def _written_or_in_capitals(self, doc: Doc, start: int, end: int, index: int) -> bool:
        """Whether the tokens ``start:end`` are one of the entry's longer forms as written, or
        are in capitals (their text, spaces aside, is ``str.isupper``, as the form's is)."""
        tokens = [doc[i] for i in range(start, end)]
        if tuple([token.orth for token in tokens]) in self._longer[index]:
            return True
        return "".join([token.text for token in tokens]).isupper()
