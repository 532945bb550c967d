"""Space agencies and government bodies, canonicalized (``Russian Federal Space Agency`` ->
``Roscosmos``, ``USAF`` -> ``U.S. Air Force``).  A long form and its abbreviation are two
mentions; names inside the credit or a URL are not mentions.

Beyond the gazetteer: a bare service name ("a Navy helicopter", "the Air Force") only when it
stands alone, not inside a longer name ("Edwards Air Force Base", "Royal Navy"); a lowercase
description of the agency just named is not a second mention ("ASI, the Italian space
agency"); every department of a list ("the Departments of Agriculture, Commerce and
Interior"); a possessive whose apostrophe was lost to "?" ("NASA?s")."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from captionie import resources
from captionie.components.base import FieldRecognizer, component_meta, longest_non_overlapping
from captionie.matching.gazetteer import Gazetteer
from captionie.pipeline.mentions import Mention, MentionStore
from captionie.resources import AgencyEntry

#: Capitalized words that may stand before a bare service name ("The Navy", "Former Air Force
#: pilot"); any other capitalized word before it makes it part of a longer name.
_LEAD_INS = frozenset("the a an former retired and or both while when after with by in of for from as".split())
#: Head nouns after a bare service name that make it part of a facility's or unit's name
#: ("Air Force Base", "Army Air Field", "Navy Research Laboratory").
_NAME_HEADS = frozenset(
    "base bases station academy research laboratory laboratories lab museum plant systems flight test space "
    "missile weapons eastern western air corps ordnance bureau center centre school institute hospital "
    "command department office hangar field range band one ballistic ballistics signal medical materiel "
    "logistics satellite aeronautical aeroflightdynamics aeromechanics configurations".split()
)
_POSSESSIVE_LOST = re.compile(r"\b([A-Z][A-Za-z]*[A-Z])\?s\b")


def _capitals_kept(written: str, forms: list[str]) -> bool:
    """Whether ``written`` capitalizes every word that one of ``forms`` (the same words,
    case aside) capitalizes: "Italian space agency" is a description, not the name."""
    words = written.split()
    for form in forms:
        form_words = form.split()
        if len(form_words) == len(words) and all(
            not f[:1].isupper() or w[:1].isupper() for w, f in zip(words, form_words)
        ):
            return True
    return False


_SMALL_WORDS = frozenset("of and the for de d' du la".split())


def _initials(words: str) -> str:
    """The capital initials of ``words``' words, small words aside: "Agence spatiale
    canadienne" -> "ASC"."""
    return "".join(w[0].upper() for w in words.split() if w[0].isalpha() and w.lower() not in _SMALL_WORDS)


