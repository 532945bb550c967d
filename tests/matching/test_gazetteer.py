"""Gazetteer matching: which casings of a form match, and forms whose apostrophe was lost."""

from __future__ import annotations

from captionie import extract, resources
from captionie.matching.gazetteer import with_lost_apostrophes
from captionie.pipeline.build import blank_without_special_cases


def test_one_word_gazetteer_forms_match_only_as_written_and_long_forms_in_any_case() -> None:
    """A one-word form matches only as written ("csa" is not the Canadian Space Agency), a
    longer form in any case, and places only as written or in capitals."""
    record = extract("The csa and CSA met the Russian space agency and the RUSSIAN SPACE AGENCY; "
                     "the iss passed over the ISS near baikonur, Baikonur and BAIKONUR.")
    agencies = [(m["text"], m["value"]) for m in record["agencies"]]
    assert ("CSA", "CSA") in agencies and not any(text == "csa" for text, _ in agencies)
    assert {text for text, _ in agencies} >= {"Russian space agency", "RUSSIAN SPACE AGENCY"}
    assert [m["text"] for m in record["spacecraft"]] == ["ISS"]
    assert [m["text"] for m in record["locations"]] == ["Baikonur", "BAIKONUR"]


def test_every_written_form_of_an_entry_matches_and_no_other_casing() -> None:
    """Each one-word form of an entry matches as written ("DoD" and "DOD", "KazCosmos" and
    "Kazcosmos"), and a casing no form has does not."""
    record = extract("The DoD, the DOD and the dod met; so did KazCosmos, Kazcosmos, KAZcosmos and kazcosmos.")
    assert [(m["text"], m["value"]) for m in record["agencies"]] == [
        ("DoD", "DOD"), ("DOD", "DOD"), ("KazCosmos", "Kazcosmos"), ("Kazcosmos", "Kazcosmos")]


def test_a_longer_place_name_matches_as_written_or_in_capitals_only() -> None:
    """"Karaganda airport" is the town and a common noun, "KARAGANDA Airport" no form, and the
    airport as written or in capitals."""
    record = extract("Crews land near Karaganda Airport, KARAGANDA AIRPORT, Karaganda airport and KARAGANDA Airport.")
    assert [(m["text"], m["value"]) for m in record["locations"]] == [
        ("Karaganda Airport", "Karaganda Airport"), ("KARAGANDA AIRPORT", "Karaganda Airport"),
        ("Karaganda", "Karaganda"), ("KARAGANDA", "Karaganda")]


def test_every_place_form_in_capitals_splits_into_the_same_tokens() -> None:
    """Places in capitals are found by their lowercase pattern, which holds only when a form
    in capitals is split into the same tokens as the form (the gazetteer adds a pattern in
    capitals only where the letters change, "ß" -> "SS")."""
    tokenizer = blank_without_special_cases().tokenizer
    forms = [variant for entry in resources.places() for form in (entry.name, *entry.aliases) if form.strip()
             for variant in with_lost_apostrophes(form)]
    assert len(forms) > 2000
    for form, doc, capitals in zip(forms, tokenizer.pipe(forms), tokenizer.pipe(f.upper() for f in forms)):
        assert [t.lower_ for t in doc] == [t.lower_ for t in capitals], form


def test_a_form_whose_apostrophe_was_lost_names_the_same_entry() -> None:
    assert with_lost_apostrophes("St. Basil’s Cathedral") == [
        "St. Basil’s Cathedral", "St. Basil\ufffd\ufffd\ufffds Cathedral", "St. Basil\ufffds Cathedral"]
    assert with_lost_apostrophes("Moscow") == ["Moscow"]
    places = {form: entry.name for entry in resources.places() for form in (entry.name, *entry.aliases)}
    form = next(f for f in places if "’" in f or "'" in f)
    damaged = with_lost_apostrophes(form)[1]
    assert [m["value"] for m in extract(f"Seen near {damaged} today.")["locations"]] == [places[form]]
