"""Readers: every SPEC section 1 input form, ids, attached title / image-id lines, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import captionie
from captionie.io.readers import Caption, ReadError, is_title_line, read


def _captions(path: Path) -> list[Caption]:
    items = list(read(path))
    assert all(isinstance(i, Caption) for i in items)
    return items  # type: ignore[return-value]


def test_blank_line_dump_gives_one_caption_per_paragraph(seeds: Path) -> None:
    items = _captions(seeds / "000_e5e36e2bf2a58f49.txt")
    assert len(items) == 100  # 100 non-empty paragraphs in the file
    assert items[0].id == "000_e5e36e2bf2a58f49:1"
    assert items[0].text.startswith("iss071e462185 (Aug. 9, 2024)")
    assert items[0].source.endswith("000_e5e36e2bf2a58f49.txt:2")  # line 1 is blank


def test_line_dump_attaches_titles_and_image_ids_to_the_caption_before(seeds: Path) -> None:
    items = _captions(seeds / "003_8e512f23076f1ec3.txt")
    vinogradov = next(c for c in items if c.text.startswith("During a traditional tour of Red Square in Moscow March 7"))
    assert vinogradov.meta == {"image_id": "jsc2013e013823"}
    artemyev = items[0]
    assert artemyev.meta == {"title": "Expedition 65 Red Square Visit"}
    assert not any(c.text.strip() in ("Expedition 65 Red Square Visit", "jsc2013e013823") for c in items)
    # 200 lines: 112 captions, the others are titles or image ids.
    assert len(items) == 112
    assert "GRC-2021-C-00208" in {c.meta.get("image_id") for c in items}


def test_text_article_without_inner_blank_lines_is_line_per_caption(seeds: Path) -> None:
    items = _captions(seeds / "002_7b9963cde2396057.txt")
    assert items[1].text.startswith("On 27 November, a Soyuz MS-28")
    assert items[7].meta["title"] == "Press Office of the Ministry of Foreign Affairs of Kazakhstan"
    assert items[7].meta["url"].startswith("https://www.gov.kz/")


def test_heading_line_of_a_paragraph_is_its_title(seeds: Path) -> None:
    items = _captions(seeds / "004_6cb0e9ea47486a0f.txt")
    half_moon = items[1]
    assert half_moon.meta == {"title": "Half-Moon and Soyuz"}
    assert half_moon.text.startswith("The half-moon is captured")


def test_jsonl_reader_ids_text_keys_meta_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([
        json.dumps({"nasa_id": "jsc2013e013823", "description": "Expedition 6 crew", "title": "T"}),
        json.dumps({"caption": "no id here"}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"text": 42}),
        json.dumps({"other": "x"}),
    ]) + "\n", encoding="utf-8")
    items = list(read(path))
    assert isinstance(items[0], Caption) and items[0].id == "jsc2013e013823"
    assert items[0].meta == {"nasa_id": "jsc2013e013823", "title": "T"}
    assert isinstance(items[1], Caption) and items[1].id == "batch:2"
    errors = items[2:]
    assert all(isinstance(e, ReadError) for e in errors)
    assert [e.source for e in errors] == [f"{path}:{n}" for n in (3, 4, 5, 6)]
    assert "invalid JSON" in errors[0].error
    assert "not an object" in errors[1].error
    assert "not a string" in errors[2].error
    assert "no text field" in errors[3].error


def test_csv_reader(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text('id,text,photographer\na1,"Expedition 6 crew, landing",Bill Ingalls\n', encoding="utf-8")
    [item] = list(read(path))
    assert isinstance(item, Caption)
    assert (item.id, item.text, item.meta) == ("a1", "Expedition 6 crew, landing", {"id": "a1", "photographer": "Bill Ingalls"})


def test_nasa_api_json(tmp_path: Path) -> None:
    doc = {"collection": {"items": [
        {"data": [{"nasa_id": "jsc2018e081911", "description": "Hague poses Sept. 17.", "date_created": "2018-09-17T00:00:00Z"}]},
        {"links": []},
    ]}}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    first, second = list(read(path))
    assert isinstance(first, Caption) and first.id == "jsc2018e081911"
    assert first.meta["date_created"].startswith("2018")
    assert isinstance(second, ReadError)
    record = captionie.extract(first.text, meta=first.meta)
    assert record["dates"][0]["value"] == "2018-09-17"


def test_missing_input_is_an_error_not_a_crash(tmp_path: Path) -> None:
    [item] = list(read(tmp_path / "nope.txt"))
    assert isinstance(item, ReadError) and "no such file" in item.error


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Expedition 6 crew \xff landed\n\nSecond caption here\n")
    first, second = list(read(path))
    assert isinstance(first, Caption) and "\ufffd" in first.text and first.warnings
    assert isinstance(second, Caption) and not second.warnings


def test_title_line_heuristic() -> None:
    assert is_title_line("Expedition 65 Red Square Visit")
    assert not is_title_line("Expedition 65 crew members visit Red Square. They lay flowers.")
    assert not is_title_line("NASA/Victor Zelentsov.")


def test_a_caption_sent_to_a_worker_process_arrives_whole() -> None:
    """``--workers`` pickles every caption; each field must survive the trip."""
    import pickle

    caption = Caption("id-1", "Expedition 53 crew", {"title": "Landing", "nested": [1, {"a": None}]},
                      "seeds/x.jsonl:3", ["invalid UTF-8 replaced"])
    copy = pickle.loads(pickle.dumps(caption, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == caption and copy is not caption
    assert [copy.id, copy.text, copy.meta, copy.source, copy.warnings] == \
        ["id-1", "Expedition 53 crew", {"title": "Landing", "nested": [1, {"a": None}]}, "seeds/x.jsonl:3",
         ["invalid UTF-8 replaced"]]


@pytest.mark.regression
def test_numbers_json_cannot_hold_are_error_records(tmp_path: Path) -> None:
    """NaN and Infinity are not JSON, and 1e400 overflows a float: Python's ``json`` reads all
    three, but no output line can hold them (the run used to crash writing the record)."""
    path = tmp_path / "numbers.jsonl"
    path.write_text("\n".join([
        '{"text": "Expedition 6 crew", "score": NaN}',
        '{"text": "Expedition 6 crew", "score": -Infinity}',
        '{"text": "Expedition 6 crew", "score": 1e400}',
        '{"text": "Expedition 6 crew", "score": 1e300, "big": 123456789012345678901234567890}',
    ]) + "\n", encoding="utf-8")
    *errors, kept = list(read(path))
    assert all(isinstance(e, ReadError) for e in errors)
    assert [e.source for e in errors] == [f"{path}:{n}" for n in (1, 2, 3)]
    assert [e.error for e in errors] == ["invalid JSON: NaN is not a JSON number",
                                         "invalid JSON: -Infinity is not a JSON number",
                                         "invalid JSON: number 1e400 is too large for a float"]
    assert isinstance(kept, Caption) and kept.meta == {"score": 1e300, "big": 123456789012345678901234567890}
    document = tmp_path / "list.json"
    document.write_text('[{"text": "Expedition 6 crew", "score": NaN}]', encoding="utf-8")
    [error] = list(read(document))
    assert isinstance(error, ReadError) and error.error == "invalid JSON: NaN is not a JSON number"


@pytest.mark.regression
@pytest.mark.parametrize(("token", "reason"), [
    ("NaN", "NaN is not a JSON number"),
    ("-Infinity", "-Infinity is not a JSON number"),
    ("1e400", "number 1e400 is too large for a float"),
])
def test_a_number_json_cannot_hold_in_a_json_document_is_reported_at_its_line(tmp_path: Path, token, reason) -> None:
    """The decoder's hooks are not told where they are: the line is that of the token's first
    place outside a string (the same words inside a string, earlier, do not count)."""
    document = tmp_path / "list.json"
    document.write_text("\n".join([
        "[",
        f'  {{"text": "a caption that says {token} and 1e400", "score": 1}},',
        f'  {{"text": "Expedition 6 crew", "score":',
        f"     {token}}}",
        "]",
    ]), encoding="utf-8")
    [error] = list(read(document))
    assert isinstance(error, ReadError)
    assert (error.source, error.error) == (f"{document}:4", f"invalid JSON: {reason}")


# --- files that are not captions, and lines too long --------------------------------------------

@pytest.mark.parametrize(("name", "content", "reason"), [
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("utf16.txt", "Soyuz lands".encode("utf-16"), "UTF-16"),
    ("empty.jsonl", b"", "empty file"),
    ("blank.txt", b"\n\n   \n", "no captions in file"),
])
def test_unreadable_files_are_one_error_naming_path_and_reason(tmp_path: Path, name: str, content: bytes,
                                                               reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    items = list(read(path))
    assert len(items) == 1 and isinstance(items[0], ReadError)
    assert items[0].source == str(path) and reason in items[0].error


def test_csv_field_over_the_csv_module_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    text = "Soyuz lands. " * 20_000  # 260 kB, over csv's default 128 kB field limit
    path.write_text(f"id,text\nbig,{text}\nsmall,Apollo 11\n")
    items = list(read(path))
    assert [i.id for i in items] == ["big", "small"] and all(isinstance(i, Caption) for i in items)


def test_overlong_line_is_skipped_as_one_error_in_bounded_memory(tmp_path: Path, monkeypatch) -> None:
    """A line over the limit (here lowered to 1 MB; the real one is 32 MB) is read through in
    chunks, becomes one error record, and the lines after it are read normally."""
    import captionie.io.readers as readers

    monkeypatch.setattr(readers, "MAX_LINE_BYTES", 2**20)
    path = tmp_path / "long.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"id": "before", "text": "Soyuz lands."}\n')
        handle.write(b'{"id": "long", "text": "' + b"x" * (5 * 2**20) + b'"}\n')
        handle.write(b'{"id": "after", "text": "Apollo 11."}\n')
    items = list(read(path))
    assert [type(i).__name__ for i in items] == ["Caption", "ReadError", "Caption"]
    assert items[1].source == f"{path}:2" and "over the 1 MB limit" in items[1].error
    text_path = tmp_path / "long.txt"
    text_path.write_bytes(b"Soyuz lands.\n" + b"y" * (3 * 2**20) + b"\nApollo 11 lifts off.\n")
    items = list(read(text_path))
    assert [type(i).__name__ for i in items] == ["Caption", "ReadError", "Caption"]


# --- no process-wide side effects ---------------------------------------------------------------

@pytest.fixture
def csv_limit():
    """The csv module's field size limit (one for the whole process), put back after the test."""
    import csv

    before = csv.field_size_limit()
    yield csv.field_size_limit
    csv.field_size_limit(before)


