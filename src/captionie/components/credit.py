"""The photo credit: ``Photo Credit: (NASA/Bill Ingalls)`` -> ``NASA/Bill Ingalls``.

The span is the attribution only (no label, brackets, quotes or final period).  The credit
region is blocked for the other fields: the names and agencies inside it are not crew or
agency mentions.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from captionie.components.base import FieldRecognizer
from captionie.mentions import Mention, MentionStore

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
# "...Station...NASA/Elizabeth Weissinger." at the very end, with no label.
_TRAILING = re.compile(
    rf"(?:^|(?<=[\s.(]))(?P<attr>(?:{_ORG_WORD}\s?/\s?)+{_PERSON})\s*\.?\)?\s*$"
)
# "NASA Earth Observatory image by Jesse Allen"
_IMAGE_BY = re.compile(
    rf"(?P<attr>(?:(?P<org>NASA(?:\s+[A-Z][a-z]+){{0,3}})\s+)?(?:image|photo|photograph|illustration)s?\s+by\s+(?P<who>{_PERSON}))"
)


def split_attribution(attribution: str) -> tuple[str, str | None, str | None]:
    """Normalize ``NASA /Victor Zelentsov`` to ``NASA/Victor Zelentsov`` and split it into
    (value, organization, photographer): the photographer is the last ``/`` part when it
    is a person's name, the organization the rest."""
    parts = [p.strip() for p in attribution.split("/") if p.strip()]
    value = "/".join(" ".join(p.split()) for p in parts)
    if not parts:
        return value, None, None
    last = " ".join(parts[-1].split())
    if _PERSON_RE.fullmatch(last) and not last.isupper():
        organization = "/".join(" ".join(p.split()) for p in parts[:-1]) or None
        return value, organization, last
    return value, value, None


class CreditRecognizer(FieldRecognizer):
    """Finds the one photo credit of a caption (the last labeled one, else an unlabeled
    ``ORG/Name`` at the end, else ``... image by Name``)."""

    field = "credit"
    label = "CREDIT"

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = doc.text
        candidates: list[Mention] = []
        for rule, pattern in (("credit.labeled", _LABELED), ("credit.photo_label", _PHOTO_LABEL), ("credit.trailing", _TRAILING)):
            for match in pattern.finditer(text):
                start, end = match.span("attr")
                if store.is_blocked(start, end) or end <= start:
                    continue
                candidates.append(self._mention(text, start, end, rule))
            if candidates:
                break
        if not candidates:
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


@Language.factory("captionie_credit", assigns=["doc.spans"], default_config={})
def make_credit_recognizer(nlp: Language, name: str) -> CreditRecognizer:
    return CreditRecognizer()
