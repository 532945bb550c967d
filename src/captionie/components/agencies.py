"""Space agencies and government bodies, canonicalized (``Russian Federal Space Agency`` ->
``Roscosmos``).  A long form and its abbreviation are two mentions; names inside the credit
or a URL are not mentions."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from captionie import resources
from captionie.components.base import FieldRecognizer, component_meta, longest_non_overlapping
from captionie.matching.gazetteer import Gazetteer
from captionie.pipeline.mentions import Mention, MentionStore
from captionie.resources import AgencyEntry


class AgencyRecognizer(FieldRecognizer):
    field = "agencies"
    label = "AGENCY"

    def __init__(self, nlp: Language) -> None:
        super().__init__()
        entries = resources.agencies()
        self.gazetteer: Gazetteer[AgencyEntry] = Gazetteer(
            nlp, ((form, entry) for entry in entries for form in (entry.name, *entry.aliases)), "agency"
        )

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        text = store.text
        found = [
            Mention(hit.start, hit.end, text[hit.start:hit.end], hit.entry.name, "agency.gazetteer")
            for hit in self.gazetteer.find(doc)
            if not store.is_blocked(hit.start, hit.end)
        ]
        return longest_non_overlapping(found)


@Language.factory("captionie_agencies", **component_meta("agencies", reads=("credit",)))
def make_agency_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> AgencyRecognizer:
    return AgencyRecognizer(nlp).configure(spans_key, annotate_ents)