@pytest.mark.regression
def test_reading_a_csv_file_leaves_the_csv_field_size_limit_as_it_was(tmp_path: Path, csv_limit) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,text\na,Soyuz lands.\nb,Apollo 11 lifts off.\n", encoding="utf-8")
    csv_limit(5_000)
    assert [i.id for i in read(path)] == ["a", "b"]
    assert csv_limit() == 5_000


@pytest.mark.regression
def test_a_csv_row_over_the_limit_is_an_error_and_the_limit_is_put_back(tmp_path: Path, csv_limit,
                                                                        monkeypatch) -> None:
    """The reader raises the limit to its own line limit while it reads (here lowered to
    10,000 characters): a 7,000-character field over the caller's 5,000 is read, a
    20,000-character one is one error record, and the caller's limit is back after either."""
    import captionie.io.readers as readers

    monkeypatch.setattr(readers, "MAX_LINE_BYTES", 10_000)
    path = tmp_path / "rows.csv"
    path.write_text(f"id,text\nmid,{'m' * 7_000}\nhuge,{'h' * 20_000}\nlast,Apollo 11.\n", encoding="utf-8")
    csv_limit(5_000)
    items = list(read(path))
    assert [type(i).__name__ for i in items] == ["Caption", "ReadError", "Caption"]
    assert items[0].text == "m" * 7_000 and "unreadable CSV row" in items[1].error
    assert items[2].id == "last" and items[2].source == f"{path}:4"
    assert csv_limit() == 5_000


