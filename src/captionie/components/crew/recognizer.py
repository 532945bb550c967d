"""The crew component: which capitalized runs are crew names, with role and agency."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from captionie.components.base import FieldRecognizer, component_meta
from captionie.components.crew.context import LIST_SEPARATOR, CrewContext, left_context, next_to_crew
from captionie.components.crew.names import (
    SURNAME_VARIANT_MIN_LENGTH,
    Candidate,
    CrewNames,
    attach_suffix,
    misspelled_surname_of,
    narrow,
    person_key,
)
from captionie.pipeline.mentions import Mention, MentionStore

#: What stands between two names of a list: a separator, after a bracketed remark or degree
#: ("Scott E. Parazynski (left) and Pedro Duque", "Bonnie Dunbar, Ph.D., Michael Anderson").
LIST_GAP = re.compile(rf"(?=\s{{0,4}}\S)(?:[ \t]*\([^()]{{0,40}}\))?(?:,[ \t]*(?:Ph\.D\.|M\.D\.))?(?:{LIST_SEPARATOR.pattern})")

#: The fields whose mentions a crew name may not overlap.
_OTHER_FIELDS = ("agencies", "locations", "spacecraft", "expeditions", "dates", "image_ids")


class CrewRecognizer(FieldRecognizer):
    field = "crew"
    label = "CREW"

    def __init__(self) -> None:
        super().__init__()
        self.names = CrewNames()
        self.context = CrewContext(frozenset(self.names.surnames))

    # The patterns tests/test_fuzz.py checks by name.
    @property
    def run_re(self) -> re.Pattern[str]:
        return self.names.run_re

    @property
    def list_gap(self) -> re.Pattern[str]:
        return self.context.list_gap

    @property
    def cue_before(self) -> re.Pattern[str]:
        return self.context.cue_before

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = store.text
        # Nothing is stored while crew runs, so what other fields hold is read once.
        occupied = store.occupied(_OTHER_FIELDS)
        candidates: list[Candidate] = []
        singles: list[Candidate] = []
        for match in self.names.run_re.finditer(text):
            cand = self.names.trim(text, match.start(), match.end(), occupied)
            if cand is None:
                continue
            if len(cand.words) == 1 or self.names.is_surname_only(cand):
                singles.append(cand)
            elif self._accept_full(text, cand, store, candidates):
                candidates.append(cand)
        self._spread_plural_roles(text, candidates)
        accepted = candidates + self._resolve_surnames(text, singles, candidates, store)
        self._assign_values(accepted)
        accepted.sort(key=lambda c: c.start)
        return [
            Mention(c.start, c.end, text[c.start:c.end], c.value, c.rule,
                    {"role": c.role, "agency": c.agency, "kb_id": c.entry.id if c.entry else None})
            for c in accepted
        ]

    def _accept_full(self, text: str, cand: Candidate, store: MentionStore, accepted: list[Candidate]) -> bool:
        """Whether a run of two or more words is a crew name; fills in its role and agency."""
        entry, first, last = self.names.lookup(tuple(cand.words))
        if entry is None and (not (2 <= len(cand.words) <= 5)
                              or any(w.isupper() and len(w) > 1 and not w.endswith(".") for w in cand.words)
                              or any(w.casefold() in self.names.non_name_words for w in cand.words)):
            return False  # not listed, and not shaped like a name
        if entry is not None and (first, last) != (0, len(cand.words)):
            narrow(text, cand, first, last)
        attach_suffix(text, cand)
        context = self.context
        left = left_context(text, cand.start, accepted)
        facts = context.read_left(left)
        if facts.not_crew or context.stops_name(text, cand.end) or (
                not facts.cue and context.official_after(text, cand.end)):
            return False
        agency_after = context.agency_after(text, cand.end, store, loose=False)
        inherited = context.inherit(text, cand, accepted)
        if entry is not None:
            cand.entry, cand.rule = entry, "crew.gazetteer"
        elif facts.cue and not facts.weak:
            cand.rule = "crew.cue_before"
        elif agency_after in context.agencies_naming_crew:
            cand.rule = "crew.agency_after"
        elif inherited is not None:
            cand.rule = "crew.list"
        else:
            return False
        right = context.read_right(text, cand.end, predicate=True)
        cand.role_after, cand.plural_after, cand.respective = right.role, right.plural, right.respective
        cand.after_end = right.end if right.role is not None else 0
        if agency_after is None:
            agency_after = context.agency_after(text, right.end, store)
        cand.role_left = facts.role
        cand.agency_left = context.agency_before(text, cand.start, store, left)
        cand.plural_cue = facts.plural
        if inherited is not None:
            cand.role_left = cand.role_left or inherited.role_left
            if not facts.cue:
                cand.agency_left = cand.agency_left or inherited.agency_left
            cand.plural_cue = True
        cand.role = facts.role or cand.role_after or cand.role_left
        cand.agency = agency_after or cand.agency_left
        return True

    @staticmethod
    def _spread_plural_roles(text: str, crew: list[Candidate]) -> None:
        """A plural role after a list ("A, B and C, mission specialists") is each name's;
        "A and B, pilot and commander, respectively" gives each its own."""
        for i, cand in enumerate(crew):
            if cand.role_after is None or not (cand.plural_after or cand.respective):
                continue
            listed = [cand]
            for previous in reversed(crew[:i]):
                if previous.role_after is not None or not LIST_GAP.fullmatch(text[previous.end:listed[-1].start]):
                    break
                listed.append(previous)
            if cand.respective:
                if len(listed) >= len(cand.respective):
                    for member, role in zip(reversed(listed[:len(cand.respective)]), cand.respective):
                        member.role = role or None
                continue
            for member in listed[1:]:
                member.role = member.role or cand.role_after

    def _resolve_surnames(self, text: str, singles: list[Candidate], accepted: list[Candidate],
                          store: MentionStore) -> list[Candidate]:
        """Surname-only mentions: of someone named in full in the caption, or a listed
        surname standing in a list with other crew names."""
        if not accepted:
            return []  # each way below starts from a name found in full
        surnames = self.names.surnames
        known: dict[str, Candidate] = {}
        for cand in accepted:
            if cand.entry is not None:
                known.setdefault(cand.entry.surname.casefold(), cand)
            known.setdefault(cand.surname_key, cand)
        initials = {surname[:1] for surname in known}
        # A word that no way below can take (no known surname, no listed surname of one
        # person, too short or of the wrong first letter to misspell one) is not read on.
        pending = [c for c in singles
                   if self._may_resolve(" ".join(c.words).casefold(), known, initials)
                   and not self.context.stops_name(text, c.end)]
        resolved: list[Candidate] = []
        progress = True
        while pending and progress:
            progress = False
            for cand in list(pending):
                key = " ".join(cand.words).casefold()
                full = known.get(key)
                if full is not None:
                    cand.entry, cand.person, cand.rule = full.entry, person_key(full), "crew.surname"
                elif len(surnames.get(key, [])) == 1 and next_to_crew(text, cand, accepted + resolved):
                    cand.entry, cand.rule = surnames[key][0], "crew.listed_surname"
                elif (full := misspelled_surname_of(key, known)) is not None:
                    cand.entry, cand.person, cand.rule = full.entry, person_key(full), "crew.surname_variant"
                else:
                    continue
                pending.remove(cand)
                if self.context.read_left(left_context(text, cand.start, [])).not_crew:
                    continue
                resolved.append(cand)
                progress = True
        if resolved:
            self._read_surname_statements(text, sorted(resolved, key=lambda c: c.start), known, store)
        return resolved

    def _read_surname_statements(self, text: str, resolved: list[Candidate], known: dict[str, Candidate],
                                 store: MentionStore) -> None:
        """An agency stated after a surname ("Tokarev represents the Russian Space Agency",
        "Duque, a mission specialist representing the European Space Agency") is its person's,
        given to the full mention when that states none; the surname mention keeps none."""
        for i, cand in enumerate(resolved):
            right = self.context.read_right(text, cand.end, predicate=True)
            agency = self.context.agency_after(text, right.end, store)
            if agency is None:
                continue
            targets = [cand]
            if right.plural:
                for previous in reversed(resolved[:i]):
                    if not LIST_SEPARATOR.fullmatch(text[previous.end:targets[-1].start]):
                        break
                    targets.append(previous)
            for target in targets:
                full = known.get(" ".join(target.words).casefold())
                if full is not None:
                    full.agency = full.agency or agency

    def _may_resolve(self, key: str, known: dict[str, Candidate], initials: set[str]) -> bool:
        return (key in known or len(self.names.surnames.get(key, ())) == 1
                or (len(key) >= SURNAME_VARIANT_MIN_LENGTH and key[:1] in initials))

    @staticmethod
    def _assign_values(crew: list[Candidate]) -> None:
        """Each mention's value is the fullest form of its person's name in the caption."""
        groups: dict[str, list[Candidate]] = {}
        for cand in crew:
            cand.person = cand.person or person_key(cand)
            groups.setdefault(cand.person, []).append(cand)
        for members in groups.values():
            # The full form with the most words, then the most characters; the first of equals.
            best, most = "", (-1, -1)
            for cand in members:
                if cand.rule not in ("crew.surname", "crew.listed_surname"):
                    full = cand.plain + cand.suffix
                    size = (cand.plain.count(" ") + bool(cand.suffix), len(full))  # words hold no spaces
                    if size > most:
                        best, most = full, size
            if not best:  # only surnames
                best = members[0].entry.name if members[0].entry else members[0].plain
            for cand in members:
                cand.value = best


@Language.factory("captionie_crew", **component_meta(
    "crew", reads=("image_ids", "credit", "dates", "expeditions", "agencies", "spacecraft", "locations")))
def make_crew_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> CrewRecognizer:
    return CrewRecognizer().configure(spans_key, annotate_ents)
