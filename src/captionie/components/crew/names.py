"""Finding names: runs of capitalized words (initials, particles, hyphens and quoted or
bracketed nicknames included), trimmed to the name, and the forms of a name the crew
gazetteer and the surname rules compare (nickname dropped, initials dropped, surname)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz

from captionie import resources
from captionie.resources import CrewEntry

_UP = "A-ZÀ-ÖØ-ÞŁŠŽČŘ"
_LO = "a-zß-öø-ÿłšžčřı"
#: A capitalized word ("Bresnik", "McArthur", "O'Neil", "Jean-Loup") or an initial ("A.").
WORD = rf"(?:(?:[{_UP}][{_LO}]?[{_UP}][{_LO}]+|O['’][{_UP}][{_LO}]+|[{_UP}][{_LO}]+)(?:[-'’][{_UP}{_LO}][{_LO}]+)*(?![{_UP}{_LO}])|[{_UP}]\.(?:[{_UP}]\.)*)"
#: WORD after its first letter, which every form of it starts with: a run pattern that opens with
#: that letter class lets the regex engine skip to candidate positions instead of trying each one.
_WORD_AFTER_FIRST = rf"(?:(?:[{_LO}]?[{_UP}][{_LO}]+|(?<=O)['’][{_UP}][{_LO}]+|[{_LO}]+)(?:[-'’][{_UP}{_LO}][{_LO}]+)*(?![{_UP}{_LO}])|\.(?:[{_UP}]\.)*)"
#: A quoted or bracketed nickname ("Butch", 'Gus', (Butch)).
NICK = rf"(?:[\"“][{_UP}][{_LO}]+[\"”]|['‘][{_UP}][{_LO}]+['’]|\([{_UP}][{_LO}]+\))"
_NICKNAME = re.compile(NICK)
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
#: A generational suffix after a name ("Charles Conrad Jr.", "John H. Glenn, Jr.", "Edward H.
#: White II"): part of the name's span and value, not of the forms the gazetteer compares.
_SUFFIX = re.compile(r",?[ \t](?:Jr\.?|Sr\.?|II|III|IV)(?![\w'’-])")
_SUFFIX_WORDS = frozenset({"Jr", "Jr.", "Sr", "Sr."})
_RUN_SEPARATOR = re.compile(r"[ \t]")

#: A misspelled surname ("Yurichikin" for Yurchikhin) must score this against the surname of
#: someone the caption names in full, start with its letter and be this long.
SURNAME_VARIANT_SCORE = 85.0
SURNAME_VARIANT_MIN_LENGTH = 6


@dataclass(slots=True)
class Candidate:
    """A capitalized run, trimmed to the name, and what was decided about it."""

    start: int
    end: int
    words: list[str]
    #: The words without nicknames, joined by spaces, and the last of them casefolded: what
    #: the surname lookups and the value are made of.
    plain: str
    surname_key: str
    entry: CrewEntry | None = None
    role: str | None = None
    agency: str | None = None
    plural_cue: bool = False
    rule: str = ""
    value: str = ""
    person: str = ""
    #: The generational suffix as written after the name (", Jr."), added to the value.
    suffix: str = ""
    #: A role stated after the name (", commander;") and whether its phrase is plural.
    role_after: str | None = None
    plural_after: bool = False
    #: Where that role phrase ends (0 when there is none).
    after_end: int = 0
    #: "A and B, pilot and commander, respectively": the roles of the list this name ends.
    respective: tuple[str, ...] = ()
    #: The role and agency read before the name or from its list's cue: what the next name
    #: of the list inherits (a role or agency stated after a name is that name's alone).
    role_left: str | None = None
    agency_left: str | None = None


class CrewNames:
    """The crew gazetteer's forms and surnames, and the capitalized runs of a caption."""

    def __init__(self) -> None:
        self.forms: dict[str, CrewEntry] = {}
        self.surnames: dict[str, list[CrewEntry]] = {}
        for entry in resources.crew():
            for form in (entry.name, *entry.aliases):
                self.forms.setdefault(form.casefold(), entry)
                self.forms.setdefault(drop_initials(form).casefold(), entry)
            self.surnames.setdefault(entry.surname.casefold(), []).append(entry)
        self.longest_form = max((len(form.split()) for form in self.forms), default=0)
        ctx = resources.vocabulary("crew_context")
        self.title_words = frozenset(w.casefold() for w in ctx["title_words"])
        self.particles = frozenset(ctx["name_particles"])
        self.leading_non_names = frozenset(ctx["leading_non_names"])
        #: Words that make an unlisted run the name of a body or place, not a person's.
        self.non_name_words = frozenset(
            w.casefold() for w in (*ctx["name_stop_after"], *ctx["non_name_words"], *ctx["non_crew_titles"]))
        particle_alt = "|".join(map(re.escape, sorted(self.particles, key=len, reverse=True)))
        #: Capitalized words, nicknames and particles joined by single spaces or tabs.
        self.run_re = re.compile(
            rf"[{_UP}](?<![\w'’-].){_WORD_AFTER_FIRST}(?:[ \t](?:{NICK}[ \t])?(?:(?:{particle_alt})[ \t])?{WORD})*"
        )

    def trim(self, text: str, start: int, end: int, occupied: bytes) -> Candidate | None:
        """The capitalized run ``text[start:end]`` without the title words and other fields'
        mentions at its ends (``occupied``: :meth:`MentionStore.occupied` of the other
        fields), nor particles and sentence-initial words at its start; None when nothing is
        left or another field's mention lies inside what is."""
        trimmed = self.trim_run(text[start:end], occupied[start:end])
        if trimmed is None:
            return None
        first, last, words, plain, surname_key = trimmed
        return Candidate(start + first, start + last, list(words), plain, surname_key)

    # The caches here and on CrewContext.read_left keep a few thousand answers each: archives
    # are full of near-identical captions, which repeat the same runs, names and words before
    # names, and without them crew, the slowest component, took 1.5 to 2 times as long.
    @lru_cache(maxsize=4096)
    def trim_run(self, run: str, occupied: bytes) -> tuple[int, int, tuple[str, ...], str, str] | None:
        """:meth:`trim` of a run alone: offsets relative to it (``occupied``: its characters')."""
        tokens = run_words(run, 0, len(run))
        while tokens and (occupied.find(1, tokens[0][0], tokens[0][1]) >= 0
                          or tokens[0][2].rstrip(".").casefold() in self.title_words):
            tokens.pop(0)
        while tokens and (occupied.find(1, tokens[-1][0], tokens[-1][1]) >= 0
                          or tokens[-1][2].startswith(("(", '"', "“", "'", "‘"))
                          or (len(tokens) > 1 and tokens[-1][2] in _SUFFIX_WORDS)):
            tokens.pop()
        while tokens and (tokens[0][2] in self.particles or tokens[0][2] in self.leading_non_names):
            tokens.pop(0)
        if not tokens or _INITIALS.fullmatch(tokens[-1][2]):
            return None  # a name never ends with an initial ("Anthony W." before a place's name)
        first, last = tokens[0][0], tokens[-1][1]
        if occupied.find(1, first, last) >= 0:
            return None
        words = [word for _, _, word in tokens]
        return (first, last, tuple(words), *plain_name(words))

    @lru_cache(maxsize=4096)
    def lookup(self, words: tuple[str, ...]) -> tuple[CrewEntry | None, int, int]:
        """The gazetteer entry for the whole run or its longest two-plus-word part
        (returns the entry and the word range it covers)."""
        plain = plain_words(words)
        whole = " ".join(plain).casefold()
        entry = self.forms.get(whole) or self.forms.get(drop_initials(" ".join(plain)).casefold())
        if entry is not None:
            return entry, 0, len(words)
        # "Eileen Marie Collins", "Valery Ivanovich Tokarev": a middle name the forms omit.
        bare = drop_initials(" ".join(plain)).split()
        if len(bare) >= 3 and (entry := self.forms.get(f"{bare[0]} {bare[-1]}".casefold())) is not None:
            return entry, 0, len(words)
        # No form has more than ``longest_form`` words (nicknames are not counted): a part
        # holding more cannot match, and trying every part of a long run is cubic in its length.
        for size in range(min(len(words) - 1, widest_part(words, self.longest_form)), 1, -1):
            for first in range(0, len(words) - size + 1):
                part = words[first:first + size]
                if is_nickname(part[0]) or is_nickname(part[-1]):
                    continue
                entry = self.forms.get(" ".join(plain_words(part)).casefold())
                if entry is not None:
                    return entry, first, first + size
        return None, 0, len(words)

    def is_surname_only(self, cand: Candidate) -> bool:
        key = " ".join(cand.words).casefold()
        return key in self.surnames and key not in self.forms


