"""What the text around a name says: a crew cue right before it (``NASA astronaut``,
``Flight Engineer``) or an official's title or family word (``NASA Administrator``, ``his
wife,``), the role it names, an agency before or after it (``of Roscosmos``, ``(ESA)``), and
whether it continues a list of names opened by a plural cue."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from captionie import resources
from captionie.components.crew.names import Candidate
from captionie.pipeline.mentions import MentionStore

_SENTENCE_BREAK = re.compile(r"[.!?;]\s|\n")
# One ``\s*`` per gap: ``\s*,?\s*`` would try every split of a whitespace run (cubic under
# ``finditer``, found by tests/test_fuzz.py).
#: The farthest an agency stated after a name starts from it (", who represents the ").
_AFTER_AGENCY_REACH = 160
#: Opens the patterns read right after a name: the gap there is a few characters, and a
#: pattern that may start inside a long run of whitespace would read the run once per start.
_SHORT_GAP = r"(?=\s{0,4}\S)"
# The ways an agency is stated right after a name, each tried in turn: "of NASA", "(ESA)"; "of
# Spain, representing the European Space Agency", "(M.D., Ph.D.), with the National Space
# Development Agency of Japan", ", an astronaut with the European Space Agency"; "represents
# the Russian Space Agency".  One ``\s*`` per gap (see ``LIST_SEPARATOR``).
_AFTER_AGENCY = (
    re.compile(_SHORT_GAP + r"\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*)?(?:of\s+(?:the\s+)?|\(\s*)"),
    re.compile(_SHORT_GAP + r"\s*(?:(?:,\s*)?\([^()]{0,40}\)\s*)?(?:of\s+[A-Z][a-z]+\s*)?,\s*"
               r"(?:(?:an?|the)\s+(?:astronaut|cosmonaut)\s+)?(?:representing\s+(?:the\s+)?|(?:with|from)\s+the\s+)"),
    re.compile(_SHORT_GAP + r"(?:\s+of\s+[A-Z][a-z]+)?(?:\s*,\s*who)?\s+represent(?:s|ing)\s+(?:the\s+)?(?:[A-Z][a-z]+['’]s\s+)?"),
)
#: "(MS)" after "Mission Specialist": not a word between the role and the name.
_ABBREVIATION = re.compile(r"\([A-Z]{1,4}\)")
_POSSESSIVE_START = re.compile(r"^['’]s\b")
_WHITESPACE_RUN = re.compile(r"\s+")
#: ", ", ", and ", " and " between two names.  Each whitespace run is read by one quantifier
#: (``\s*(?:,\s*(?:and\s+)?|,?\s+and\s+)`` let ``\s*`` and ``\s+`` split one run every way:
#: quadratic in a long gap of spaces).
LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
#: The most characters before a name that are read for its cue.
LEFT_WINDOW = 120


@dataclass(frozen=True, slots=True)
class RightFacts:
    """The role stated after a name (``, commander;``), whether its phrase is plural (a list
    ends there), where it ends, and for ``A and B, pilot and commander, respectively`` the
    roles in order (the name's own is the last)."""

    role: str | None
    plural: bool
    end: int
    respective: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LeftFacts:
    """What the text before a name (back to the sentence start or the previous name) says:
    a crew cue ends it, or an official's title or family word does and no cue (not crew),
    the role it names, and whether the cue or role word is plural (a list follows)."""

    cue: bool
    not_crew: bool
    role: str | None
    plural: bool
    #: The cue is a bare "pilot" or "commander": the crew's words, and an aircraft's or a
    #: unit's too, so alone it makes only a listed name crew.
    weak: bool = False


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


def left_context(text: str, start: int, accepted: list[Candidate]) -> str:
    """The text before a name back to the sentence start or the previous name and the role
    stated after it (``accepted``: the names found before it), at most :data:`LEFT_WINDOW`
    characters."""
    window_start = max(0, start - LEFT_WINDOW)
    if accepted:
        window_start = min(start, max(window_start, accepted[-1].end, accepted[-1].after_end))
    window = text[window_start:start]
    last_break = 0
    for brk in _SENTENCE_BREAK.finditer(window):
        last_break = brk.end()
    return window[last_break:]


def next_to_crew(text: str, cand: Candidate, crew: list[Candidate]) -> bool:
    """Whether only a list separator stands between ``cand`` and one of ``crew``."""
    for other in crew:
        gap = text[other.end:cand.start] if other.end <= cand.start else text[cand.end:other.start]
        if LIST_SEPARATOR.fullmatch(gap):
            return True
    return False


class CrewContext:
    """The cue, role and title patterns of ``patterns/crew_context.json``."""

    def __init__(self, surnames: frozenset[str] = frozenset()) -> None:
        #: Casefolded surnames of listed crew: a surname in a list may stand between a plural
        #: role and the next name ("Mission Specialists Hawley, Catherine G. Coleman").
        self.surnames = surnames
        ctx = resources.vocabulary("crew_context")
        self.role_of = {phrase.casefold(): role for role, phrases in ctx["roles"].items() for phrase in phrases}
        role_alt = _alternation([p for phrases in ctx["roles"].values() for p in phrases])
        cue_alt = _alternation(ctx["person_cues"])
        self.role_re = re.compile(rf"(?<![\w-])(?:{role_alt})(?![\w-])")
        # "Mission Specialist (MS) George D. Nelson": an abbreviation may follow the cue.
        self.cue_before = re.compile(rf"(?<![\w-])(?P<cue>{role_alt}|{cue_alt})(?:\s*\([A-Z]{{1,4}}\))?\s*,?\s*$")
        # "Deputy Director for Launch and Payload Processing Loren Shriver": the title's own
        # words (capitalized, or of/for/and/the) may stand between it and the name.
        self.not_crew_before = re.compile(
            rf"(?<![\w-])(?:{_alternation(ctx['non_crew_titles'])})"
            rf"(?:[ \t]+(?:of|for|and|the|[A-Z][\w.&'-]*)){{0,6}}\s*,?\s*$")
        # "Bob Cabana, Director of Flight Crew Operations": an official's title after the name.
        official = _alternation(ctx["official_titles_after"])
        self.not_crew_after = re.compile(
            rf"{_SHORT_GAP}(?:[ \t]*\([^()]{{0,20}}\))?[ \t]*,[ \t]*(?:(?:left|right|center)[ \t]*,[ \t]*)?"
            rf"(?:the[ \t]+)?(?:NASA[ \t]+)?(?:{official})(?![\w-])")
        # "closeout crew members X and Y", "white room crew member X": the pad's crew.
        self.ground_crew_before = re.compile(
            rf"(?<![\w-])(?:{_alternation(ctx['ground_crew_words'])})(?:[ \t]+(?:room|closeout|close-out))*[ \t]+"
            rf"(?:crew|crewmen|crewman)(?:[ \t]+(?:members?|men|man))?\s*,?\s*$", re.IGNORECASE)
        self.weak_cues = frozenset(ctx["weak_cues"])
        #: "X of Roscosmos" makes an unlisted name crew; "X of NASA" does not (NASA's staff are
        #: mostly not astronauts).
        self.agencies_naming_crew = frozenset(ctx["agencies_naming_crew"])
        self._read_after(ctx)
        #: Words that may stand between a role or agency and the name.
        self.allowed_between = frozenset(w.casefold() for w in ctx["title_words"]) | {
            w.casefold() for p in [*ctx["person_cues"], *self.role_of] for w in p.split()
        }
        self.stop_after = re.compile(rf"{_SHORT_GAP}\s+(?:{_alternation(ctx['name_stop_after'])})\b")
        list_words = _alternation(ctx["list_words"])
        # Match only gaps whose whitespace runs are single spaces (``inherit`` makes them so):
        # its whitespace quantifiers sit next to each other, which is cubic on a long run.
        self.list_gap = re.compile(
            rf"^(?:\s+of\s+(?:the\s+)?[^,.;()]{{2,60}}?)?(?:\s*\([^()]{{0,50}}\))?"
            rf"(?:\s*,\s*(?:{list_words}|Ph\.D\.|M\.D\.)\s*)?\s*(?:[,;]\s*(?:and\s+)?|,?\s+and\s+|\s*&\s*)$"
        )

    def _read_after(self, ctx: dict) -> None:
        """The patterns of roles stated after a name: ``, commander;``, ``, STS-41 pilot,``,
        ``(left), command pilot,``, ``, the Gemini-Titan 3 backup crew command pilot``, and
        after a surname ``is mission commander``, ``were mission specialists``."""
        after_phrases = {**self.role_of, **{p.casefold(): role for role, phrases in ctx["roles_after"].items()
                                            for p in phrases}}
        self.role_after_of = after_phrases
        role_alt = _alternation(sorted(after_phrases))
        mission = (r"(?:(?:(?:STS|Mir|Apollo|Skylab|Gemini-Titan|Gemini|ASTP|Mercury|Spacelab)(?:[- ][\dA-Z][\w-]*)?"
                   r"|[1-6]\d-[A-M])[ \t]+)")  # "41-G": the Shuttle's 1984-86 flight numbers
        # Whitespace runs sit between literal words, one quantifier each (see ``list_gap``).
        role = (rf"(?:(?:all|both)[ \t]+)?(?:(?:the|a|an)[ \t]+)?{mission}?"
                rf"(?P<backup>(?:backup|back-up)[ \t]+(?:crew[ \t]+)?)?(?P<role>(?i:{role_alt}))(?:[ \t]+\d)?"
                rf"(?![\w-])(?![ \t]+[A-Z])")
        self.role_after = re.compile(
            rf"{_SHORT_GAP}(?:[ \t]*\([^()]{{0,40}}\))?(?:,[ \t]*(?:Ph\.D\.|M\.D\.))?[ \t]*,[ \t]*{role}")
        # "Jack R. Lousma and Alan L. Bean, pilot and commander, respectively".
        self.role_in_list = re.compile(rf"(?i:{role_alt})")
        self.respectively = re.compile(
            rf"{_SHORT_GAP}(?:(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)(?i:{role_alt}))+,?[ \t]+respectively\b")
        self.role_predicate = re.compile(
            rf"{_SHORT_GAP}(?:[ \t]*\([^()]{{0,40}}\))?(?:[ \t]*,[ \t]*[a-z][a-z ]{{0,30}},)?[ \t]+(?:is|was|are|were|served[ \t]+as|serves[ \t]+as|will[ \t]+be|will[ \t]+serve[ \t]+as)[ \t]+{role}")

    def read_right(self, text: str, end: int, predicate: bool = False) -> RightFacts:
        """The role stated right after a name ending at ``end`` (``predicate``: also ``is
        pilot``): see :class:`RightFacts`."""
        match = self.role_after.match(text, end)
        if match is None and predicate:
            match = self.role_predicate.match(text, end)
        if match is None:
            return RightFacts(None, False, end, ())
        phrase = " ".join(match.group("role").split())
        role = "backup" if match.group("backup") else self.role_after_of.get(phrase.casefold())
        plural = phrase.endswith("s") and not phrase.endswith("ss")
        more = self.respectively.match(text, match.end())
        if more is None:
            return RightFacts(role, plural, match.end(), ())
        roles = [role] + [self.role_after_of.get(" ".join(m.group().split()).casefold())
                          for m in self.role_in_list.finditer(more.group())]
        return RightFacts(roles[-1], False, more.end(), tuple(r or "" for r in roles))

    @lru_cache(maxsize=4096)
    def read_left(self, left: str) -> LeftFacts:
        """What the words before a name say (:class:`LeftFacts`; ``left``: :func:`left_context`).
        Cached: near-identical captions put the same words before the same names, and reading
        them is three regex scans."""
        cue = self.cue_before.search(left)
        role_match = self._closest_role(left)
        words = [m.group("cue") if m is cue else m.group() for m in (cue, role_match) if m is not None]
        ground = self.ground_crew_before.search(left) is not None
        return LeftFacts(
            cue=cue is not None and not ground,
            not_crew=ground or (cue is None and self.not_crew_before.search(left) is not None),
            weak=cue is not None and " ".join(cue.group("cue").split()) in self.weak_cues,
            role=self.role_of.get(" ".join(role_match.group().split()).casefold()) if role_match else None,
            plural=any(w.endswith("s") and not w.endswith("ss") for w in words),
        )

    def _closest_role(self, left: str) -> re.Match[str] | None:
        """The last role phrase before the name, if only cue, title and agency words stand
        between them ("backup crew members Russian cosmonaut X"; not "backups to prime
        crewmembers X")."""
        roles = list(self.role_re.finditer(left))
        if not roles:
            return None
        between = _ABBREVIATION.sub(" ", left[roles[-1].end():]).replace(",", " ").split()
        return roles[-1] if all(w.casefold() in self.allowed_between
                                or (w[:1].isupper() and w.casefold() in self.surnames) for w in between) else None

    def official_after(self, text: str, end: int) -> bool:
        """Whether an official's title follows the name ("X, Director of ...")."""
        return self.not_crew_after.match(text, end) is not None

    def stops_name(self, text: str, end: int) -> bool:
        """Whether a word after the name makes it part of another name ("Gagarin Museum")."""
        return self.stop_after.match(text, end) is not None

    def agency_after(self, text: str, end: int, store: MentionStore, loose: bool = True) -> str | None:
        """The agency right after a name: "of Roscosmos", "(ESA)", and unless not ``loose``
        (the agency is what makes the name crew) "representing ESA", ", with the ...". """
        agencies = store.get("agencies")
        # Every form reaches the agency within a short distance: most names have none there.
        if not any(end <= m["start"] <= end + _AFTER_AGENCY_REACH for m in agencies):
            return None
        starts = {int(m["start"]): str(m["value"]) for m in agencies if m["start"] >= end}
        for pattern in _AFTER_AGENCY if loose else _AFTER_AGENCY[:1]:
            match = pattern.match(text, end)
            if match is not None and match.end() in starts:
                return starts[match.end()]
        return None

    def agency_before(self, text: str, start: int, store: MentionStore, left: str) -> str | None:
        """The last agency in ``left``, the text before a name, if only cue and title words
        stand between it and the name ("Roscosmos cosmonaut X")."""
        left_start = start - len(left)
        for mention in reversed(store.get("agencies")):
            if mention["end"] > start or mention["start"] < left_start:
                continue
            # "the European Space Agency (ESA) astronaut X"; not "... (NASDA), Mission Specialist X".
            gap = _POSSESSIVE_START.sub("", text[mention["end"]:start])
            between = [w for w in gap.replace("(", " ").replace(")", " ").split()]
            if between and "," not in gap and all(w.casefold() in self.allowed_between for w in between):
                return str(mention["value"])
            return None
        return None

    def inherit(self, text: str, cand: Candidate, accepted: list[Candidate]) -> Candidate | None:
        """The previous name when this one continues its list under a plural cue."""
        if not accepted or not accepted[-1].plural_cue:
            return None
        previous = accepted[-1]
        words = text[max(previous.end, previous.after_end):cand.start].rstrip().split(" ")
        while words and words[-1].casefold() in self.allowed_between:
            words.pop()  # "..., NASA astronaut X": the cue words before X are not the gap
        # Each whitespace run reads as one space: ``list_gap``'s whitespace quantifiers sit next
        # to each other, and a long run tried every way of splitting it between them (400
        # spaces after "of" took 4 s; the phrase lengths it bounds count a run as one).
        gap = _WHITESPACE_RUN.sub(" ", " ".join(words))
        return previous if self.list_gap.match(gap + " ") else None
