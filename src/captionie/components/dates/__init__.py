"""Dates: rules find the minimal span, dateparser normalizes only that span (cached).

``dateparser.search.search_dates`` over a whole caption is slow and often wrong (``Sept. 17``
cut to Sept. 1, photo numbers read as years, durations read as dates).  Here one compiled regex family finds date-shaped spans
(:mod:`.grammar`); each span is handed to dateparser behind an ``lru_cache``, and a date
without a year takes it from the caption's other dates, its image ids, or its metadata
(:mod:`.normalize`); :mod:`.recognizer` is the spaCy component.
"""

from captionie.components.dates.grammar import DateGrammar, date_grammar
from captionie.components.dates.normalize import normalize_date
from captionie.components.dates.recognizer import DateRecognizer, make_date_recognizer

__all__ = ["DateGrammar", "DateRecognizer", "date_grammar", "make_date_recognizer", "normalize_date"]
