"""The photo credit: ``Photo Credit: (NASA/Bill Ingalls)`` -> ``NASA/Bill Ingalls``.

The span is the attribution only (no label, brackets, quotes or final period).  The credit
region is blocked for the other fields: the names and agencies inside it are not crew or
agency mentions.

Forms, tried in this order (the first form with a match gives the credit, its last match):
labeled (``Credit:``, ``Image credit:``, ``Credits:``, ``Photo courtesy of``, ``PHOTO
COURTESY:``), ``Photo: NASA...``, an unlabeled ``ORG/Name`` at the end, a ``by`` form
(``NASA photo by Bill Ingalls``, ``Art by Don Davis``, ``Photographer: Tom Trower``,
``copyright held by X``), an artist's concept credited to a company (``North American
Rockwell artist's concept``, ``artist's concept by Teledyne Ryan``), a bare ``NASA`` last line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from captionie.components.base import FieldRecognizer, component_meta
from captionie.pipeline.mentions import Mention, MentionStore

# A name word: "Ingalls", "McNally", "DeFrance", "O'Brien", "Smith-Jones".
_NAME_WORD = r"(?:[A-Z](?:[a-z]*[A-Z])?[a-z]+|O['’][A-Z][a-z]+)(?:['’-][A-Za-z][a-z]+)*"
_INITIALS = r"(?:[A-Z]\.\s?){1,3}"
# A person in an attribution: "Bill Ingalls", "Robert T. McCall", "J.C. Tinsley".
_PERSON = rf"(?:{_INITIALS}\s*{_NAME_WORD}|{_NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?{_NAME_WORD}){{1,3}})"
_PERSON_RE = re.compile(rf"(?:{_PERSON})(?:\s+and\s+{_PERSON})*")
# A person after "by" where nothing marks the name's end ("Art By Don Davis Pioneer Venus
# orbiter ..."): first name, optional middle initial, last name.
_SHORT_PERSON = rf"(?:{_INITIALS}\s*{_NAME_WORD}|{_NAME_WORD}(?:\s+[A-Z]\.)?\s+{_NAME_WORD})"
_TITLE = r"(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+"
# Words that make an attribution part an organization, not a person.
_ORG_HINT = re.compile(
    r"\b(?:Center|Centre|Agency|Academy|Institute|Institution|Laboratory|Laboratories|Lab|Observatory|"
    r"Observatories|Administration|University|College|Corporation|Company|Museum|Archive|Archives|Office|"
    r"Science|Sciences|Space|Flight|Research|Survey|Society|Geographic|Library|Division|Systems|Group|"
    r"Association|Foundation|International|Aeronautical|Aerospace|Times|Magazine|News|Press|Service|"
    r"Department|Bureau|Council|County|Public|Force|Navy|Army|Command|Station|Base)\b"
)
# Words no photographer's name holds: the camera, craft or body named after "Photo by"
# ("Photograph by Pioneer Venus", "Photo by Dunn Camera System", "Photographer: Air Force"), and
# titles ("photographed by Astronaut Jack Lousma": a crew member, not a credit line).
_NOT_NAME_WORDS = frozenset(
    "Pioneer Voyager Venus Mars Jupiter Saturn Earth Moon Sun Apollo Gemini Mercury Skylab Viking Mariner "
    "Galileo Magellan Hubble Shuttle Camera Crew Historical Air Unknown Digital Original Telescope Spacecraft "
    "Orbiter Probe Mission Program Project Graphics Photo Photographic Studio Team Staff Composite North "
    "American Astronaut Astronauts Cosmonaut Cosmonauts Commander Pilot Captain Colonel General Major Senator "
    "President Director Administrator Specialist Engineer Scientist".split()
)


def _is_person(part: str) -> bool:
    if not _PERSON_RE.fullmatch(part) or part.isupper() or _ORG_HINT.search(part):
        return False
    return not any(word in _NOT_NAME_WORDS for word in part.split())


# "Photo Credit: (NASA/Bill Ingalls)", "Image credit: Bill Ingalls", "Credit: NASA",
# "Credits: NASA, ESA, CSA, STScI", "(Photo courtesy Communications Satellite Corporation)",
# "PHOTO COURTESY: USSR ACADEMY OF SCIENCES", "Credit: NASA/Marshall Space Flight Center (MSFC)".
# The attribution ends at the line's end, a closing bracket, a wide gap, a parenthetical note
# or an image id closing the caption.
_LABELED = re.compile(
    r"\b(?:(?i:Photo(?:graph)?s?|Images?|Video|Illustrations?|Pictures?)\s+)?"
    r"(?:[Cc]redits?|CREDITS?|[Cc]ourtesy(?:\s+of)?|COURTESY(?:\s+OF)?)\s*:?\s*"
    r"[(\[\"“']?\s*(?!(?:The|This|These|Photo|Image)\b)"
    r"(?P<attr>[A-Z][^()\[\]\"“”\n]{0,100}?(?:\s*\([A-Z][A-Za-z.&-]{0,15}\))?)"
    r"\s*\.?\s*[)\]\"”']?\s*\.?\s*"
    r"(?=$|\n|\)|\s{2,}|\((?:NOTE|Note|[A-Z]{2,})|[A-Za-z]{0,8}\d[\w-]{0,30}\d[ \t]*$)",
    re.MULTILINE,
)
#: What follows the C of every label ``_LABELED`` reads.
_LABEL_WORDS = ("redit", "REDIT", "ourtesy", "OURTESY")
_PHOTO_LABEL = re.compile(r"\bPhoto\s*:\s*[(\"“]?\s*(?P<attr>NASA[^()\"“”\n]*?)\s*[)\"”]?\s*\.?\s*$", re.MULTILINE)
# "...Station...NASA/Elizabeth Weissinger." or "...Andrey Shelepin/GCTC.." at the very end, no label.
_PART = r"[A-Z][\w&'’-]*(?:\s+(?:and\s+)?[A-Z][\w&'’-]*){0,5}"
_TRAILING = re.compile(rf"(?:^|(?<=[\s.(]))(?P<attr>{_PART}(?:\s?/\s?{_PART})+)\s*\.{{0,3}}\)?\s*$")
# "NASA Earth Observatory image by Jesse Allen", "NASA Photo by Bob Rhine", "Art By: Don Davis",
# "Original Art by Artist: Rick Guidice", "painting by artist Bert Winthrop", "Photo taken by
# NASA JSC photographer Sheri Dunnette", "Photographer: Tom Trower", "copyright held by X".
# Three steps, so no long pattern is tried at every word: "by" (or a "Photographer:" label), the
# head word before it ("photo", "art") and any organization before that, the name after it.
_BY_WORD = re.compile(r"\b[Bb][Yy]\b\s*:?\s+")
_BY_HEAD = re.compile(
    r"(?i:\b(?:(?:digital|original)\s+)?"
    r"(?:photo(?:graph)?|image|picture|illustration|art(?:work)?|painting|drawing|rendering)s?(?:\s+taken)?"
    r"|\bphotographed|\bpainted|\bdrawn|\bcopyright(?:\s+held)?)\s+$"
)
_BY_LABEL = re.compile(r"\b(?:Photographer|Artist)\s*:\s+")
_BY_ORG = re.compile(r"(?:^|(?<=\s))(?P<org>[A-Z]{2,}(?:\s+[A-Z][A-Za-z]+){0,3})\s+$")
_BY_NAME = re.compile(
    r"(?<![\w&.-])(?:(?i:artist)\s*:?\s+)?"
    rf"(?:(?P<org2>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){{0,2}})\s+(?:(?:staff|student)\s+)?photographer\s+)?"
    rf"(?:{_TITLE})?(?P<who>{_SHORT_PERSON})"
)
_BY_HEADS = ("by", "By", "BY", "Photographer", "Artist")
# "North American Rockwell artist's concept", "An artist's concept by Teledyne Ryan Aeronautical".
_ORG_SEQUENCE = r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4}"
_ARTWORK = r"(?:concept|conception|rendering|rendition|impression|drawing|illustration|depiction|painting)s?"
_ARTIST = re.compile(
    rf"(?:(?<![\w'’])(?!(?:A|An|The|This|That|These|In|Pictured|Composite|Shown|Above|Here)\b)"
    rf"(?P<before>{_ORG_SEQUENCE})\s+(?i:artist)(?:['’]?s)?\s+(?i:{_ARTWORK})\b"
    rf"|(?i:artist)(?:['’]?s)?\s+(?i:{_ARTWORK})\s+(?:by|from)\s+(?:the\s+)?(?P<after>{_ORG_SEQUENCE}))"
)
# A caption whose last line is only "NASA" (the credit line of a release).
_BARE_LINE = re.compile(r"\n[ \t]*\(?(?P<attr>NASA)\)?\.?[ \t]*\Z")
# Parts of an attribution that hold a person and something more: "J.C. Tinsley, U.S. Geological
# Survey", "Otis Imboden of National Geographic", "NASA Ames student photographer Jim Huss".
_PERSON_THEN_ORG = re.compile(rf"(?:{_TITLE})?(?P<who>{_PERSON})(?:\s*,\s*|\s+of\s+(?:the\s+)?)(?P<org>.+)")
_ORG_PHOTOGRAPHER = re.compile(rf"(?<!\s)\s+(?:[a-z]+\s+)?photographer\s+(?P<who>{_PERSON})$")


# Where a credit pattern's scan starts: each pattern is tried at every word start from there,
# so the text before the first place a match can begin is skipped (most captions have no
# credit of each kind, and the credit is mostly at the end).
#: The longest label word ``_LABELED`` allows before "Credit" ("Illustrations").
_LONGEST_LABEL = len("Illustrations")
#: Characters no ``_TRAILING`` match holds.
_NOT_IN_TRAILING = ".,;:()\"[]<>"


def labeled_start(text: str) -> int | None:
    """``_LABELED`` needs "credit" or "courtesy" (or in capitals) right after its C, perhaps after a
    label word and spaces ("Photo Credit"): no match starts before the first of them by more
    than that.  None: no match."""
    found = [i for i in map(text.find, _LABEL_WORDS) if i >= 0]
    if not found:
        return None
    start = min(found) - 1
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return max(0, start - _LONGEST_LABEL)


def photo_label_start(text: str) -> int | None:
    """``_PHOTO_LABEL`` starts with "Photo"."""
    first = text.find("Photo")
    return None if first < 0 else first


def trailing_start(text: str) -> int | None:
    """``_TRAILING`` holds the text's last "/" (nothing after its attribution may hold one), so
    it starts after the last character before that slash that no match holds."""
    last_slash = text.rfind("/")
    if last_slash < 0:
        return None
    return max(text.rfind(char, 0, last_slash) for char in _NOT_IN_TRAILING) + 1


def _person_in(part: str) -> tuple[str, str | None] | None:
    """The person an attribution part names and what else it names: ``Bill Ingalls`` ->
    (Bill Ingalls, None), ``J.C. Tinsley, U.S. Geological Survey`` -> (J.C. Tinsley, U.S.
    Geological Survey), ``NASA Ames photographer Jim Huss`` -> (Jim Huss, NASA Ames)."""
    bare = re.sub(rf"^{_TITLE}", "", part)
    if _is_person(bare):
        return bare, None
    match = _PERSON_THEN_ORG.fullmatch(part)
    if match and _is_person(match.group("who")):
        return match.group("who"), match.group("org")
    if "photographer" in part:
        match = _ORG_PHOTOGRAPHER.search(part)
        if match and match.start() > 0 and _is_person(match.group("who")):
            return match.group("who"), part[:match.start()]
    return None


@lru_cache(maxsize=4096)
def split_attribution(attribution: str) -> tuple[str, str | None, str | None]:
    """Normalize ``NASA /Victor Zelentsov`` to ``NASA/Victor Zelentsov`` and split it into
    (value, organization, photographer): the photographer is the last ``/`` part that names a
    person (``NASA/GCTC/Andrey Shelepin``, ``Andrey Shelepin/GCTC``, ``J.C. Tinsley, U.S.
    Geological Survey``), the organization the rest.  Several organizations and no person
    (``NASA, ESA, CSA, STScI``): the whole attribution is the organization.  Cached: an
    archive's credits name a few hundred photographers."""
    parts = [" ".join(p.split()) for p in attribution.split("/") if p.strip()]
    value = "/".join(parts)
    found = [(i, person) for i, part in enumerate(parts) if (person := _person_in(part)) is not None]
    if not found:
        return value, value or None, None
    index, (who, rest) = found[-1]
    organization = "/".join(rest if i == index else p for i, p in enumerate(parts) if i != index or rest) or None
    return value, organization, who


