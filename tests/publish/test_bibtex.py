"""The per-researcher BibTeX files are read back by a second, independent BibTeX parser (pybtex,
strict like BibTeX itself; LaTeX decoded with pylatexenc) with every title, DOI and author as
staged, and by the project's own reader, which must be able to take them in too."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest
from pybtex.database import BibliographyData, Person, parse_file, parse_string
from pylatexenc.latex2text import LatexNodes2Text
from sqlalchemy import text

from pipeline.publish.report.bibtex import bibtex_file, entry_type
from pipeline.publish.report.data import BibWork
from pipeline.publish.report.titles import title_text
from pipeline.sources.bibtex import parse_bibtex, parse_bibtex_file
from pipeline.sources.model import Work
from tests.publish import (
    AUTHORS,
    BIBTEX_TITLES,
    BODY,
    FORMULA_TITLE,
    SCRIPT_TITLE,
    SICI_DOI,
    SUBTITLE,
    Report,
)

DECODER = LatexNodes2Text()
THESIS = "/dk/atira/pure/researchoutput/researchoutputtypes/thesis"

AWKWARD_TITLES = (
    *BIBTEX_TITLES,
    SCRIPT_TITLE,
    FORMULA_TITLE,
    "Über {Größen} in 50 % _ & # $ ~ ^ of the {{nested} braces}",
    "Ends with a backslash \\",
    "Brace } first, then {",
    "@misc{injected, title={x}} and % a comment",
)
DECODED_TITLES = {
    "L{\\'e}vy flights, in LaTeX by the source": "Lévy flights, in LaTeX by the source",
    "Dispersal of <i>marine</i> larvae": "Dispersal of marine larvae",
    "Caf&amp;eacute; in H<sub>2</sub>O": "Café in H2O",
}
"""Titles a source wrote with markup: the file holds the text a reader should see, since ORCID
shows a title as it is given."""
AWKWARD_PEOPLE = [
    (None, "Ana María", "de la Cruz", "author"),
    (None, "José", "Müller-Lüdenscheidt", "author"),
    (None, "Mary & Jane", "Smith, Jr", "author"),
    ("World Health Organization", None, None, "author"),
    (BODY, None, None, "author"),
    (None, "Ed", "Itor", "editor"),
]


def _plain(latex: str) -> str:
    return " ".join(DECODER.latex_to_text(latex).split())


def _same(value: str) -> str:
    return " ".join(value.split())


def _person(person: Person) -> tuple[str, str]:
    given = " ".join([*person.first_names, *person.middle_names])
    family = " ".join([*person.prelast_names, *person.last_names, *person.lineage_names])
    return _plain(given), _plain(family)


def _expected_person(display: str | None, given: str | None, family: str | None) -> tuple:
    if family and given:
        return given, family
    return "", family or display or given or ""


@pytest.mark.parametrize("title", [*AWKWARD_TITLES, *DECODED_TITLES])
def test_any_title_and_names_survive_both_parsers(title: str) -> None:
    work = BibWork(
        pure_uuid="0b3c1f7e-1111-4222-8333-944455556666",
        title=title,
        work_type="journal-article",
        pub_year=2021,
        pub_month=3,
        venue="Journal of {Odd} & Special_Characters",
        identifiers=[("doi", SICI_DOI), ("issn", "1234-5679"), ("pmid", "12345")],
        contributors=AWKWARD_PEOPLE,
    )
    written = bibtex_file([work], "Works of someone@example.org")
    parsed: BibliographyData = parse_string(written, "bibtex")
    [(key, entry)] = parsed.entries.items()
    assert key == "0b3c1f7e111142228333944455556666"
    assert entry.type == "article"
    expected = DECODED_TITLES.get(title, _same(title))
    assert _plain(entry.fields["title"]) == expected
    assert entry.fields["doi"] == SICI_DOI
    assert _plain(entry.fields["journal"]) == "Journal of {Odd} & Special_Characters"
    authors = [_person(p) for p in entry.persons["author"]]
    assert authors == [_expected_person(d, g, f) for d, g, f, r in AWKWARD_PEOPLE if r == "author"]
    assert [_person(p) for p in entry.persons["editor"]] == [("Ed", "Itor")]

    [read] = parse_bibtex(written, file_name="researcher.bib")
    assert isinstance(read, Work), read
    assert read.title == expected
    assert read.identifier_values("doi") == [SICI_DOI]
    assert read.identifier_values("source-work-id") == [work.pure_uuid]
    assert read.year == 2021
    assert read.month == 3
    assert read.type == "journal-article"
    names = [(c.given_names or "", c.family_name) for c in read.contributors if c.role == "author"]
    assert names == [_expected_person(d, g, f) for d, g, f, r in AWKWARD_PEOPLE if r == "author"]


@pytest.mark.parametrize(
    ("work_type", "source_type", "expected", "read_as"),
    [
        ("journal-article", None, "article", "journal-article"),
        ("conference-paper", None, "inproceedings", "conference-paper"),
        ("book", None, "book", "book"),
        ("book-chapter", None, "incollection", "book-chapter"),
        ("dissertation-thesis", f"{THESIS}/doc", "phdthesis", "dissertation-thesis"),
        ("dissertation-thesis", f"{THESIS}/master", "mastersthesis", "dissertation-thesis"),
        ("report", None, "techreport", "report"),
        ("working-paper", None, "unpublished", "working-paper"),
        ("conference-proceedings", None, "proceedings", "conference-proceedings"),
        ("software", None, "misc", "other"),
        (None, None, "misc", "other"),
    ],
)
def test_work_types_become_entry_types_that_read_back_as_the_same_type(
    work_type: str | None, source_type: str | None, expected: str, read_as: str
) -> None:
    work = BibWork(
        pure_uuid="u1",
        title="T",
        work_type=work_type,
        source_type=source_type,
        venue="Venue",
        pub_year=2020,
    )
    assert entry_type(work) == expected
    [read] = parse_bibtex(bibtex_file([work], "x"), file_name="x.bib")
    assert isinstance(read, Work)
    assert read.type == read_as
    assert read.venue == "Venue"


def _staged(report: Report) -> dict[str, dict]:
    """Title, subtitle, own DOI and contributors of every staged Pure output, by UUID."""
    works: dict[str, dict] = {}
    with report.engine.connect() as connection:
        for row in connection.execute(
            text(
                "SELECT source_record_id, title, subtitle FROM staging.works WHERE source = 'pure'"
            )
        ):
            works[row.source_record_id] = {
                "title": row.title,
                "subtitle": row.subtitle,
                "doi": None,
                "people": [],
            }
        for row in connection.execute(
            text(
                "SELECT source_record_id, normalised_value FROM staging.work_identifiers "
                "WHERE source = 'pure' AND id_type = 'doi' AND relationship = 'self' "
                "ORDER BY source_record_id, ordinal"
            )
        ):
            works[row.source_record_id]["doi"] = works[row.source_record_id]["doi"] or (
                row.normalised_value
            )
        for row in connection.execute(
            text(
                "SELECT source_record_id, display_name, given_names, family_name, role "
                "FROM staging.work_contributors WHERE source = 'pure' "
                "ORDER BY source_record_id, ordinal"
            )
        ):
            works[row.source_record_id]["people"].append(
                (row.display_name, row.given_names, row.family_name, row.role)
            )
    return works


def _expected_title(title: str, subtitle: str | None) -> str:
    """As staged, with the markup a source put in it decoded (tests/publish/test_titles.py
    holds the decoding to examples)."""
    title = title_text(title)
    subtitle = title_text(subtitle)
    if not subtitle:
        return _same(title)
    joiner = " " if title.rstrip().endswith((":", "?", "!", ".")) else ": "
    return _same(title.strip() + joiner + subtitle.strip())


def _bib_files(report: Report) -> dict[str, Path]:
    """Researcher folder → their BibTeX file."""
    folder = report.directory / "researchers"
    return {path.parent.name: path for path in folder.glob("*/missing-from-orcid.bib")}


def _must_import(report: Report) -> dict[str, Counter]:
    """Person → Pure outputs they must bring to ORCID themselves, from the published view."""
    found: dict[str, Counter] = defaultdict(Counter)
    with report.engine.connect() as connection:
        for row in connection.execute(
            text(
                "SELECT person_uuid, pure_uuid FROM reporting.works_missing_from_orcid "
                "WHERE NOT connected"
            )
        ):
            found[row.person_uuid][row.pure_uuid] += 1
    return found


def test_each_researcher_who_must_import_has_a_file_with_exactly_their_works(
    report: Report,
) -> None:
    files = _bib_files(report)
    expected = _must_import(report)
    assert len(files) == len(expected) == report.summary.bibtex_files
    by_uuid8 = {folder.rsplit("-", 1)[-1]: path for folder, path in files.items()}
    for person, works in expected.items():
        path = by_uuid8[person.replace("-", "")[:8]]
        keys = set(parse_file(str(path), "bibtex").entries.keys())
        assert keys == {uuid.replace("-", "") for uuid in works}, person


def test_every_title_doi_and_author_is_as_staged(report: Report) -> None:
    staged = _staged(report)
    uuids = {uuid.replace("-", ""): uuid for uuid in staged}
    entries = 0
    for path in _bib_files(report).values():
        for key, entry in parse_file(str(path), "bibtex").entries.items():
            work = staged[uuids[key]]
            entries += 1
            assert _plain(entry.fields["title"]) == _expected_title(
                work["title"], work["subtitle"]
            ), key
            assert entry.fields.get("doi") == work["doi"], key
            people = [(d, g, f) for d, g, f, role in work["people"] if role != "editor"]
            shown = [_person(p) for p in entry.persons.get("author", [])]
            assert shown == [_expected_person(*p) for p in people], key
    assert entries == report.summary.bibtex_entries > 0


def test_the_planted_titles_doi_and_names_are_in_the_files(report: Report) -> None:
    planted = report.planted
    staged = _staged(report)
    entries = {
        key: entry
        for path in _bib_files(report).values()
        for key, entry in parse_file(str(path), "bibtex").entries.items()
    }

    def entry_of(uuid: str):
        return entries[uuid.replace("-", "")]

    titles = {planted.script_unconnected: SCRIPT_TITLE, planted.formula: FORMULA_TITLE}
    for uuid, title in (titles | planted.bibtex).items():
        assert _plain(entry_of(uuid).fields["title"]) == _expected_title(
            title, staged[uuid]["subtitle"]
        )
    with_subtitle = [u for u in planted.bibtex if staged[u]["subtitle"] == SUBTITLE]
    assert with_subtitle
    assert entry_of(with_subtitle[0]).fields["doi"] == SICI_DOI
    names = [_person(p) for p in entry_of(planted.awkward_authors).persons["author"]]
    assert names[: len(AUTHORS)] == list(AUTHORS)


def test_the_projects_own_reader_takes_every_file(report: Report) -> None:
    staged = _staged(report)
    read = 0
    for path in _bib_files(report).values():
        for work in parse_bibtex_file(path):
            assert isinstance(work, Work), work
            assert work.warnings == [], (path, work.warnings)
            [uuid] = work.identifier_values("source-work-id")
            expected = staged[uuid]
            assert work.title == _expected_title(expected["title"], expected["subtitle"])
            assert work.identifier_values("doi")[:1] == (
                [expected["doi"]] if expected["doi"] else []
            )
            read += 1
    assert read == report.summary.bibtex_entries