class AgencyRecognizer(FieldRecognizer):
    field = "agencies"
    label = "AGENCY"

    def __init__(self, nlp: Language) -> None:
        super().__init__()
        entries = resources.agencies()
        self.gazetteer: Gazetteer[AgencyEntry] = Gazetteer(
            nlp, ((form, entry) for entry in entries for form in (entry.name, *entry.aliases, *entry.contextual)),
            "agency",
        )
        #: Lowercased multi-word form -> its forms as written (for the capitals check).
        self._forms: dict[str, list[str]] = {}
        for entry in entries:
            for form in (entry.name, *entry.aliases, *entry.contextual):
                if " " in form:
                    self._forms.setdefault(" ".join(form.lower().split()), []).append(form)
        self._contextual = {form.lower() for entry in entries for form in entry.contextual}
        self._one_word = {form: entry for entry in entries for form in (entry.name, *entry.aliases) if " " not in form}
        self._departments = {entry.department: entry for entry in entries if entry.department}
        names = "|".join(sorted(map(re.escape, self._departments), key=len, reverse=True))
        item = rf"(?:the\s+)?(?:{names})\b"
        self._department_list = re.compile(
            rf"\b(?:U\.\s?S\.\s+)?Departments?\s+of\s+(?:the\s+)?(?P<first>{names})\b"
            rf"(?P<rest>(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){item}(?!\s+of\b))*)"
        )
        self._department_name = re.compile(rf"\b(?:{names})\b")

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = store.text
        found = []
        for hit in self.gazetteer.find(doc):
            written = text[hit.start:hit.end]
            key = " ".join(written.lower().split())
            if " " in written and not _capitals_kept(written, self._forms.get(key, [])):
                if key in self._contextual or self._restates(found, hit.entry, text, hit.start):
                    continue  # "air force"; "ASI, the Italian space agency"
            if key in self._contextual and not self._stands_alone(doc, hit.start, hit.end):
                continue
            if written.isupper() and " " not in written and self._defines_other(hit.entry, text, hit.start, hit.end):
                continue
            if not store.is_blocked(hit.start, hit.end):
                found.append(self._mention(text, hit.start, hit.end, hit.entry, "agency.gazetteer"))
        if "Department" in text:
            found += self._department_lists(text, store)
        if "?s" in text:
            for match in _POSSESSIVE_LOST.finditer(text):
                entry = self._one_word.get(match.group(1))
                if entry is not None and not store.is_blocked(*match.span(1)):
                    found.append(self._mention(text, *match.span(1), entry, "agency.gazetteer"))
        return longest_non_overlapping(found)

    @staticmethod
    def _mention(text: str, start: int, end: int, entry: AgencyEntry, rule: str) -> Mention:
        return Mention(start, end, text[start:end], entry.name, rule, {"kb_id": entry.id})

    @staticmethod
    def _restates(found: list[Mention], entry: AgencyEntry, text: str, start: int) -> bool:
        """Whether a name written in lowercase describes the agency just named, in apposition:
        "supported by ASI, the Italian space agency" (one mention, ASI)."""
        if not found or found[-1].attrs.get("kb_id") != entry.id or start - found[-1].end > 8:
            return False
        return re.fullmatch(r"\)?\s*[,(]\s*(?:the\s+)?", text[found[-1].end:start]) is not None

    @staticmethod
    def _stands_alone(doc: Doc, start: int, end: int) -> bool:
        """Whether the bare service name at ``start:end`` is not part of a longer name."""
        span = doc.char_span(start, end)
        if span is None:
            return False
        if span.start > 0:
            before = doc[span.start - 1].text
            if before.isalpha() and before[0].isupper() and before.lower() not in _LEAD_INS:
                return False
        if span.end < len(doc):
            after = doc[span.end]
            if after.text[:1].isupper() and after.lower_ in _NAME_HEADS or after.like_num:
                return False  # "Edwards Air Force Base"; "ASA 64" film
        return True

    @staticmethod
    def _defines_other(entry: AgencyEntry, text: str, start: int, end: int) -> bool:
        """Whether the abbreviation at ``start:end``, an acronym of one of its entry's long
        forms, stands here for something else spelled out beside it in brackets: "American
        Satellite Company (ASC)", "AEM (Animal Enclosure Module)" (not "ESA (European Space
        Agency)", nor "Gagarin Cosmonaut Training Center (GCTC)", whose entry has no such form)."""
        bracketed = text[start - 1:start] == "(" and text[end:end + 1] == ")"
        if not bracketed and text[end:end + 2] != " (":
            return False
        letters = text[start:end]
        long_forms = [form for form in (entry.name, *entry.aliases) if " " in form]
        if not any(_initials(form) == letters for form in long_forms):
            return False
        if bracketed:
            before = text[max(0, start - 120):start - 1].rstrip()
            if any(before.endswith(form) for form in long_forms):
                return False
            return _initials(before).endswith(letters)
        inside = text[end + 2:end + 122].split(")")[0]
        if any(inside.startswith(form) for form in long_forms):
            return False
        return _initials(inside).startswith(letters)
        return False

    def _department_lists(self, text: str, store: MentionStore) -> list[Mention]:
        """``Departments of Agriculture, Commerce, Interior``: the first with its
        "Department(s) of", each later one by its name alone."""
        found = []
        for match in self._department_list.finditer(text):
            spans = [(match.start(), match.end("first"), match.group("first"))]
            offset = match.start("rest")
            spans += [(offset + m.start(), offset + m.end(), m.group()) for m in
                      self._department_name.finditer(match.group("rest"))]
            for start, end, name in spans:
                if not store.is_blocked(start, end):
                    found.append(self._mention(text, start, end, self._departments[name], "agency.department_list"))
        return found


@Language.factory("captionie_agencies", **component_meta("agencies", reads=("credit",)))
def make_agency_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> AgencyRecognizer:
    return AgencyRecognizer(nlp).configure(spans_key, annotate_ents)
