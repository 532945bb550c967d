"""captionie: structured records from NASA image-archive captions.

    >>> import captionie
    >>> record = captionie.extract("Expedition 53 Commander Randy Bresnik of NASA ...")
    >>> records = captionie.extract_many(captionie.read("seeds/"), n_process=2)

The public names are imported on first use, so ``import captionie`` (and the command line's
``--help``) does not load spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
#: The version of the output record's layout (docs/output-format.md).
SCHEMA_VERSION = "1"

_PUBLIC = {
    "extract": "captionie.api",
    "extract_many": "captionie.api",
    "dedup": "captionie.api",
    "load": "captionie.pipeline.build",
    "read": "captionie.io.readers",
    "Caption": "captionie.io.readers",
    "ReadError": "captionie.io.readers",
    "evaluate": "captionie.evaluation.scoring",
    "BatchEngine": "captionie.batch.engine",
}

__all__ = ["SCHEMA_VERSION", "__version__", *sorted(_PUBLIC)]

if TYPE_CHECKING:
    from captionie.api import dedup, extract, extract_many
    from captionie.batch.engine import BatchEngine
    from captionie.evaluation.scoring import evaluate
    from captionie.io.readers import Caption, ReadError, read
    from captionie.pipeline.build import load


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'captionie' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
