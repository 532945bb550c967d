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
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        pairs = [(variant, entry) for form, entry in forms if form.strip() for variant in with_lost_apostrophes(form)]
        if case_sensitive:
            pairs += [(form.upper(), entry) for form, entry in pairs if form.upper() != form]
        #: PhraseMatcher match id (the hash of the key) -> index into entries and forms.
        self._index_of: dict[int, int] = {}
        exact: list[tuple[str, Doc]] = []
        folded: list[tuple[str, Doc]] = []
        for (form, entry), doc in zip(pairs, nlp.tokenizer.pipe(form for form, _ in pairs)):
            match_key = f"{key}:{len(self.entries)}"
            self._index_of[nlp.vocab.strings.add(match_key)] = len(self.entries)
            self.entries.append(entry)
            self.forms.append(form)
            (exact if case_sensitive or len(doc) == 1 else folded).append((match_key, doc))
        for matcher, patterns in ((self._exact, exact), (self._folded, folded)):
            for match_key, doc in patterns:
                matcher.add(match_key, [doc])
        # An empty PhraseMatcher still walks the Doc (~2.5 µs): only the used ones are run.
        self._matchers = [m for m in (self._exact, self._folded) if len(m)]

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, doc: Doc) -> Iterator[GazetteerHit[Entry]]:
        """Every match (overlaps included), in text order."""
        index_of = self._index_of
        hits = [(start, end, index_of[match_id]) for matcher in self._matchers for match_id, start, end in matcher(doc)]
        hits.sort()
        for start, end, index in hits:
            last = doc[end - 1]  # offsets from the tokens: a Span object costs more than the rest
            yield GazetteerHit(doc[start].idx, last.idx + len(last), self.entries[index], self.forms[index])
