"""One spaCy component per record field.  :func:`register_all` imports every component module
so its ``@Language.factory`` runs (the ``spacy_factories`` entry points do the same lazily)."""

from __future__ import annotations

import importlib

#: Pipeline order: later components rely on earlier ones (the credit blocks names inside it,
#: crew skips names that are places or spacecraft, dates skip image ids).
PIPELINE: tuple[str, ...] = (
    "captionie_image_ids",
    "captionie_credit",
    "captionie_dates",
    "captionie_expeditions",
    "captionie_agencies",
    "captionie_spacecraft",
    "captionie_locations",
    "captionie_crew",
)

#: The field of each component, in pipeline order.
PIPELINE_FIELDS: tuple[str, ...] = tuple(name.removeprefix("captionie_") for name in PIPELINE)


def register_all() -> None:
    """Import every component module, registering its factory with spaCy."""
    for name in PIPELINE:
        importlib.import_module(f"captionie.components.{name.removeprefix('captionie_')}")
