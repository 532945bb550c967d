"""Scoring extractions against gold records (SPEC section 4)."""
