"""Crew: the same record for a caption however often it is seen, and the pieces the crew rules
read names and their context with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from captionie import extract, resources
from captionie.components.crew.context import LIST_SEPARATOR, left_context
from captionie.components.crew.names import Candidate, misspelled_surname_of, run_words
from captionie.io.readers import Caption, read
from captionie.pipeline.build import default_pipeline
from captionie.pipeline.run import process_caption

ROOT = Path(__file__).resolve().parents[2]


def test_a_repeated_caption_gets_the_same_record() -> None:
    """Crew keeps answers across captions; records of the seed captions, each seen twice in a
    row, again after all the others, and with those answers forgotten before each caption, are
    the same every time."""
    from captionie.components.crew.context import CrewContext
    from captionie.components.crew.names import CrewNames

    nlp = default_pipeline()
    seeds = [c for c in read(ROOT / "seeds") if isinstance(c, Caption)]
    first = [(process_caption(nlp, c), process_caption(nlp, c)) for c in seeds]
    again = [process_caption(nlp, c) for c in seeds]
    forgotten = []
    for caption in seeds:
        for cached in (CrewNames.trim_run, CrewNames.lookup, CrewContext.read_left):
            cached.cache_clear()
        forgotten.append(process_caption(nlp, caption))
    assert all(a == b for a, b in first)
    assert [a for a, _ in first] == again == forgotten
    assert sum(len(record["crew"]) for record in again) > 50


@pytest.mark.parametrize(("text", "expected"), [
    ("NASA astronaut Barry \"Butch\" Wilmore waves.", [("Barry \"Butch\" Wilmore", "Barry Wilmore", "crew.gazetteer")]),
    ("Flight Engineer Jane Quimby of ESA and Roscosmos cosmonauts Ivan Petrov and Oleg Sidorov wave.",
     [("Jane Quimby", "Jane Quimby", "crew.cue_before"), ("Ivan Petrov", "Ivan Petrov", "crew.cue_before"),
      ("Oleg Sidorov", "Oleg Sidorov", "crew.list")]),
    ("Expedition 17 crew Fyodor Yurchikhin and Peggy Whitson. Yurichikin and Whitson wave.",
     [("Fyodor Yurchikhin", "Fyodor Yurchikhin", "crew.gazetteer"), ("Peggy Whitson", "Peggy Whitson", "crew.gazetteer"),
      ("Yurichikin", "Fyodor Yurchikhin", "crew.surname_variant"), ("Whitson", "Peggy Whitson", "crew.surname")]),
    ("NASA Administrator Charles Bolden and his wife, Jackie Bolden, watch.", []),
])
def test_crew_names(text: str, expected: list) -> None:
    assert [(m["text"], m["value"], m["rule"]) for m in extract(text)["crew"]] == expected


def test_role_and_agency() -> None:
    record = extract("Expedition 53 Commander Randy Bresnik of NASA and Flight Engineers Paolo Nespoli of ESA "
                     "(European Space Agency) and Sergey Ryazanskiy of the Russian space agency Roscosmos landed.")
    assert [(m["value"], m["role"], m["agency"]) for m in record["crew"]] == [
        ("Randy Bresnik", "Commander", "NASA"), ("Paolo Nespoli", "Flight Engineer", "ESA"),
        ("Sergey Ryazanskiy", "Flight Engineer", "Roscosmos")]


_NAME_PIECES = ["Randy", "Bresnik", "O'Neil", "O’Brien", "McArthur", "Jean-Loup", "A.", "van", "de", " ", "\t", "\n",
                '"Butch"', "(Butch)", "x", "-", "'", "’", "NASA", "Łukasz", "É", "é", "5", "_", "."]


@given(st.lists(st.sampled_from(_NAME_PIECES + ["da", "bin", "St.", "DeLa", "O'", "al-"]), max_size=14).map("".join))
def test_a_runs_words_cover_it_between_single_separators(text: str) -> None:
    crew = default_pipeline().get_pipe("captionie_crew")
    for run in crew.run_re.finditer(text):
        words = run_words(text, run.start(), run.end())
        assert words[0][0] == run.start() and words[-1][1] == run.end()
        for (_, end, word), (start, _, _) in zip(words, words[1:]):
            assert start == end + 1 and text[end] in " \t"
        assert all(text[s:e] == word and word and not re.search(r"\s", word) for s, e, word in words)


@given(st.text(alphabet=st.sampled_from("ab .!?;\n\t,"), max_size=60))
def test_left_context_starts_after_the_last_sentence_break(left: str) -> None:
    old = re.compile(r"(?:[.!?;]\s|\n)(?!.*(?:[.!?;]\s|\n))", re.DOTALL).search(left)
    expected = left[old.end():] if old else left
    assert left_context(left, len(left), []) == expected  # shorter than the 120-character window


def test_left_context_stops_at_the_previous_name_and_the_window() -> None:
    text = "x" * 200 + " Commander Ann Smith and Flight Engineer Bob"
    previous = Candidate(text.index("Ann"), text.index(" and"), ["Ann", "Smith"], "Ann Smith", "smith")
    assert left_context(text, text.index("Bob"), [previous]) == " and Flight Engineer "
    assert left_context(text, text.index("Ann"), []) == ("x" * 200 + " Commander ")[-120:]


@example(" ,  and ")
@example(" \n and\t")
@given(st.lists(st.sampled_from([" ", "  ", "\n", "\t", ",", "and", "x", "&"]), max_size=8).map("".join))
def test_list_separator_matches_the_gaps_it_matched_before(gap: str) -> None:
    """The separator between listed names was rewritten so that each whitespace run is read by
    one quantifier; it must accept exactly the gaps the old pattern accepted."""
    old = re.compile(r"\s*(?:,\s*(?:and\s+)?|,?\s+and\s+)")
    assert bool(LIST_SEPARATOR.fullmatch(gap)) == bool(old.fullmatch(gap))


def _surname_keys() -> list[str]:
    keys = sorted({entry.surname.casefold() for entry in resources.crew()})
    return keys[::7]


@given(key=st.one_of(st.sampled_from(_surname_keys()), st.text("abcdefgkmnorsuvyz", min_size=1, max_size=12)),
       known_names=st.lists(st.sampled_from(_surname_keys()), max_size=4), typo=st.integers(0, 30))
@example(key="yurichikin", known_names=["yurchikhin"], typo=0)
@example(key="whitson", known_names=["whitson"], typo=0)
def test_a_single_word_crew_does_not_read_on_could_not_be_resolved(key: str, known_names: list[str], typo: int) -> None:
    """Crew reads a single capitalized word further only when ``_may_resolve``; a word it
    turns away must fail every way surnames are resolved: a known surname, a listed surname
    of exactly one person, a misspelling of a known surname."""
    crew = default_pipeline().get_pipe("captionie_crew")
    if known_names and typo < len(known_names[0]) - 1:  # a near miss of a known surname, often
        name = known_names[0]
        key = name[:typo] + name[typo + 1] + name[typo] + name[typo + 2:] if typo % 2 else key
    known = {name: Candidate(0, 1, [name], name, name) for name in known_names}
    if not crew._may_resolve(key, known, {name[:1] for name in known}):
        assert key not in known
        assert len(crew.names.surnames.get(key, [])) != 1
        assert misspelled_surname_of(key, known) is None
