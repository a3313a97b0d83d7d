"""Dates, work types, venues and identifiers as written by hand or by odd exporters."""

from __future__ import annotations

import pytest

from pipeline.sources.bibtex import parse_bibtex
from pipeline.sources.model import Identifier, Work


def read_one(fields: str, entry_type: str = "article") -> Work:
    (work,) = parse_bibtex(f"@{entry_type}{{k,\n title = {{T}},\n{fields}\n}}", file_name="t.bib")
    assert isinstance(work, Work), work
    return work


def test_a_year_only_date_gives_no_warning() -> None:
    work = read_one("year = 2019")

    assert (work.year, work.month, work.day, work.warnings) == (2019, None, None, [])


@pytest.mark.parametrize("year", ['"{2019}"', "{{2019}}", "2019", '" 2019 "'])
def test_a_protected_or_padded_year_is_clean(year: str) -> None:
    work = read_one(f"year = {year}")

    assert (work.year, work.warnings) == (2019, [])


@pytest.mark.parametrize("year", ["{2019a}", "{c. 2019}", "{2019/2020}"])
def test_a_year_with_extra_text_is_read_with_a_warning(year: str) -> None:
    work = read_one(f"year = {year}")

    assert work.year == 2019
    assert work.warnings == [f"year: {year.strip('{}')!r} read as 2019"]


def test_a_year_that_is_no_year_is_left_out_with_a_warning() -> None:
    work = read_one("year = {in press}")

    assert work.year is None
    assert work.warnings == ["year: 'in press' is not a year"]


@pytest.mark.parametrize(
    ("month", "number"),
    [
        ("jan", 1),
        ("feb", 2),
        ("{January}", 1),
        ('"Sept."', 9),
        ("{DEC}", 12),
        ("1", 1),
        ("{03}", 3),
    ],
)
def test_month_names_and_numbers(month: str, number: int) -> None:
    work = read_one(f"year = 2020, month = {month}")

    assert (work.month, work.warnings) == (number, [])


def test_a_month_range_gives_its_first_month_with_a_warning() -> None:
    work = read_one("year = 2020, month = {mar-apr}")

    assert work.month == 3
    assert work.warnings == ["month: 'mar-apr' read as 3"]


@pytest.mark.parametrize("month", ["{13}", "{Spring}"])
def test_a_month_that_is_no_month_is_left_out_with_a_warning(month: str) -> None:
    work = read_one(f"year = 2020, month = {month}, day = 4")

    assert (work.year, work.month, work.day) == (2020, None, None)
    assert work.warnings == [f"month: {month.strip('{}')!r} is not a month"]


def test_a_day_comes_with_its_month() -> None:
    assert (read_one('year = "2021", month = feb, day = "10"').day) == 10
    assert read_one('year = "2021", month = feb, day = "32"').day is None


def test_an_unknown_entry_type_is_other_with_a_warning() -> None:
    work = read_one("year = 2020", entry_type="webpage")

    assert (work.type, work.source_type) == ("other", "webpage")
    assert work.warnings == ["type: unknown entry type @webpage read as other"]


@pytest.mark.parametrize(
    ("entry_type", "work_type"),
    [
        ("Article", "journal-article"),
        ("INPROCEEDINGS", "conference-paper"),
        ("phdthesis", "dissertation-thesis"),
        ("techreport", "report"),
        ("misc", "other"),
    ],
)
def test_entry_types_in_any_case(entry_type: str, work_type: str) -> None:
    assert read_one("year = 2020", entry_type=entry_type).type == work_type


@pytest.mark.parametrize(
    ("entry_type", "fields", "venue"),
    [
        ("article", "journal = {J. Phys.}, publisher = {IOP}", "J. Phys."),
        ("inproceedings", "booktitle = {Proc. {ICML}}, publisher = {PMLR}", "Proc. ICML"),
        ("incollection", "booktitle = {Handbook}, publisher = {Springer}", "Handbook"),
        ("book", "publisher = {MIT Press}, booktitle = {Series title}", "MIT Press"),
        (
            "phdthesis",
            "school = {Delft University of Technology}",
            "Delft University of Technology",
        ),
        ("techreport", "institution = {CWI}", "CWI"),
        ("article", "", None),
    ],
)
def test_venue_by_entry_type(entry_type: str, fields: str, venue: str | None) -> None:
    assert read_one(fields, entry_type=entry_type).venue == venue


