"""Scoring extractions against gold records (docs/output-format.md)."""