class CreditRecognizer(FieldRecognizer):
    """Finds the one photo credit of a caption (module doc: the forms and their order)."""

    field = "credit"
    label = "CREDIT"

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = store.text
        candidates: list[Mention] = []
        for rule, pattern, start_of in (("credit.labeled", _LABELED, labeled_start),
                                        ("credit.photo_label", _PHOTO_LABEL, photo_label_start),
                                        ("credit.trailing", _TRAILING, trailing_start)):
            first = start_of(text)
            if first is None:
                continue
            for match in pattern.finditer(text, first):
                start, end = match.span("attr")
                if store.is_blocked(start, end) or end <= start:
                    continue
                candidates.append(self._mention(text, start, end, rule))
            if candidates:
                break
        if not candidates and any(head in text for head in _BY_HEADS):
            candidates = self._by_forms(text, store)
        if not candidates and ("rtist" in text or "RTIST" in text):
            candidates = self._artist_forms(text, store)
        if not candidates and text.rstrip().endswith(("NASA", "NASA.", "NASA)")):
            match = _BARE_LINE.search(text)
            if match:
                candidates = [self._mention(text, *match.span("attr"), "credit.bare_line")]
        for mention in candidates:
            store.block(mention.start, mention.end, "credit")
        return candidates[-1:]

    @staticmethod
    def _by_forms(text: str, store: MentionStore) -> list[Mention]:
        """``NASA photo by Bill Ingalls`` (span from the organization), ``Art by Don Davis`` and
        ``Photographer: Tom Trower`` (span the name)."""
        found = []
        heads = []
        for by in _BY_WORD.finditer(text):
            head = _BY_HEAD.search(text, max(0, by.start() - 40), by.start())
            if head is not None:
                heads.append((head.start(), by.end()))
        if "Photographer" in text or "Artist" in text:
            heads += [label.span() for label in _BY_LABEL.finditer(text)]
            heads.sort()
        for head_start, head_end in heads:
            match = _BY_NAME.match(text, head_end)
            if match is None or not _is_person(who := match.group("who")):
                continue
            before = _BY_ORG.search(text, max(0, head_start - 60), head_start)
            org = before.group("org") if before else None
            org2 = match.group("org2")
            if org:
                start, end = before.start("org"), match.end("who")
            elif org2:
                start, end = match.start("org2"), match.end("who")
            else:
                start, end = match.span("who")
            if store.is_blocked(start, end):
                continue
            organization = " ".join(p for p in (org, org2) if p) or None
            value = f"{organization}/{who}" if organization else who
            found.append(Mention(start, end, text[start:end], value, "credit.by",
                                 {"photographer": who, "organization": organization}))
        return found

    @staticmethod
    def _artist_forms(text: str, store: MentionStore) -> list[Mention]:
        """``North American Rockwell artist's concept``: the company (two words or more) before
        "artist" is the credit's organization; after "artist's concept by" a person is the
        photographer."""
        found = []
        for match in _ARTIST.finditer(text):
            if match.group("before"):
                start, end = match.span("before")
                # One word before "artist" is mostly a program or an adjective ("Gemini artist
                # concept", "Computer-generated artist's rendering"), not a company.
                if len(text[start:end].split()) > 1 and not store.is_blocked(start, end):
                    attribution = " ".join(text[start:end].split())
                    found.append(Mention(start, end, text[start:end], attribution, "credit.artist",
                                         {"photographer": None, "organization": attribution}))
                continue
            start, end = match.span("after")
            if not store.is_blocked(start, end):
                found.append(CreditRecognizer._mention(text, start, end, "credit.artist"))
        return found

    @staticmethod
    def _mention(text: str, start: int, end: int, rule: str) -> Mention:
        value, organization, photographer = split_attribution(text[start:end])
        return Mention(start, end, text[start:end], value, rule,
                       {"photographer": photographer, "organization": organization})


@Language.factory("captionie_credit", **component_meta("credit"))
def make_credit_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> CreditRecognizer:
    return CreditRecognizer().configure(spans_key, annotate_ents)