def test_a_books_own_isbn_is_self() -> None:
    work = read_one("isbn = {978-0-262-03561-3; 0262035618}", entry_type="book")

    assert [(i.normalised, i.relationship) for i in work.identifiers] == [("9780262035613", "self")]


@pytest.mark.parametrize(
    "doi",
    [
        "10.1038/NATURE14539",
        "https://doi.org/10.1038/nature14539",
        "http://dx.doi.org/10.1038/nature14539",
        "doi:10.1038/nature14539",
    ],
)
def test_a_doi_in_any_form_is_bare_and_lower_case(doi: str) -> None:
    work = read_one(f"doi = {{{doi}}}")

    assert work.identifiers == [Identifier("doi", doi, "10.1038/nature14539")]


def test_a_doi_found_only_in_the_url() -> None:
    work = read_one("url = {https://doi.org/10.1103/PhysRevLett.116.061102}")

    assert work.identifier_values("doi") == ["10.1103/physrevlett.116.061102"]


def test_escaped_underscores_in_a_doi_are_unescaped() -> None:
    work = read_one(r"doi = {10.1007/978-3-319-65283-2\_5}")

    assert work.identifier_values("doi") == ["10.1007/978-3-319-65283-2_5"]


def test_an_invalid_identifier_is_kept_raw_with_a_warning() -> None:
    work = read_one("doi = {not a doi}, issn = {1234-5678}")

    assert work.identifiers == [
        Identifier("doi", "not a doi", None),
        Identifier("issn", "1234-5678", None, "part-of"),
    ]
    assert work.warnings == [
        "doi: 'not a doi' is not a valid doi",
        "issn: '1234-5678' is not a valid issn",
    ]


@pytest.mark.parametrize(
    "fields",
    [
        "eprint = {2101.01234v2}, archivePrefix = {arXiv}, primaryClass = {cs.LG}",
        "eprint = {2101.01234}, eprinttype = {arxiv}",
        "url = {https://arxiv.org/abs/2101.01234v1}",
    ],
)
def test_arxiv_ids(fields: str) -> None:
    assert read_one(fields).identifier_values("arxiv") == ["2101.01234"]


def test_an_eprint_of_another_archive_is_not_an_arxiv_id() -> None:
    assert read_one("eprint = {123456}, eprinttype = {jstor}").identifiers == []


def test_pmid_and_pmcid() -> None:
    work = read_one("pmid = {34265844}, pmcid = {PMC8371605}")

    assert (work.identifier_values("pmid"), work.identifier_values("pmc")) == (
        ["34265844"],
        ["PMC8371605"],
    )


def test_note_keywords_and_abstract_are_ignored() -> None:
    work = read_one("note = {doi:10.9999/ignored}, keywords = {a, b}, abstract = {Text.}")

    assert (work.identifiers, work.warnings) == ([], [])


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ('"English"', "en"),
        ('"English (US)"', "en"),
        ('"Dutch"', "nl"),
        ("{eng}", "en"),
        ("{en-GB}", "en"),
        ("{de}", "de"),
        ('"Undefined/Unknown"', None),
    ],
)
def test_languages_become_iso_639_1_codes(language: str, code: str | None) -> None:
    work = read_one(f"language = {language}")

    assert (work.language, work.warnings) == (code, [])


def test_a_language_without_a_known_code_is_kept_with_a_warning() -> None:
    work = read_one("language = {Lëtzebuergesch}")

    assert work.language == "Lëtzebuergesch"
    assert work.warnings == [
        "language: 'Lëtzebuergesch' has no known ISO 639-1 code; kept as written"
    ]
