"""Image identifiers (``iss071e462185``, ``JSC2008-E-032795``, ``S74-20831`` ...)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from captionie.components.base import FieldRecognizer, component_meta
from captionie.matching.image_id_shapes import image_id_shapes
from captionie.pipeline.mentions import Mention, MentionStore


class ImageIdRecognizer(FieldRecognizer):
    """Ids written in the caption text (not inside URLs); ``value`` is the id as written."""

    field = "image_ids"
    label = "IMAGE_ID"

    def __init__(self) -> None:
        super().__init__()
        self.shapes = image_id_shapes()

    def find(self, doc: Doc, store: MentionStore) -> list[Mention]:
        found: list[Mention] = []
        for hit in self.shapes.finditer(store.text):
            if store.is_blocked(hit.start, hit.end):
                continue
            found.append(Mention(hit.start, hit.end, hit.text, hit.text, f"image_id.{hit.rule}"))
        return found


@Language.factory("captionie_image_ids", **component_meta("image_ids"))
def make_image_id_recognizer(nlp: Language, name: str, spans_key: str, annotate_ents: bool) -> ImageIdRecognizer:
    return ImageIdRecognizer().configure(spans_key, annotate_ents)
