"""A damaged entry costs only itself: it is reported with its line, and the rest is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.sources.bibtex import parse_bibtex, parse_bibtex_file
from pipeline.sources.model import RecordError, Work

FIRST = "@article{first2019,\n  title = {First},\n  year = {2019}\n}\n"
LAST = "@book{last2021,\n  title = {Last},\n  year = {2021}\n}\n"


def titles(results: list[Work | RecordError]) -> list[str | None]:
    return [result.title for result in results if isinstance(result, Work)]


def errors(results: list[Work | RecordError]) -> list[RecordError]:
    return [result for result in results if isinstance(result, RecordError)]


@pytest.mark.parametrize(
    ("broken", "record_id"),
    [
        pytest.param(
            "@article{broken2020,\n  title = {Never closed,\n  year = {2020}\n\n",
            "refs.bib#broken2020",
            id="unclosed-brace",
        ),
        pytest.param(
            "@article{broken2020\n  title = {No comma after the key},\n}\n",
            "refs.bib#line 6",
            id="no-comma-after-key",
        ),
        pytest.param(
            "@article{broken2020,\n  title {No equals sign},\n}\n",
            "refs.bib#broken2020",
            id="no-equals-sign",
        ),
    ],
)
def test_a_broken_entry_in_the_middle_is_reported_with_its_line(
    broken: str, record_id: str
) -> None:
    text = FIRST + "\n" + broken + LAST  # the broken entry starts on line 6

    results = parse_bibtex(text, file_name="refs.bib")

    assert titles(results) == ["First", "Last"]
    (error,) = errors(results)
    assert (error.record_id, error.field) == (record_id, "entry")
    assert "line 6" in error.message
    assert [type(result) for result in results] == [Work, RecordError, Work]


def test_fields_run_together_by_a_missing_comma_are_split_with_a_warning() -> None:
    text = "@article{k,\n  title = {T}\n  year = {2020}\n  month = jan,\n  doi = {10.1000/x}\n}"

    (work,) = parse_bibtex(text, file_name="t.bib")

    assert isinstance(work, Work)
    assert (work.title, work.year, work.month) == ("T", 2020, 1)
    assert work.identifier_values("doi") == ["10.1000/x"]
    assert work.warnings == [
        "title: no comma before year; read as two fields",
        "year: no comma before month; read as two fields",
    ]


def test_a_repeated_field_keeps_its_first_value_with_a_warning() -> None:
    text = "@article{k,\n  year = {2019},\n  title = {T},\n  year = {2020},\n}"

    (work,) = parse_bibtex(text, file_name="t.bib")

    assert isinstance(work, Work)
    assert work.year == 2019
    assert work.warnings == ["year: written more than once with different values; the first kept"]


def test_a_field_repeated_in_another_case_counts_as_repeated() -> None:
    text = "@article{k, title = {T}, DOI = {10.1000/first}, doi = {10.1000/second}}"

    (work,) = parse_bibtex(text, file_name="t.bib")

    assert isinstance(work, Work)
    assert work.identifier_values("doi") == ["10.1000/first"]
    assert work.warnings == ["doi: written more than once with different values; the first kept"]


def test_a_field_repeated_with_the_same_value_loses_nothing_and_warns_nothing() -> None:
    """TU Delft's scraped Pure export repeats `url` in almost every entry."""
    url = "https://research.tudelft.nl/en/publications/x"
    text = f'@article{{k,\n title = "T",\n url = "{url}",\n\turl = "{url}",\n}}'

    (work,) = parse_bibtex(text, file_name="t.bib")

    assert isinstance(work, Work)
    assert work.identifier_values("uri") == [url]
    assert work.warnings == []


@pytest.mark.parametrize("title", ["", "title = {},", "title = {  {} },"])
def test_an_entry_without_a_title_is_an_error_naming_the_field(title: str) -> None:
    text = FIRST + f"@misc{{untitled,\n {title}\n author = {{Doe, Jane}}\n}}\n" + LAST

    results = parse_bibtex(text, file_name="refs.bib")

    assert titles(results) == ["First", "Last"]
    (error,) = errors(results)
    assert (error.record_id, error.field) == ("refs.bib#untitled", "title")
    assert "line 5" in error.message


def test_a_key_used_twice_loads_the_first_and_reports_the_second() -> None:
    text = FIRST + FIRST.replace("First", "Second")

    results = parse_bibtex(text, file_name="refs.bib")

    assert titles(results) == ["First"]
    (error,) = errors(results)
    assert (error.record_id, error.field) == ("refs.bib#first2019", "key")
    assert "line 5" in error.message
    assert "line 1" in error.message


def test_string_macros_and_comments_are_not_entries() -> None:
    text = (
        '@string{jgr = "Journal of Geophysical Research"}\n'
        "@comment{jabref-meta: databaseType:bibtex;}\n"
        '@preamble{ "\\newcommand{\\noopsort}[1]{}" }\n'
        "@article{k, title = {T}, journal = jgr}\n"
    )

    (work,) = parse_bibtex(text, file_name="t.bib")

    assert isinstance(work, Work)
    assert work.venue == "Journal of Geophysical Research"


def test_an_empty_file_has_no_records() -> None:
    assert parse_bibtex("", file_name="empty.bib") == []
    assert parse_bibtex("% nothing here\n", file_name="empty.bib") == []


def test_a_latin_1_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "old export.bib"
    path.write_bytes("@article{k, title = {Étude}, author = {Müller, Jörg}}".encode("latin-1"))

    (work,) = parse_bibtex_file(path)

    assert isinstance(work, Work)
    assert work.source_record_id == "old export.bib#k"
    assert work.title == "Étude"
    assert work.contributors[0].family_name == "Müller"
    assert work.warnings == [
        "encoding: the file is not UTF-8; it was read as Latin-1 (give --encoding if it is another)"
    ]


def test_a_utf_8_file_with_a_byte_order_mark_is_read_without_warnings(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("@article{k, title = {Étude}}", encoding="utf-8-sig")

    (work,) = parse_bibtex_file(path, owner_id="p1")

    assert isinstance(work, Work)
    assert (work.title, work.owner_id, work.warnings) == ("Étude", "p1", [])


@pytest.mark.parametrize(
    "stray",
    [
        pytest.param("@\narticle{stray2020,\n}\n", id="at-sign-on-its-own-line"),
        pytest.param("article{stray2020,\n}\n", id="fieldless-entry-without-at-sign"),
    ],
)
def test_an_entry_split_from_its_at_sign_is_reported_not_dropped(stray: str) -> None:
    """Found by the property tests: an `@` parted from its entry by a line break, or an entry
    without fields that lost its `@`, was read as a comment between entries and vanished."""
    results = parse_bibtex(FIRST + "\n" + stray + LAST, file_name="refs.bib")

    assert titles(results) == ["First", "Last"]
    (error,) = errors(results)
    assert (error.record_id, error.field) == ("refs.bib#line 6", "entry")
    assert "looks like an entry but is not one" in error.message