def narrow(text: str, cand: Candidate, first: int, last: int) -> None:
    """Cut ``cand`` down to its words ``first:last``."""
    tokens = run_words(text, cand.start, cand.end)
    cand.start, cand.end = tokens[first][0], tokens[last - 1][1]
    cand.words = cand.words[first:last]
    cand.plain, cand.surname_key = plain_name(cand.words)


def attach_suffix(text: str, cand: Candidate) -> None:
    """Extend ``cand`` over a generational suffix right after it (", Jr.", " II")."""
    match = _SUFFIX.match(text, cand.end)
    if match is not None:
        cand.suffix = match.group()
        cand.end = match.end()


def run_words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The words of the capitalized run (or part of one) ``text[start:end]``, with their
    offsets: a run is words, nicknames and particles joined by single spaces or tabs."""
    words: list[tuple[int, int, str]] = []
    for word in _RUN_SEPARATOR.split(text[start:end]):
        words.append((start, start + len(word), word))
        start += len(word) + 1
    return words


def widest_part(words: Sequence[str], most_plain: int) -> int:
    """The most words a run of consecutive ``words`` can hold with at most ``most_plain`` of
    them not nicknames (two pointers: linear in the run)."""
    widest, first, plain = 0, 0, 0
    for last, word in enumerate(words):
        plain += not is_nickname(word)
        while plain > most_plain:
            plain -= not is_nickname(words[first])
            first += 1
        widest = max(widest, last - first + 1)
    return widest


def plain_words(words: Sequence[str]) -> list[str]:
    """Words without nicknames (``Barry "Butch" Wilmore`` -> Barry, Wilmore)."""
    return [w for w in words if not is_nickname(w)]


def is_nickname(word: str) -> bool:
    """``"Butch"``, ``(Butch)``: a quoted or bracketed nickname."""
    return _NICKNAME.fullmatch(word) is not None


def drop_initials(name: str) -> str:
    """The name without its initials ("A.", "J.M." words)."""
    return " ".join(w for w in name.split() if _INITIALS.fullmatch(w) is None)


def plain_name(words: list[str]) -> tuple[str, str]:
    """A candidate's ``plain`` and ``surname_key`` (see :class:`Candidate`)."""
    plain = plain_words(words)
    return " ".join(plain), plain[-1].casefold()


def person_key(cand: Candidate) -> str:
    """Who a candidate is: its gazetteer entry's name, else its surname and first letter."""
    if cand.entry is not None:
        return cand.entry.name
    return f"{cand.surname_key}|{cand.plain[:1]}"


def misspelled_surname_of(key: str, known: dict[str, Candidate]) -> Candidate | None:
    """The person named in full in this caption whose surname ``key`` misspells, if exactly
    one is close enough: captions misspell the names they have just spelled right, and only
    those names are candidates, so a stray capitalized word cannot become crew."""
    if len(key) < SURNAME_VARIANT_MIN_LENGTH:
        return None
    close = {
        id(cand): cand for surname, cand in known.items()
        if surname[:1] == key[:1] and fuzz.ratio(key, surname) >= SURNAME_VARIANT_SCORE
    }
    return next(iter(close.values())) if len(close) == 1 else None
