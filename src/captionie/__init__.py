"""captionie: structured records from NASA-style space-imagery captions.

    >>> import captionie
    >>> record = captionie.extract("Expedition 53 Commander Randy Bresnik of NASA ...")
    >>> records = captionie.extract_many(captionie.read("seeds/"), n_process=2)
"""

from __future__ import annotations

from captionie.api import extract, extract_many
from captionie.pipeline.build import load
from captionie.io.readers import Caption, ReadError, read
from captionie.evaluation.scoring import evaluate

__all__ = ["Caption", "ReadError", "evaluate", "extract", "extract_many", "load", "read"]
__version__ = "0.1.0"
