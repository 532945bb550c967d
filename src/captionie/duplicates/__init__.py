"""Near-duplicate captions: fingerprints and guards (``fingerprint``), candidate search and
verification (``near_duplicates``), clusters and their rows (``deduplicator``), scoring
against labeled pairs (``pair_scoring``)."""