@pytest.mark.regression
def test_an_unreadable_csv_row_is_reported_at_its_own_line(tmp_path: Path, monkeypatch) -> None:
    import captionie.io.readers as readers

    monkeypatch.setattr(readers, "MAX_LINE_BYTES", 10_000)
    path = tmp_path / "rows.csv"
    path.write_text(f"id,text\nfirst,Soyuz lands.\nhuge,{'h' * 200_000}\n", encoding="utf-8")
    [_, error] = list(read(path))
    assert error.source == f"{path}:3"


@pytest.mark.regression
def test_a_csv_reader_abandoned_mid_file_leaves_the_limit_as_it_was(tmp_path: Path, csv_limit) -> None:
    """Between the captions it yields (the caller's code runs there) and after the caller
    drops it half-way, the limit is the caller's."""
    path = tmp_path / "rows.csv"
    path.write_text("id,text\n" + "".join(f"r{n},Soyuz lands {n}.\n" for n in range(5)), encoding="utf-8")
    csv_limit(5_000)
    reader = read(path)
    assert next(reader).id == "r0"
    assert csv_limit() == 5_000
    assert next(reader).id == "r1"
    reader.close()
    assert csv_limit() == 5_000


@pytest.mark.regression
def test_captionie_registers_no_codec_error_handler(tmp_path: Path) -> None:
    """Error handlers are process-wide; an output writer that once registered one
    (``captionie.json_escapes``) changed every program that imported captionie."""
    import codecs
    import importlib
    import pkgutil

    from captionie.io.json_lines import dumps_line

    for module in pkgutil.walk_packages(captionie.__path__, "captionie."):
        importlib.import_module(module.name)
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "Zhezkazgan — Жезказган 🚀"}\n', encoding="utf-8")
    [caption] = list(read(path))
    assert dumps_line(captionie.extract(caption.text, id=caption.id)).isascii()
    with pytest.raises(LookupError):
        codecs.lookup_error("captionie.json_escapes")
