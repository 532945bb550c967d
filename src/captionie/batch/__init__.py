"""Running many captions: the batch engine (``engine``), its result cache (``result_cache``),
worker processes (``workers``) and the collector pause (``collector``)."""
