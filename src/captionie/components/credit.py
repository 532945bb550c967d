"""The photo credit: ``Photo Credit: (NASA/Bill Ingalls)`` -> ``NASA/Bill Ingalls``.

The span is the attribution only (no label, brackets, quotes or final period).  The credit
region is blocked for the other fields: the names and agencies inside it are not crew or
agency mentions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from captionie.components.base import FieldRecognizer, component_meta
from captionie.pipeline.mentions import Mention, MentionStore

_NAME_WORD = r"[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)*"
_PERSON = rf"{_NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?{_NAME_WORD}){{1,3}}"
_PERSON_RE = re.compile(rf"(?:{_PERSON})(?:\s+and\s+{_PERSON})*")
_ORG_WORD = r"[A-Z][A-Za-z0-9&-]*"

# "Photo Credit: (NASA/Bill Ingalls)", "Image credit: Bill Ingalls", "Credit: NASA", "Photo: NASA/..."
_LABELED = re.compile(
    r"\b(?:(?:Photo(?:graph)?|Image|Video|Illustration|Picture)\s+)?(?:[Cc]redits?|[Cc]ourtesy(?:\s+of)?)\s*:?\s*"
    r"[(\[\"“']?\s*(?P<attr>[A-Z][^()\[\]\"“”\n]*?)\s*\.?\s*[)\]\"”']?\s*\.?\s*(?=$|\n|\)|\s{2,})",
    re.MULTILINE,
)
_PHOTO_LABEL = re.compile(r"\bPhoto\s*:\s*[(\"“]?\s*(?P<attr>NASA[^()\"“”\n]*?)\s*[)\"”]?\s*\.?\s*$", re.MULTILINE)
# "...Station...NASA/Elizabeth Weissinger." or "...Andrey Shelepin/GCTC.." at the very end, no label.
_PART = r"[A-Z][\w&'’-]*(?:\s+(?:and\s+)?[A-Z][\w&'’-]*){0,5}"
_TRAILING = re.compile(rf"(?:^|(?<=[\s.(]))(?P<attr>{_PART}(?:\s?/\s?{_PART})+)\s*\.{{0,3}}\)?\s*$")
# Words that make an attribution part an organization, not a person.
_ORG_HINT = re.compile(
    r"\b(?:Center|Centre|Agency|Academy|Institute|Laboratory|Lab|Observatory|Administration|University|"
    r"Corporation|Company|Museum|Archive|Archives|Office|Science|Sciences|Space|Flight|Research|Survey)\b"
)
# "NASA Earth Observatory image by Jesse Allen"
_IMAGE_BY = re.compile(
    rf"(?P<attr>(?:(?P<org>NASA(?:\s+[A-Z][a-z]+){{0,3}})\s+)?(?:image|photo|photograph|illustration)s?\s+by\s+(?P<who>{_PERSON}))"
)


# Where a credit pattern's scan starts: each pattern is tried at every word start from there,
# so the text before the first place a match can begin is skipped (most captions have no
# credit of each kind, and the credit is mostly at the end).
#: The longest label word ``_LABELED`` allows before "Credit" ("Illustration").
_LONGEST_LABEL = len("Illustration")
#: Characters no ``_TRAILING`` match holds.
_NOT_IN_TRAILING = ".,;:()\"[]<>"


def labeled_start(text: str) -> int | None:
    """``_LABELED`` needs "credit" or "courtesy" (either case) right after its C, perhaps
    after a label word and spaces ("Photo Credit"): no match starts before the first of them
    by more than that.  None: no match."""
    found = [i for i in (text.find("redit"), text.find("ourtesy")) if i >= 0]
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


def _is_person(part: str) -> bool:
    return bool(_PERSON_RE.fullmatch(part)) and not part.isupper() and not _ORG_HINT.search(part)


@lru_cache(maxsize=4096)
def split_attribution(attribution: str) -> tuple[str, str | None, str | None]:
    """Normalize ``NASA /Victor Zelentsov`` to ``NASA/Victor Zelentsov`` and split it into
    (value, organization, photographer): the photographer is the last ``/`` part that is a
    person's name (``NASA/GCTC/Andrey Shelepin``, ``Andrey Shelepin/GCTC``), the organization
    the other parts.  Cached: an archive's credits name a few hundred photographers."""
    parts = [" ".join(p.split()) for p in attribution.split("/") if p.strip()]
    value = "/".join(parts)
    people = [i for i, part in enumerate(parts) if _is_person(part)]
    if not people:
        return value, value or None, None
    who = people[-1]
    organization = "/".join(p for i, p in enumerate(parts) if i != who) or None
    return value, organization, parts[who]


class CreditRecognizer(FieldRecognizer):
    """Finds the one photo credit of a caption (the last labeled one, else an unlabeled
    ``ORG/Name`` at the end, else ``... image by Name``)."""

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
        # "image by" needs "by" and an image word.
        if not candidates and "by" in text and any(word in text for word in ("image", "photo", "illustration")):
            for match in _IMAGE_BY.finditer(text):
                start, end = match.span("attr")
                org = match.group("org")
                who = match.group("who")
                value = f"{org}/{who}" if org else who
                candidates.append(Mention(start, end, text[start:end], value, "credit.image_by",
                                          {"photographer": who, "organization": org}))
        for mention in candidates:
            store.block(mention.start, mention.end, "credit")
        return candidates[-1:]

    @staticmethod
    def _mention(text: str, start: int, end: int, rule: str) -> Mention:
        value, organization, photographer = split_attribution(text[start:end])
        return Mention(start, end, text[start:end], value, rule,
                       {"photographer": photographer, "organization": organization})


@Language.factory("captionie_credit", **component_meta("credit"))
def make_credit_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> CreditRecognizer:
    return CreditRecognizer().configure(spans_key, annotate_ents)
