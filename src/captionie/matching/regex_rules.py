"""Scanning a caption with data-file regex rules (``patterns/spacecraft_serials.jsonl``).

Most rules match nothing in most captions.  A rule's ``requires`` literals (one of them is in
every match) gate it: a caption holding none of them is not scanned with the rule.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from captionie.resources import RegexRule

_WORD_START = "\\b"


class ScannedRule:
    """A rule compiled for :meth:`finditer`."""

    __slots__ = ("rule", "pattern", "folded", "_body")

    def __init__(self, rule: RegexRule) -> None:
        self.rule = rule
        self.pattern = rule.compile()
        if self.pattern.match(""):
            raise ValueError(f"rule {rule.id} matches empty text")
        self.folded = bool(self.pattern.flags & re.IGNORECASE)
        # ``re`` skips ahead quickly only to a pattern that starts with a literal or a class,
        # so a rule starting with ``\b`` is searched without it and matched whole where that
        # search hits (trying ``\b`` at every position is slow).
        body = rule.regex.removeprefix(_WORD_START)
        self._body = re.compile(body, self.pattern.flags) if body != rule.regex else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The same matches as ``self.pattern.finditer(text)``: the rule matches where its
        body does and ``\\b`` holds, and ``Pattern.match`` sees the text before its position."""
        if self._body is None:
            yield from self.pattern.finditer(text)
            return
        position = 0
        while (hit := self._body.search(text, position)) is not None:
            found = self.pattern.match(text, hit.start())
            if found is None:
                position = hit.start() + 1
            else:
                yield found
                position = found.end()  # past a non-empty match, as ``finditer`` goes on


class RuleSet:
    """Rules tried in order on a caption, each only when one of its literals is in it."""

    def __init__(self, rules: Iterable[RegexRule]) -> None:
        self.rules = [ScannedRule(rule) for rule in rules]
        #: The case-sensitive rules' literals, looked for once a caption for all of them.
        self.literals = frozenset(lit for scanned in self.rules if not scanned.folded for lit in scanned.rule.requires)

    def applicable(self, text: str) -> Iterator[ScannedRule]:
        """The rules that may match ``text``, in order."""
        present = {literal for literal in self.literals if literal in text}
        for scanned in self.rules:
            requires = scanned.rule.requires
            if not requires:
                yield scanned
            elif scanned.folded:
                if scanned.rule.may_match(text):
                    yield scanned
            elif not present.isdisjoint(requires):
                yield scanned

    def matches(self, text: str) -> Iterator[tuple[RegexRule, re.Match[str]]]:
        """Every match of every rule: rule by rule in order, each rule's in text order."""
        for scanned in self.applicable(text):
            for match in scanned.finditer(text):
                yield scanned.rule, match
