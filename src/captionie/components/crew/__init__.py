"""Crew: astronauts, cosmonauts and spaceflight participants, with role and agency.

Names are found as runs of capitalized words (initials, particles, hyphens and quoted or
bracketed nicknames included; :mod:`.names`), then kept when one of these holds:

* the run (or a two-plus-word part of it) is a form in ``patterns/crew.jsonl``;
* a crew cue stands right before it (``NASA astronaut``, ``Flight Engineer``, ``backup crew
  member,``) or an agency right after it (``of Roscosmos``, ``(ESA)``), so people no list
  names are found too (:mod:`.context`);
* it continues a list opened by a plural cue (``Roscosmos cosmonauts A and B``);
* it is a surname of someone named in full elsewhere in the caption (``Whitson,
  Malenchenko and Yi``), or a listed surname next to other crew names, or a misspelling of a
  surname the caption spells right elsewhere (``Yurichikin`` after ``Fyodor Yurchikhin``).

A run right after an official's title or a family word (``NASA Administrator``, ``his
wife,``) is not crew, nor a name inside a place, spacecraft or agency name, nor anything in
the credit.  ``value`` is the fullest form of the person's name in the caption, nickname
removed; ``role`` and ``agency`` are what the caption states (:mod:`.recognizer`).
"""

from captionie.components.crew.context import LIST_SEPARATOR
from captionie.components.crew.recognizer import CrewRecognizer, make_crew_recognizer

__all__ = ["LIST_SEPARATOR", "CrewRecognizer", "make_crew_recognizer"]
