"""The speed shortcuts must not change a single result: each skips text or a pipeline run only
where the full work provably finds nothing new.  Checked against the full work itself."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import captionie.api as api
from captionie import resources
from captionie.components import base, credit
from captionie.components.dates import date_grammar
from captionie.pipeline.build import default_pipeline
from captionie.pipeline.run import process_caption
from captionie.io.readers import Caption
from captionie.batch.result_cache import ResultCache

# Pieces of credit lines, URLs and names, so the generated texts reach the patterns' edges.
PIECES = st.sampled_from([
    "Photo", "Credit:", "credit", "Courtesy", "of", "(NASA/Bill", "Ingalls)", "NASA", "/", " / ", "GCTC",
    "Andrey", "Shelepin", ".", "..", ",", "(", ")", "\"", "'", "’", "&", "-", "and", "image", "by", "Jesse",
    "Allen", "photograph", "illustrations", "Illustration", "Photograph", "Picture", "www.nasa.gov", "HTTPS://", "x.GOV", "ınt", ".ınt", "\n", "  ", "Earth", "Observatory",
])
TEXTS = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map(" ".join),
                  st.lists(PIECES, max_size=40).map("".join))


@given(st.text(alphabet="mMiIdD- \n2016ab", max_size=30))
def test_mid_is_looked_for_only_just_before_a_date(text: str) -> None:
    grammar = date_grammar()
    for start in range(len(text) + 1):
        assert grammar.after_mid(text, start) == (grammar.mid_prefix.search(text, 0, start) is not None)


def test_a_repeated_caption_gets_the_record_a_fresh_run_gives(monkeypatch) -> None:
    """Batch runs answer repeats from the result cache: same records as running each caption,
    the year context part of the key, and no record sharing a mutable value with the cache."""
    monkeypatch.setattr(api, "_RESULTS", ResultCache(2))
    text = "Expedition 37/38 crew members land on Oct. 5 near Zhezkazgan. Photo Credit: (NASA/Bill Ingalls)"
    other = "Soyuz TMA-12 lands in 2008."
    captions = [
        Caption("a", text), Caption("b", other), Caption("c", text),
        Caption("d", text, meta={"image_id": "jsc2013e013823"}),  # another year context: Oct. 5 is 2013
        Caption("e", "A third caption."), Caption("f", other), Caption("g", text),
    ]
    batch = list(api.extract_many(captions))
    plain = [process_caption(default_pipeline(), c) for c in captions]
    assert batch == plain
    assert [r["dates"][0]["value"] for r in batch if r["dates"] and r["id"] in "acdg"] == ["--10-05", "--10-05", "2013-10-05", "--10-05"]
    assert api._RESULTS.hits >= 1 and len(api._RESULTS) == 2
    batch[-1]["expeditions"][0]["value"].append(99)  # "g": its result is still cached
    again = list(api.extract_many([Caption("h", text)]))[0]
    assert again["expeditions"][0]["value"] == [37, 38]


def test_the_result_cache_forgets_the_least_recently_used_first() -> None:
    cache = ResultCache(2)
    cache.put("a", {"n": 1})
    cache.put("b", {"n": 2})
    assert cache.get("a") == {"n": 1}
    cache.put("c", {"n": 3})
    assert cache.get("b") is None and cache.get("a") == {"n": 1} and len(cache) == 2
    assert (cache.hits, cache.misses) == (2, 1)


_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=6)
_MENTION_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12)), max_size=6)


@given(st.text(alphabet=st.sampled_from("ab .!?;\n\t,"), max_size=60))
def test_left_context_starts_after_the_last_sentence_break(left: str) -> None:
    """Crew's left context is cut after the last break; it used to be found with a lookahead
    regex, quadratic in the window; the scan that replaced it must cut in the same place, the
    first time and when it is remembered."""
    from captionie.pipeline.build import default_pipeline

    crew = default_pipeline().get_pipe("captionie_crew")
    old = re.compile(r"(?:[.!?;]\s|\n)(?!.*(?:[.!?;]\s|\n))", re.DOTALL).search(left)
    expected = left[old.end():] if old else left
    for _ in range(2):
        assert crew._left_context(left, len(left), []) == expected  # shorter than the 120-character window


def _id_rules():
    return resources.regex_rules("image_ids")


_START_PIECES = ["iss", "ISS", "jsc", "KSC", "S", "s", "AS", "sts", "abcdef", "PIA", "nhq", "x", "e", "E", "-", "--", "_",
                 " ", "(", "é", "\u0130", "\u0131", "\u017f", "\u212a", "0", "71", "2008", "5", "\u0663"]


_ID_PIECES = ["iss071e462185", "JSC2008-E-032795", "S74-20831", "KSC-2013-1234", "AS11-40-5903",
              "PIA12345", "nhq201905310001", "STS135-S-001", "iss", "S7", "-", " ", "x", "2017", "ksc", "(", "é"]


_SERIAL_PIECES = ["Soyuz", "SOYUZ", "Sojuz", " ", "-", "TMA", "TMA-", "TM-", "MS-", "M", "12", "5", "xSoyuz",
                  "Progress", "STS-", "135", "Apollo", "Crew-", "SpaceX ", "CRS-", "NG-", "Cygnus ", " spacecraft",
                  "GOES-", "16R", "Gemini", "IV", "Vostok", "\n", ",", "é", "_"]


_DATE_PIECES = ["in", "In", "in early", "year-end", "during", "since", "of", "c.", "(", ")", " ", "  ", "\n", "\u00a0",
                "2016", "1968", "1499", "-", "May", "March", "Sept.", "JUNE", "x", "e", "5", ",", "days", "%"]


@example("in early 2016")  # the longest cues, right at the text start
@example("x in 2016, by  1968 of May")  # the shortest
@example("During May x, in Sept. 5 since JUNE\n")  # months a day follows or not
@example("in\n2016 during\u00a0May x")  # other whitespace before the target
@example("x During  May")
@example("x(1968) and (2016-2017)")
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=14).map("".join))
def test_year_and_month_scans_tried_where_they_can_start_find_what_full_scans_find(text: str) -> None:
    """Bare years and bare months are tried only a cue's length before the whitespace in
    front of a year or month name (or at a year's "("); that must find every match a scan of
    the whole text finds."""
    grammar = date_grammar()
    for pattern, scan in ((grammar.year, grammar.year_scan), (grammar.month_only, grammar.month_scan)):
        assert [m.span() for m in scan.finditer(pattern, text, grammar.word_starts(text))] == \
            [m.span() for m in pattern.finditer(text)]


_FULL_DATE_PIECES = ["Monday", "Mon.", "Sept.", "September", "SEPT", "Sep", "May", "MAY", "Mayo", "June", "Jun", "Ju",
                     "April", "Apr.", "Dec", "D", "M", "x", "a", "3", "13", "27", "2017", "1968", "04/03/2017",
                     "2017-04-03", "-", "–", "/", ".", ",", " ", "  ", "\n", "th", "É", "_", ":"]


@example("Wednesday, Dec. 13, 2017, 9-20 April 1994")
@example("x13 May/4/03/2017 Monday, May 8")
@given(st.lists(st.sampled_from(_FULL_DATE_PIECES), max_size=14).map("".join))
def test_dates_tried_where_a_date_can_start_are_the_full_scans_dates(text: str) -> None:
    """The date grammar is tried only at a word-start digit, weekday or month name; that must
    find every match, and the same matches, a scan of the whole text finds."""
    grammar = date_grammar()
    assert [m.groupdict() | {"span": m.span()} for m in grammar.dates_in(text)] == \
        [m.groupdict() | {"span": m.span()} for m in grammar.full.finditer(text)]


@pytest.mark.parametrize("enabled_before", [True, False])
def test_building_the_pipeline_pauses_the_collector_and_leaves_it_as_it_was(monkeypatch, enabled_before: bool) -> None:
    """``load()`` builds with the collector off (the collections a build starts cost ~0.07 s
    of a start-up) and leaves it as it was, also when building fails."""
    import gc

    import captionie.pipeline.build as pipeline

    seen: list[bool] = []
    real = pipeline.blank_without_special_cases

    def spying():
        seen.append(gc.isenabled())
        return real()

    def failing():
        raise RuntimeError("a step broke")

    was = gc.isenabled()
    try:
        (gc.enable if enabled_before else gc.disable)()
        monkeypatch.setattr(pipeline, "blank_without_special_cases", spying)
        nlp = pipeline.load(enable=["expeditions"])
        assert seen == [False] and nlp.pipe_names == ["captionie_expeditions"]
        assert gc.isenabled() is enabled_before
        monkeypatch.setattr(pipeline, "blank_without_special_cases", failing)
        with pytest.raises(RuntimeError):
            pipeline.load()
        assert gc.isenabled() is enabled_before
    finally:
        (gc.enable if was else gc.disable)()


def test_batch_runs_freeze_the_loaded_pipeline_for_the_garbage_collector_and_extract_does_not() -> None:
    """Batch runs hand the loaded pipeline to ``gc.freeze()`` (so full collections skip it);
    a library user calling ``extract`` keeps the collector as it was."""
    import subprocess
    import sys

    code = (
        "import gc, captionie\n"
        "captionie.extract('Soyuz MS-05 landed on Dec. 14, 2017.')\n"
        "print(gc.get_freeze_count())\n"
        "list(captionie.extract_many(['Soyuz MS-05 landed on Dec. 14, 2017.']))\n"
        "print(gc.get_freeze_count())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "0"
    assert int(out[1]) > 10_000


@pytest.mark.parametrize("enabled_before", [True, False])
def test_a_batch_runs_with_the_collector_paused_and_leaves_it_as_it_was(monkeypatch, enabled_before: bool) -> None:
    """The cyclic garbage collector is off while a batch runs (its collections cost ~5% of a
    run that makes no cycles) and as it was afterwards, also when a batch fails."""
    import gc

    seen: list[bool] = []
    real = api.process_batch

    def spying(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    def failing(*args, **kwargs):
        raise RuntimeError("a step broke")

    was = gc.isenabled()
    try:
        (gc.enable if enabled_before else gc.disable)()
        monkeypatch.setattr(api, "process_batch", spying)
        records = api._run_batch([Caption("1", "Soyuz MS-05 landed on Dec. 14, 2017.")])
        assert seen == [False] and records[0]["dates"][0]["value"] == "2017-12-14"
        assert gc.isenabled() is enabled_before
        monkeypatch.setattr(api, "process_batch", failing)
        with pytest.raises(RuntimeError):
            api._run_batch([Caption("2", "Expedition 53")])
        assert gc.isenabled() is enabled_before
    finally:
        (gc.enable if was else gc.disable)()


_NAME_PIECES = ["Randy", "Bresnik", "O'Neil", "O’Brien", "McArthur", "Jean-Loup", "A.", "van", "de", " ", "\t", "\n",
                '"Butch"', "(Butch)", "x", "-", "'", "’", "NASA", "Łukasz", "É", "é", "5", "_", "."]


@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=12).map("".join))
def test_capitalized_runs_are_found_as_the_word_start_pattern_found_them(text: str) -> None:
    """Crew's run pattern takes a word's capital before testing the word start (so ``re``
    can skip to capitals); it must find the runs the assertion-first pattern found."""
    from captionie.components import crew

    recognizer = default_pipeline().get_pipe("captionie_crew")
    old_first = rf"(?<![\w'’-]){crew._WORD}"
    old = re.compile(old_first + recognizer.run_re.pattern[len(crew._FIRST_WORD):])
    assert [m.span() for m in recognizer.run_re.finditer(text)] == [m.span() for m in old.finditer(text)]


_EXPEDITION_PIECES = ["Expedition", "expeditions", "EXPEDITION", "EXPEDITIONs", "Exp.", "exp.", "eXPEDITION", "ExpeditionS", "xExpedition",
                      " ", "53", "52/53", " and ", "Six", "-", "_", "é", "\n"]


_CLEANING_PIECES = ["<", ">", "&", "#", "x", "b", "/", "!", "amp;", "&#8217;", "<i>", "</b>", "\u00c3", "\u00c2", "\u00e2",
                    "\u00c5", "\u00d0", "\u00d1", "\u0080", "\u00a9", "\u00bf", "\u20ac", "\u2122", "\u2019", "\u02dc",
                    "a", " ", "\n", "é", "’"]


def _damaged(text: str, encoding: str) -> str:
    """``text`` as UTF-8 read back in ``encoding`` (undefined bytes as U+FFFD): mojibake."""
    return text.encode("utf-8").decode(encoding, errors="replace")


# ASCII that ftfy's rules read around a damaged character ("?", "\x1a", spaces, "quele", "s ")
# and damaged or merely non-ASCII characters, so mojibake lands at a stretch's edges too.
_ASCII_AROUND = st.sampled_from(["?", "\x1a", " ", "  ", "\n", "a", "Z", ".", ",", "s ", "quele", "quilo", "x" * 40])
_NON_ASCII = st.sampled_from(["\u00c3", "\u00c2", "\u00c3 ", "\u00e2\u20ac", "\u00a0", "\u2019", "é", "\u0152",
                              "\u0080", "\u00b0", "\u0413\u045e\u0412\u0402\u0412", "\ufffd"])
_DAMAGED = st.builds(_damaged, st.text(alphabet=st.characters(max_codepoint=0x2FFF), min_size=1, max_size=6),
                     st.sampled_from(["latin-1", "cp1252", "cp1251", "cp1250", "mac_roman", "cp437"]))


def test_a_batch_run_component_by_component_gives_each_caption_its_own_record(monkeypatch) -> None:
    """``process_batch`` runs each component over the whole batch; records must equal those of
    one caption at a time, with or without a cache, repeats within the batch included, and a
    cache of size 0 (the benchmark's "every caption run" row) must run every caption."""
    import captionie.pipeline.run as pipeline
    from pathlib import Path

    from captionie.io.readers import read

    seeds = [c for c in read(Path(__file__).resolve().parents[1] / "seeds") if isinstance(c, Caption)][:40]
    captions = seeds + seeds[:5] + [Caption("m", seeds[0].text, meta={"image_id": "jsc2013e013823"})]
    nlp = default_pipeline()
    plain = [process_caption(nlp, c) for c in captions]
    ran: list[int] = []
    real = pipeline.run_pipeline_batch
    monkeypatch.setattr(pipeline, "run_pipeline_batch", lambda nlp_, items: ran.append(len(items)) or real(nlp_, items))
    for cache in (None, ResultCache(0), ResultCache(3), ResultCache()):
        ran.clear()
        assert pipeline.process_batch(nlp, captions, cache) == plain
        distinct = len({(c.text, tuple(sorted(c.meta.items()))) for c in captions})
        assert sum(ran) == (distinct if cache is not None and cache.size else len(captions))


def test_records_read_back_from_the_result_cache_equal_fresh_runs(monkeypatch) -> None:
    """The cache keeps each result as JSON bytes: a caption answered from it in a later batch
    must get exactly the record a run gives it (same types too: a list is not a tuple), be
    answered without a run, and get a record of its own that changing cannot reach the cache."""
    import captionie.pipeline.run as pipeline
    from pathlib import Path

    from captionie.io.readers import read

    seeds = [c for c in read(Path(__file__).resolve().parents[1] / "seeds") if isinstance(c, Caption)]
    captions = seeds + [Caption("m", seeds[0].text, meta={"image_id": "jsc2013e013823"})]
    nlp = default_pipeline()
    plain = [process_caption(nlp, c) for c in captions]
    cache = ResultCache()
    assert pipeline.process_batch(nlp, captions, cache) == plain
    ran: list[int] = []
    real = pipeline.run_pipeline_batch
    monkeypatch.setattr(pipeline, "run_pipeline_batch", lambda nlp_, items: ran.append(len(items)) or real(nlp_, items))
    again = pipeline.process_batch(nlp, captions, cache)
    assert sum(ran) == 0
    assert again == plain
    assert repr(again) == repr(plain)  # equal types as well as equal values
    with_numbers = next(r for r in again if any(isinstance(m["value"], list) for m in r["expeditions"]))
    with_numbers["expeditions"][0]["value"].append(999)
    with_numbers["crew"].clear()
    third = pipeline.process_batch(nlp, captions, cache)
    assert third == plain
    # As JSON lines (the CLI's batches): a repeat's line is spliced from the stored JSON; a
    # caption whose meta orjson cannot write (a 70-bit integer) gets its record written whole.
    from captionie.io.json_lines import dumps_line

    big = Caption("big", seeds[1].text, meta={"n": 2**70, "note": "é"})
    expected = [dumps_line(r) for r in [*plain, process_caption(nlp, big)]]
    for _ in range(2):  # the second time every caption is answered from the cache
        assert pipeline.process_batch(nlp, [*captions, big], cache, as_json=True) == expected
    assert sum(ran) == 0


def test_one_word_gazetteer_forms_match_only_as_written_and_long_forms_in_any_case() -> None:
    """Agencies and spacecraft are matched on lowercase in one pass; a one-word form must
    still match only as written ("csa" is not the Canadian Space Agency), a longer form in any
    case, and places only as written or in capitals."""
    from captionie import extract

    record = extract("The csa and CSA met the Russian space agency and the RUSSIAN SPACE AGENCY; "
                     "the iss passed over the ISS near baikonur, Baikonur and BAIKONUR.")
    agencies = [(m["text"], m["value"]) for m in record["agencies"]]
    assert ("CSA", "CSA") in agencies and not any(text == "csa" for text, _ in agencies)
    assert {text for text, _ in agencies} >= {"Russian space agency", "RUSSIAN SPACE AGENCY"}
    assert [m["text"] for m in record["spacecraft"]] == ["ISS"]
    assert [m["text"] for m in record["locations"]] == ["Baikonur", "BAIKONUR"]


def test_json_lines_from_uncopied_records_equal_the_copied_records(monkeypatch) -> None:
    """The CLI's batches dump records that share mention lists with the result cache (no
    copies); the lines must hold exactly the records ``extract_many`` hands out, repeats
    included, and dumping must leave the cache as it was."""
    import json

    monkeypatch.setattr(api, "_RESULTS", ResultCache())
    texts = ["Expedition 37/38 crew members land on Oct. 5 near Zhezkazgan. Photo Credit: (NASA/Bill Ingalls)",
             "Soyuz TMA-12 lands in 2008 with NASA astronaut Peggy Whitson."]
    captions = [Caption(str(i), texts[i % 2]) for i in range(6)]
    lines = [json.loads(line) for _, line, _ in api._run_batch_json(captions)]
    lines += [json.loads(line) for _, line, _ in api._run_batch_json(captions)]  # all from the cache now
    records = list(api.extract_many(captions))
    assert lines == records + records


@given(st.lists(st.sampled_from(_NAME_PIECES + ["da", "bin", "St.", "DeLa", "O'", "al-"]), max_size=14).map("".join))
def test_a_runs_words_split_on_its_separators_are_its_tokens(text: str) -> None:
    """Crew splits a capitalized run on its single spaces and tabs instead of scanning it
    with ``_TOKEN``; for every run the pattern finds, both must give the same words."""
    from captionie.components import crew

    recognizer = default_pipeline().get_pipe("captionie_crew")
    for run in recognizer.run_re.finditer(text):
        tokens = [(m.start(), m.end(), m.group()) for m in crew._TOKEN.finditer(text, run.start(), run.end())]
        assert crew._run_words(run.group(), run.start()) == tokens


def _disjoint(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans laid end to end from (gap, length) pairs, shuffled: the fast path's own case."""
    spans, at = [], 0
    for gap, length in pieces:
        spans.append((at + gap, length))
        at += gap + length
    return spans[1::2] + spans[::2]


@example(" ,  and ")
@example(" \n and\t")
@given(st.lists(st.sampled_from([" ", "  ", "\n", "\t", ",", "and", "x", "&"]), max_size=8).map("".join))
def test_list_separator_matches_the_gaps_it_matched_before(gap: str) -> None:
    """The separator between listed names was rewritten so that each whitespace run is read by
    one quantifier; it must accept exactly the gaps the old pattern accepted."""
    from captionie.components.crew import _LIST_SEPARATOR

    old = re.compile(r"\s*(?:,\s*(?:and\s+)?|,?\s+and\s+)")
    assert bool(_LIST_SEPARATOR.fullmatch(gap)) == bool(old.fullmatch(gap))


def test_crews_remembered_answers_never_change_a_record() -> None:
    """Crew remembers what the words before a name say, which gazetteer entry a run of words
    is, how a run is trimmed and which lone words are no name; records with those answers
    remembered across captions must equal records made with them forgotten before every
    caption."""
    from pathlib import Path

    from captionie.io.readers import read

    nlp = default_pipeline()
    crew = nlp.get_pipe("captionie_crew")
    seeds = [c for c in read(Path(__file__).resolve().parents[1] / "seeds") if isinstance(c, Caption)]
    remembered = [process_caption(nlp, c) for c in seeds + seeds]
    forgotten = []
    for caption in seeds + seeds:
        crew._left_facts.clear()
        crew._lookups.clear()
        crew._trims.clear()
        crew._alone.clear()
        forgotten.append(process_caption(nlp, caption))
    assert remembered == forgotten
    assert any(record["crew"] for record in forgotten)


def _surname_keys() -> list[str]:
    keys = sorted({entry.surname.casefold() for entry in resources.crew()})
    return keys[::7]


@given(key=st.one_of(st.sampled_from(_surname_keys()), st.text("abcdefgkmnorsuvyz", min_size=1, max_size=12)),
       known_names=st.lists(st.sampled_from(_surname_keys()), max_size=4), typo=st.integers(0, 30))
@example(key="yurichikin", known_names=["yurchikhin"], typo=0)
@example(key="whitson", known_names=["whitson"], typo=0)
def test_a_single_word_crew_does_not_read_on_could_not_be_resolved(key: str, known_names: list[str], typo: int) -> None:
    """Crew reads a single capitalized word further only when ``_may_resolve``; a word it
    turns away must fail every way ``_resolve_surnames`` resolves one: a known surname, a
    listed surname of exactly one person, a misspelling of a known surname."""
    from captionie.components.crew import _Candidate, _misspelled_surname_of

    crew = default_pipeline().get_pipe("captionie_crew")
    if known_names and typo < len(known_names[0]) - 1:  # a near miss of a known surname, often
        name = known_names[0]
        key = name[:typo] + name[typo + 1] + name[typo] + name[typo + 2:] if typo % 2 else key
    known = {name: _Candidate(0, 1, [name], name, name) for name in known_names}
    if not crew._may_resolve(key, known, {name[:1] for name in known}):
        assert key not in known
        assert len(crew.surnames.get(key, [])) != 1
        assert _misspelled_surname_of(key, known) is None


def test_every_written_form_of_an_entry_matches_and_no_other_casing() -> None:
    """A gazetteer entry's forms share one match key: each one-word form must still match as
    written ("DoD" and "DOD", "KazCosmos" and "Kazcosmos"), and a casing no form has must not."""
    from captionie import extract

    record = extract("The DoD, the DOD and the dod met; so did KazCosmos, Kazcosmos, KAZcosmos and kazcosmos.")
    assert [(m["text"], m["value"]) for m in record["agencies"]] == [
        ("DoD", "DOD"), ("DOD", "DOD"), ("KazCosmos", "Kazcosmos"), ("Kazcosmos", "Kazcosmos")]


def test_a_longer_place_name_matches_as_written_or_in_capitals_only() -> None:
    """Places are matched on lowercase and checked after: "Karaganda airport" is the town and
    a common noun, "KARAGANDA Airport" no form, and the airport as written or in capitals."""
    from captionie import extract

    record = extract("Crews land near Karaganda Airport, KARAGANDA AIRPORT, Karaganda airport and KARAGANDA Airport.")
    assert [(m["text"], m["value"]) for m in record["locations"]] == [
        ("Karaganda Airport", "Karaganda Airport"), ("KARAGANDA AIRPORT", "Karaganda Airport"),
        ("Karaganda", "Karaganda"), ("KARAGANDA", "Karaganda")]


def test_every_place_form_in_capitals_splits_into_the_same_tokens() -> None:
    """Places in capitals are found by their lowercase pattern, which holds only when a form
    in capitals is split into the same tokens as the form (the gazetteer adds a pattern in
    capitals only where the letters change, "ß" -> "SS")."""
    from captionie.matching.gazetteer import with_lost_apostrophes
    from captionie.pipeline.build import blank_without_special_cases

    tokenizer = blank_without_special_cases().tokenizer
    forms = [variant for entry in resources.places() for form in (entry.name, *entry.aliases) if form.strip()
             for variant in with_lost_apostrophes(form)]
    assert len(forms) > 2000
    for form, doc, capitals in zip(forms, tokenizer.pipe(forms), tokenizer.pipe(f.upper() for f in forms)):
        assert [t.lower_ for t in doc] == [t.lower_ for t in capitals], form
