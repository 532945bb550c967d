"""Scanning a caption with many data-file regex rules, cheaply.

Most rules (``patterns/spacecraft_serials.jsonl``) match nothing in most captions, and ``re``
scans a text fastest when a pattern starts with a literal or a character class: it skips in C
to the next place that character occurs.  A rule that starts with ``\\b`` gets no such skip
(``\\bSoyuz...`` tries every position: 6 µs a caption, against 1–2 µs without the ``\\b``).
So a rule is searched without its leading ``\\b``, and the whole rule is then matched where
that search hits: the same matches, found faster.  A rule's ``requires`` literals gate the
scan (one is in every match), and all rules' literals are looked up in one search.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from captionie.resources import RegexRule

_WORD_START = "\\b"


class ScannedRule:
    """A rule compiled for :meth:`finditer`, with what gates it."""

    __slots__ = ("rule", "pattern", "_body", "requires", "folded")

    def __init__(self, rule: RegexRule) -> None:
        self.rule = rule
        self.pattern = rule.compile()
        body = rule.regex[len(_WORD_START):] if rule.regex.startswith(_WORD_START) else None
        self._body = re.compile(body, self.pattern.flags) if body else None
        #: Literals one of which every match holds (empty: always scanned); a caption's
        #: literals are found once for every rule by :class:`RuleSet`.
        self.requires = frozenset(rule.requires)
        #: Whether the rule ignores case (read once: a ``RegexFlag`` test costs half a µs).
        self.folded = bool(self.pattern.flags & re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``self.pattern.finditer(text)``, searched without the leading ``\\b``.  The rule
        matches at a position exactly when its body does and ``\\b`` holds there, and
        ``Pattern.match(text, pos)`` sees the characters before ``pos``, so matching the whole
        rule where the body hits keeps ``\\b`` exact.  Rules never match empty text (checked
        when the rule set is built), so each match moves the scan past its end."""
        if self._body is None:
            yield from self.pattern.finditer(text)
            return
        position = 0
        search, match = self._body.search, self.pattern.match
        while True:
            hit = search(text, position)
            if hit is None:
                return
            found = match(text, hit.start())
            if found is None:
                position = hit.start() + 1
                continue
            yield found
            position = found.end()


class RuleSet:
    """Rules tried in order on a caption, each only when one of its literals is in it."""

    def __init__(self, rules: Iterable[RegexRule]) -> None:
        self.rules = [ScannedRule(rule) for rule in rules]
        for scanned in self.rules:
            if scanned.pattern.match(""):
                raise ValueError(f"rule {scanned.rule.id} matches empty text")
        # Literals are looked up case-sensitively; a rule that ignores case keeps its own
        # case-folded test (RegexRule.may_match).
        literals = sorted({lit for s in self.rules if not s.folded for lit in s.requires},
                          key=lambda lit: (-len(lit), lit))
        # One search finds where any literal starts (an alternation of literals starts with a
        # character class, so ``re`` skips between their first letters in C): 25 ``in`` tests
        # cost 6.8 µs a caption, this about a third.  Longest first, so at each place the
        # longest literal there is reported; the shorter ones there are its prefixes.
        self._literals = re.compile("|".join(map(re.escape, literals))) if literals else None
        self._prefixes = {lit: frozenset(p for p in literals if lit.startswith(p)) for lit in literals}

    def literals_in(self, text: str) -> set[str]:
        """Every literal of the rules (case-sensitive ones) that occurs in ``text``."""
        present: set[str] = set()
        if self._literals is None:
            return present
        search = self._literals.search
        hit = search(text)
        while hit is not None:
            present |= self._prefixes[hit.group()]
            hit = search(text, hit.start() + 1)
        return present

    def applicable(self, text: str) -> Iterator[ScannedRule]:
        """The rules that may match ``text``, in order."""
        present = self.literals_in(text)
        for scanned in self.rules:
            if not scanned.requires:
                yield scanned
            elif scanned.folded:
                if scanned.rule.may_match(text):
                    yield scanned
            elif not scanned.requires.isdisjoint(present):
                yield scanned
