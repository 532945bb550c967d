"""The pipeline: building it (``build``), the per-caption mention store (``mentions``), text
cleaning (``cleaning``), running it on captions (``run``) and the output record (``record``)."""
