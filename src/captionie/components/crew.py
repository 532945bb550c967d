"""Crew: astronauts, cosmonauts and spaceflight participants, with role and agency.

Names are found as runs of capitalized words (initials, particles, hyphens and quoted or
bracketed nicknames included), then kept when one of these holds:

* the run (or a two-plus-word part of it) is a form in ``patterns/crew.jsonl`` (a dict
  lookup: every form is a key, so this costs one hash per run);
* a crew cue stands right before it (``NASA astronaut``, ``Flight Engineer``, ``backup crew
  member,``) or an agency right after it (``of Roscosmos``, ``(ESA)``), so people no list
  names are found too;
* it continues a list opened by a plural cue (``Roscosmos cosmonauts A and B``);
* it is a surname of someone named in full elsewhere in the caption (``Whitson,
  Malenchenko and Yi``), or a listed surname next to other crew names, or a misspelling of a
  surname the caption spells right elsewhere (``Yurichikin`` after ``Fyodor Yurchikhin``).

A run right after an official's title or a family word (``NASA Administrator``, ``his
wife,``) is not crew, nor a name inside a place, spacecraft or agency name, nor anything in
the credit.  ``value`` is the fullest form of the person's name in the caption, nickname
removed; ``role`` and ``agency`` are what the caption states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Hashable, TypeVar

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc

from captionie import resources
from captionie.components.base import FieldRecognizer
from captionie.pipeline.mentions import Mention, MentionStore
from captionie.resources import CrewEntry

_UP = "A-ZÀ-ÖØ-ÞŁŠŽČŘ"
_LO = "a-zß-öø-ÿłšžčřı"
_WORD = rf"(?:(?:[{_UP}][{_LO}]?[{_UP}][{_LO}]+|O['’][{_UP}][{_LO}]+|[{_UP}][{_LO}]+)(?:[-'’][{_UP}{_LO}][{_LO}]+)*(?![{_UP}{_LO}])|[{_UP}]\.)"
_NICK = rf"(?:[\"“][{_UP}][{_LO}]+[\"”]|\([{_UP}][{_LO}]+\))"
# ``_WORD`` at a word start, written to begin with its capital: every alternative of _WORD
# starts with one, so it is taken first and the word-start test ("(?<![\w'’-].)": the
# character before the capital is not a word character, apostrophe or hyphen) comes after it.
# A pattern that begins with a character class lets ``re`` skip to the next capital in C;
# ``(?<![\w'’-]){_WORD}`` began with an assertion and was tried at every position (15 -> 10 µs).
_FIRST_WORD = (
    rf"[{_UP}](?<![\w'’-].)(?:(?:[{_LO}]?[{_UP}][{_LO}]+|(?<=O)['’][{_UP}][{_LO}]+|[{_LO}]+)"
    rf"(?:[-'’][{_UP}{_LO}][{_LO}]+)*(?![{_UP}{_LO}])|\.)"
)
_TOKEN = re.compile(rf"{_NICK}|{_WORD}|\S+")
_RUN_SEPARATOR = re.compile(r"[ \t]")
_SENTENCE_BREAK = re.compile(r"[.!?;]\s|\n")
# One ``\s*`` per gap: ``\s*,?\s*`` would try every split of a whitespace run (cubic under
# ``finditer``, found by tests/test_fuzz.py).
_AFTER_AGENCY = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*)?(?:of\s+(?:the\s+)?|\(\s*)")
_NICKNAME = re.compile(_NICK)
_POSSESSIVE_START = re.compile(r"^['’]s\b")
_WHITESPACE_RUN = re.compile(r"\s+")
# ", ", ", and ", " and " between two names.  Each whitespace run is read by one quantifier
# (``\s*(?:,\s*(?:and\s+)?|,?\s+and\s+)`` let ``\s*`` and ``\s+`` split one run every way:
# quadratic in a long gap of spaces).
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_NICKNAME_OPENERS = frozenset("\"“(")


@dataclass(slots=True)
class _Candidate:
    """A capitalized run, trimmed to the name, and what was decided about it."""

    start: int
    end: int
    words: list[str]
    #: The words without nicknames, joined by spaces, and the last of them casefolded: what
    #: the surname lookups and the value are made of (worked out with the trim, which is
    #: remembered, so not again for every name in every caption).
    plain: str
    surname_key: str
    entry: CrewEntry | None = None
    role: str | None = None
    agency: str | None = None
    plural_cue: bool = False
    rule: str = ""
    value: str = ""
    person: str = ""


@dataclass(frozen=True, slots=True)
class _LeftFacts:
    """What the text before a name (back to the sentence start or the previous name) says:
    a crew cue ends it, or an official's title or family word does and no cue (not crew),
    the role it names, and whether the cue or role word is plural (a list follows)."""

    cue: bool
    not_crew: bool
    role: str | None
    plural: bool


#: Entries each of crew's remembered-answer dicts holds before it is emptied.
_REMEMBERED = 4096
#: A remembered-answer lookup that found nothing (None is a remembered answer).
_UNSEEN = object()

Answer = TypeVar("Answer")


def _remember(answers: dict[Any, Answer], key: Hashable, answer: Answer) -> Answer:
    """Keep ``answer`` as ``answers[key]`` and return it; the dict is emptied when it holds
    ``_REMEMBERED`` answers, so memory stays bounded however long the run.

    Callers look the key up themselves first and call this only for a new key: most lookups
    find their answer, and a call per lookup (with the work to do passed in) cost ~0.2 µs
    each, ~17 a caption."""
    if len(answers) >= _REMEMBERED:
        answers.clear()
    answers[key] = answer
    return answer


def _sentence_tail(text: str) -> str:
    """``text`` after its last sentence break (all of it when it has none)."""
    last_break = 0
    for brk in _SENTENCE_BREAK.finditer(text):
        last_break = brk.end()
    return text[last_break:]


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


class CrewRecognizer(FieldRecognizer):
    field = "crew"
    label = "CREW"

    def __init__(self) -> None:
        super().__init__()
        entries = resources.crew()
        self.forms: dict[str, CrewEntry] = {}
        self.surnames: dict[str, list[CrewEntry]] = {}
        for entry in entries:
            for form in (entry.name, *entry.aliases):
                self.forms.setdefault(form.casefold(), entry)
                self.forms.setdefault(_drop_initials(form).casefold(), entry)
            self.surnames.setdefault(entry.surname.casefold(), []).append(entry)
        self.longest_form = max((len(form.split()) for form in self.forms), default=0)
        ctx = resources.vocabulary("crew_context")
        self.role_of = {phrase.casefold(): role for role, phrases in ctx["roles"].items() for phrase in phrases}
        role_alt = _alternation([p for phrases in ctx["roles"].values() for p in phrases])
        cue_alt = _alternation(ctx["person_cues"])
        self.role_re = re.compile(rf"(?<![\w-])(?:{role_alt})(?![\w-])")
        self.cue_before = re.compile(rf"(?<![\w-])(?P<cue>{role_alt}|{cue_alt})\s*,?\s*$")
        self.not_crew_before = re.compile(rf"(?<![\w-])(?:{_alternation(ctx['non_crew_titles'])})\s*,?\s*$")
        self.title_words = frozenset(w.casefold() for w in ctx["title_words"])
        self.allowed_between = self.title_words | {
            w.casefold() for p in [*ctx["person_cues"], *self.role_of] for w in p.split()
        }
        self.particles = frozenset(ctx["name_particles"])
        self.leading_non_names = frozenset(ctx["leading_non_names"])
        self.stop_after = re.compile(rf"\s+(?:{_alternation(ctx['name_stop_after'])})\b")
        list_words = _alternation(ctx["list_words"])
        # Match only gaps whose whitespace runs are single spaces (``_inherit`` makes them so):
        # its whitespace quantifiers sit next to each other, which is cubic on a long run.
        self.list_gap = re.compile(
            rf"^(?:\s+of\s+(?:the\s+)?[^,.;()]{{2,60}}?)?(?:\s*\([^()]{{0,50}}\))?"
            rf"(?:\s*,\s*(?:{list_words})\s*)?\s*(?:,\s*(?:and\s+)?|,?\s+and\s+|\s*&\s*)$"
        )
        particle_alt = "|".join(map(re.escape, sorted(self.particles, key=len, reverse=True)))
        # Answers remembered by their input (plain dicts, so the component still pickles; each
        # is emptied when it reaches _REMEMBERED entries, so memory stays bounded).
        self._left_facts: dict[str, _LeftFacts] = {}
        self._lookups: dict[tuple[str, ...], tuple[CrewEntry | None, int, int]] = {}
        self._trims: dict[tuple[str, bytes], tuple[int, int, tuple[str, ...], str, str] | None] = {}
        self._alone: dict[str, bool] = {}
        self._sentence_tails: dict[str, str] = {}
        self.run_re = re.compile(
            rf"{_FIRST_WORD}(?:[ \t](?:{_NICK}[ \t])?(?:(?:{particle_alt})[ \t])?{_WORD})*"
        )

    # ------------------------------------------------------------------ main
    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = store.text
        # Nothing is stored while crew runs, so what other fields hold is read once.
        occupied = store.occupied(("agencies", "locations", "spacecraft", "expeditions", "dates", "image_ids"))
        candidates: list[_Candidate] = []
        singles: list[_Candidate] = []
        never_alone = self._alone
        for match in self.run_re.finditer(text):
            start, end = match.span()
            run = match.group()
            if " " not in run and "\t" not in run:
                # One word (two runs in three, and most of them turned away): a surname at
                # most, decided here without building a trimmed candidate.  Another field's
                # mention (a place, a month: 3.7 a caption) is the cheaper test, so it comes
                # first; the remembered answer is read here without a call.
                if occupied.find(1, start, end) < 0:
                    alone = never_alone.get(run)
                    if alone is None:
                        alone = _remember(never_alone, run, self._is_never_alone(run))
                    if not alone:
                        # A run starts with a capital, so a one-word run is no nickname.
                        singles.append(_Candidate(start, end, [run], run, run.casefold()))
                continue
            cand = self._trim(text, start, end, occupied)
            if cand is None:
                continue
            if len(cand.words) == 1 or self._is_surname_only(cand):
                singles.append(cand)
                continue
            if self._accept_full(text, cand, store, candidates):
                candidates.append(cand)
        accepted = list(candidates)
        accepted.extend(self._resolve_surnames(text, singles, accepted))
        self._assign_values(accepted)
        accepted.sort(key=lambda c: c.start)
        return [
            Mention(c.start, c.end, text[c.start:c.end], c.value, c.rule, {"role": c.role, "agency": c.agency})
            for c in accepted
        ]

    # ------------------------------------------------------------------ steps
    def _trim(self, text: str, start: int, end: int, occupied: bytes) -> _Candidate | None:
        """Drop title words and other fields' mentions off both ends of a capitalized run
        (``occupied``: :meth:`MentionStore.occupied` of the other fields).  The answer is a
        function of the run and which of its characters are occupied, and near-identical
        captions repeat both, so it is remembered by them."""
        run, run_occupied = text[start:end], occupied[start:end]
        key = (run, run_occupied)
        trimmed = self._trims.get(key, _UNSEEN)
        if trimmed is _UNSEEN:
            trimmed = _remember(self._trims, key, self._trim_run(run, run_occupied))
        if trimmed is None:
            return None
        first, last, words, plain, surname_key = trimmed
        return _Candidate(start + first, start + last, list(words), plain, surname_key)

    def _trim_run(self, run: str, occupied: bytes) -> tuple[int, int, tuple[str, ...], str, str] | None:
        """:meth:`_trim` of one run of two or more words, offsets relative to it
        (``occupied``: its characters')."""
        if occupied.find(0) < 0:
            return None  # every character is another field's (a place, a spacecraft): all would be dropped
        tokens = _run_words(run, 0)

        def removable(tok: tuple[int, int, str]) -> bool:
            return occupied.find(1, tok[0], tok[1]) >= 0 or tok[2].rstrip(".").casefold() in self.title_words

        while tokens and removable(tokens[0]):
            tokens.pop(0)
        while tokens and (occupied.find(1, tokens[-1][0], tokens[-1][1]) >= 0 or tokens[-1][2].startswith(("(", '"', "“"))):
            tokens.pop()
        while tokens and (tokens[0][2] in self.particles or tokens[0][2] in self.leading_non_names):
            tokens.pop(0)
        if not tokens:
            return None
        first, last = tokens[0][0], tokens[-1][1]
        if occupied.find(1, first, last) >= 0:
            return None
        words = [t[2] for t in tokens]
        return (first, last, tuple(words), *_plain_name(words))

    def _is_never_alone(self, word: str) -> bool:
        """Whether a one-word run is no name by itself (a title word, a particle, a word that
        never starts a name): what :meth:`_trim_run` drops off a longer run's ends, which
        leaves nothing of a one-word run.  :meth:`find` remembers it by the word."""
        return word.rstrip(".").casefold() in self.title_words or word in self.particles or word in self.leading_non_names

    def _lookup(self, words: list[str]) -> tuple[CrewEntry | None, int, int]:
        """The gazetteer entry for the whole run or its longest two-plus-word part
        (returns the entry and the word range it covers)."""
        plain = _plain_words(words)
        whole = " ".join(plain).casefold()
        entry = self.forms.get(whole) or self.forms.get(_drop_initials(" ".join(plain)).casefold())
        if entry is not None:
            return entry, 0, len(words)
        # No form has more than ``longest_form`` words (nicknames are not counted): a part
        # holding more cannot match, and trying every part of a long run is cubic in its length.
        for size in range(min(len(words) - 1, _widest_part(words, self.longest_form)), 1, -1):
            for first in range(0, len(words) - size + 1):
                part = words[first:first + size]
                if _is_nickname(part[0]) or _is_nickname(part[-1]):
                    continue
                key = " ".join(_plain_words(part)).casefold()
                entry = self.forms.get(key)
                if entry is not None:
                    return entry, first, first + size
        return None, 0, len(words)

    def _accept_full(self, text: str, cand: _Candidate, store: MentionStore, accepted: list[_Candidate]) -> bool:
        """Whether a run of two or more words is a crew name; fills in its role and agency.
        What decides comes first: two runs in three are turned away before the role and
        agency around them are read."""
        entry, first, last = self._lookup_cached(cand.words)
        if entry is None and (not (2 <= len(cand.words) <= 5) or any(w.isupper() and len(w) > 1 for w in cand.words)):
            return False  # not listed, and not shaped like a name
        if entry is not None and (first, last) != (0, len(cand.words)):
            cand = self._narrow(text, cand, first, last)
        left = self._left_context(text, cand.start, accepted)
        facts = self._read_left(left)
        if facts.not_crew:
            return False
        if self.stop_after.match(text, cand.end):
            return False
        agency_after = self._agency_after(text, cand.end, store)
        inherited = self._inherit(text, cand, accepted)
        if entry is not None:
            cand.entry, cand.rule = entry, "crew.gazetteer"
        elif facts.cue:
            cand.rule = "crew.cue_before"
        elif agency_after is not None:
            cand.rule = "crew.agency_after"
        elif inherited is not None:
            cand.rule = "crew.list"
        else:
            return False
        cand.role = facts.role
        cand.agency = agency_after or self._agency_before(text, cand.start, store, left)
        cand.plural_cue = facts.plural
        if inherited is not None:
            cand.role = cand.role or inherited.role
            if not facts.cue:
                cand.agency = cand.agency or inherited.agency
            cand.plural_cue = True
        return True

    def _read_left(self, left: str) -> _LeftFacts:
        """What the words before a name say (:class:`_LeftFacts`), remembered by that text:
        near-identical captions put the same words before the same names ("Expedition 53
        Commander "), and reading them is three regex scans of up to 120 characters."""
        facts = self._left_facts.get(left)
        return _remember(self._left_facts, left, self._left_facts_of(left)) if facts is None else facts

    def _left_facts_of(self, left: str) -> _LeftFacts:
        cue = self.cue_before.search(left)
        role_match = self._closest_role(left)
        words = [m.group("cue") if m is cue else m.group() for m in (cue, role_match) if m is not None]
        return _LeftFacts(
            cue=cue is not None,
            not_crew=cue is None and self.not_crew_before.search(left) is not None,
            role=self.role_of.get(_squash(role_match.group()).casefold()) if role_match else None,
            plural=any(w.endswith("s") and not w.endswith("ss") for w in words),
        )

    def _lookup_cached(self, words: list[str]) -> tuple[CrewEntry | None, int, int]:
        """:meth:`_lookup`, remembered by the words (the same names recur across captions)."""
        key = tuple(words)
        found = self._lookups.get(key)
        return _remember(self._lookups, key, self._lookup(words)) if found is None else found

    def _narrow(self, text: str, cand: _Candidate, first: int, last: int) -> _Candidate:
        tokens = [m.span() for m in _TOKEN.finditer(text, cand.start, cand.end)]
        cand.start, cand.end = tokens[first][0], tokens[last - 1][1]
        cand.words = cand.words[first:last]
        cand.plain, cand.surname_key = _plain_name(cand.words)
        return cand

    def _left_context(self, text: str, start: int, accepted: list[_Candidate]) -> str:
        """Text before a name back to the sentence start or the previous name (at most 120
        characters).  Its sentence start is remembered by the window: near-identical captions
        put the same words before the same names, and scanning them cost ~5 µs a caption."""
        window_start = max(0, start - 120)
        if accepted and accepted[-1].end > window_start:
            window_start = accepted[-1].end
        window = text[window_start:start]
        tail = self._sentence_tails.get(window)
        return _remember(self._sentence_tails, window, _sentence_tail(window)) if tail is None else tail

    def _agency_after(self, text: str, end: int, store: MentionStore) -> str | None:
        match = _AFTER_AGENCY.match(text, end)
        if match is None:
            return None
        for mention in store.get("agencies"):
            if mention["start"] == match.end():
                return str(mention["value"])
        return None

    def _agency_before(self, text: str, start: int, store: MentionStore, left: str) -> str | None:
        left_start = start - len(left)
        for mention in reversed(store.get("agencies")):
            if mention["end"] > start or mention["start"] < left_start:
                continue
            between = _POSSESSIVE_START.sub("", text[mention["end"]:start]).split()
            if between and all(w.strip(",").casefold() in self.allowed_between for w in between):
                return str(mention["value"])
            return None
        return None

    def _closest_role(self, left: str) -> re.Match[str] | None:
        """The last role phrase before the name, if only cue, title and agency words stand
        between them ("backup crew members Russian cosmonaut X"; not "backups to prime
        crewmembers X")."""
        roles = list(self.role_re.finditer(left))
        if not roles:
            return None
        between = left[roles[-1].end():].replace(",", " ").split()
        return roles[-1] if all(w.casefold() in self.allowed_between for w in between) else None

    def _inherit(self, text: str, cand: _Candidate, accepted: list[_Candidate]) -> _Candidate | None:
        """The previous name when this one continues its list under a plural cue."""
        if not accepted or not accepted[-1].plural_cue:
            return None
        previous = accepted[-1]
        words = text[previous.end:cand.start].rstrip().split(" ")
        while words and words[-1].casefold() in self.allowed_between:
            words.pop()  # "..., NASA astronaut X": the cue words before X are not the gap
        # Each whitespace run reads as one space: ``list_gap``'s whitespace quantifiers sit next
        # to each other, and a long run tried every way of splitting it between them (400
        # spaces after "of" took 4 s; the phrase lengths it bounds count a run as one).
        gap = _WHITESPACE_RUN.sub(" ", " ".join(words))
        return previous if self.list_gap.match(gap + " ") else None

    def _is_surname_only(self, cand: _Candidate) -> bool:
        key = " ".join(cand.words).casefold()
        return key in self.surnames and key not in self.forms

    def _resolve_surnames(self, text: str, singles: list[_Candidate], accepted: list[_Candidate]) -> list[_Candidate]:
        """Surname-only mentions: of someone named in full in the caption, or a listed
        surname standing in a list with other crew names."""
        if not accepted:
            return []  # each way below starts from a name found in full: none can apply
        known: dict[str, _Candidate] = {}
        for cand in accepted:
            if cand.entry is not None:
                known.setdefault(cand.entry.surname.casefold(), cand)
            known.setdefault(cand.surname_key, cand)
        initials = {surname[:1] for surname in known}
        resolved: list[_Candidate] = []
        pending = [c for c in singles
                   if self._may_resolve(" ".join(c.words).casefold(), known, initials)
                   and not self.stop_after.match(text, c.end)]
        progress = True
        while pending and progress:
            progress = False
            for cand in list(pending):
                key = " ".join(cand.words).casefold()
                full = known.get(key)
                if full is not None:
                    cand.entry, cand.person, cand.rule = full.entry, _person_key(full), "crew.surname"
                elif len(self.surnames.get(key, [])) == 1 and self._next_to_crew(text, cand, accepted + resolved):
                    cand.entry, cand.rule = self.surnames[key][0], "crew.listed_surname"
                elif (full := _misspelled_surname_of(key, known)) is not None:
                    cand.entry, cand.person, cand.rule = full.entry, _person_key(full), "crew.surname_variant"
                else:
                    continue
                if self._read_left(self._left_context(text, cand.start, [])).not_crew:
                    pending.remove(cand)
                    continue
                resolved.append(cand)
                pending.remove(cand)
                progress = True
        return resolved

    def _may_resolve(self, key: str, known: dict[str, _Candidate], initials: set[str]) -> bool:
        """False when no way of :meth:`_resolve_surnames` can take the single word ``key``
        (casefolded): it is no known surname, no listed surname of exactly one person, and
        too short or of the wrong first letter (``initials``: of ``known``) to misspell one.
        Such words (most of them) are not read any further."""
        return (key in known or len(self.surnames.get(key, ())) == 1
                or (len(key) >= SURNAME_VARIANT_MIN_LENGTH and key[:1] in initials))

    def _next_to_crew(self, text: str, cand: _Candidate, crew: list[_Candidate]) -> bool:
        for other in crew:
            gap = text[other.end:cand.start] if other.end <= cand.start else text[cand.end:other.start]
            if _LIST_SEPARATOR.fullmatch(gap):
                return True
        return False

    def _assign_values(self, crew: list[_Candidate]) -> None:
        """Each mention's value is the fullest form of its person's name in the caption."""
        groups: dict[str, list[_Candidate]] = {}
        for cand in crew:
            cand.person = cand.person or _person_key(cand)
            groups.setdefault(cand.person, []).append(cand)
        for members in groups.values():
            # The full form with the most words, then the most characters; the first of equals.
            best, most = "", (-1, -1)
            for cand in members:
                if cand.rule != "crew.surname" and cand.rule != "crew.listed_surname":
                    size = (cand.plain.count(" "), len(cand.plain))  # words hold no spaces
                    if size > most:
                        best, most = cand.plain, size
            if not best:  # only surnames
                best = members[0].entry.name if members[0].entry else members[0].plain
            for cand in members:
                cand.value = best


#: A misspelled surname ("Yurichikin" for Yurchikhin) must score this against the surname of
#: someone the caption names in full, start with its letter and be this long.
SURNAME_VARIANT_SCORE = 85.0
SURNAME_VARIANT_MIN_LENGTH = 6


def _misspelled_surname_of(key: str, known: dict[str, _Candidate]) -> _Candidate | None:
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


def _run_words(run: str, start: int) -> list[tuple[int, int, str]]:
    """The words of a capitalized run found by ``run_re`` at ``start``, with their offsets.
    A run is words, nicknames and particles joined by single spaces or tabs, and each of
    those is one ``_TOKEN`` (tests/test_shortcuts.py checks it), so splitting on the
    separators gives ``_TOKEN``'s words without a regex scan."""
    words: list[tuple[int, int, str]] = []
    for word in _RUN_SEPARATOR.split(run):
        words.append((start, start + len(word), word))
        start += len(word) + 1
    return words


def _widest_part(words: list[str], most_plain: int) -> int:
    """The most words a run of consecutive ``words`` can hold with at most ``most_plain`` of
    them not nicknames (two pointers: linear in the run)."""
    widest, first, plain = 0, 0, 0
    for last, word in enumerate(words):
        plain += not _is_nickname(word)
        while plain > most_plain:
            plain -= not _is_nickname(words[first])
            first += 1
        widest = max(widest, last - first + 1)
    return widest


def _plain_words(words: list[str]) -> list[str]:
    """Words without nicknames (``Barry "Butch" Wilmore`` -> Barry, Wilmore)."""
    return [w for w in words if not _is_nickname(w)]


def _is_nickname(word: str) -> bool:
    """``"Butch"``, ``(Butch)``: a quoted or bracketed nickname (words never start with a space)."""
    return word[:1] in _NICKNAME_OPENERS and _NICKNAME.fullmatch(word) is not None


def _drop_initials(name: str) -> str:
    """The name without its initials ("A." words; tested by hand, not with ``re.fullmatch``,
    which looks its pattern up again for every word of every multi-word run)."""
    return " ".join(w for w in name.split() if not (len(w) == 2 and w[1] == "." and "A" <= w[0] <= "Z"))


def _squash(phrase: str) -> str:
    return " ".join(phrase.split())


def _person_key(cand: _Candidate) -> str:
    if cand.entry is not None:
        return cand.entry.name
    return f"{cand.surname_key}|{cand.plain[:1]}"


def _plain_name(words: list[str]) -> tuple[str, str]:
    """A candidate's ``plain`` and ``surname_key`` (see :class:`_Candidate`)."""
    plain = _plain_words(words)
    return " ".join(plain), plain[-1].casefold()


@Language.factory("captionie_crew", assigns=["doc.spans"], default_config={})
def make_crew_recognizer(nlp: Language, name: str) -> CrewRecognizer:
    return CrewRecognizer()
