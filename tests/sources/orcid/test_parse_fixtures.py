"""Every ORCID fixture in shared/fixtures/orcid parses, record by record, to the values read by eye
in the file: title, DOIs (bare, lower case), every identifier, year and contributors.

The expected values are written out literally on purpose: they are the acceptance criterion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.sources.model import (
    Contributor,
    Identifier,
    Parsed,
    Person,
    RecordError,
    Relationship,
)
from pipeline.sources.orcid import (
    parse_bulk,
    parse_error,
    parse_person,
    parse_work,
    parse_works_summary,
)

PLACEHOLDER = "8888-8888-8888-8880"
"""The iD in ORCID's schema samples; the read samples without a path are read as its works."""


@dataclass(frozen=True)
class W:
    """One expected work."""

    record_id: str
    title: str
    dois: list[str]
    identifiers: list[Identifier]
    year: int | None
    contributors: list[Contributor]


@dataclass(frozen=True)
class E:
    """One expected per-item error."""

    record_id: str
    field: str
    message_start: str


def _doi(value: str, relationship: Relationship = "self") -> Identifier:
    """A DOI that is valid and already in its comparable form."""
    return Identifier("doi", value, value, relationship)


def _bad_doi(value: str, relationship: Relationship = "self") -> Identifier:
    """A placeholder DOI (`work:doi`, `123`): kept raw, with no comparable form."""
    return Identifier("doi", value, None, relationship)


def _author(order: int, name: str, orcid: str) -> Contributor:
    return Contributor(order=order, name=name, orcid=orcid, role="author")


LEFT_MAIN = "Current treatment of left main coronary artery disease"

WORK_FIXTURES: dict[str, tuple[Callable[..., object], str | None, list[W | E]]] = {
    "orcid-independent-tests/post_files/ma30_bulkworks.xml": (
        parse_bulk,
        None,
        [
            W(
                "?/work/?",
                "Bulk Work 3.0 #1",
                ["10.3000/j.bulk.2018.06.001"],
                [_doi("10.3000/j.bulk.2018.06.001")],
                2018,
                [],
            ),
            W(
                "?/work/?",
                "Bulk Work 3.0 #2",
                ["10.3000/j.bulk.2018.06.002"],
                [_doi("10.3000/j.bulk.2018.06.002")],
                2018,
                [],
            ),
        ],
    ),
    "orcid-independent-tests/post_files/ma30_work.xml": (
        parse_work,
        None,
        [
            W(
                "?/work/?",
                "3.0 Work",
                ["10.1087/20120404"],
                [_doi("10.1087/20120404", "version-of"), _bad_doi("work:doi")],
                2012,
                [_author(1, "Laure L. Haak", "0000-0001-5109-3700")],
            )
        ],
    ),
    "orcid-independent-tests/saved_records/deactivated_record30.xml": (
        parse_works_summary,
        None,
        [],
    ),
    "orcid-independent-tests/saved_records/empty_limited_record30.xml": (
        parse_works_summary,
        None,
        [],
    ),
    "orcid-independent-tests/saved_records/limited_record30.xml": (
        parse_works_summary,
        None,
        [
            W(
                "0000-0001-7325-5491/work/179580",
                "Work Title",
                ["10.1087/20120404"],
                [_doi("10.1087/20120404")],
                2012,
                [],
            ),
            W(
                "0000-0001-7325-5491/work/179625",
                "Work Title For User OBO Testing",
                ["10.1087/20120403"],
                [_doi("10.1087/20120403", "version-of"), _bad_doi("work:doi")],
                2012,
                [],
            ),
            W("0000-0001-7325-5491/work/141942", "Title", [], [_bad_doi("123")], None, []),
        ],
    ),
    "orcid-independent-tests/saved_records/limited_record_work30.json": (
        parse_work,
        None,
        [W("0000-0001-7325-5491/work/141942", "Title", [], [_bad_doi("123")], None, [])],
    ),
    "orcid-independent-tests/saved_records/public_record30.xml": (
        parse_works_summary,
        None,
        [W("0000-0002-3874-7658/work/141941", "Title", [], [_bad_doi("123")], 2015, [])],
    ),
    "orcid-model/read_samples/activities-3.0.xml": (
        parse_works_summary,
        None,
        [
            W(
                f"{PLACEHOLDER}/work/0",
                "common:title",
                [],
                [Identifier("agr", "external-id-value", "external-id-value", "self")],
                1948,
                [],
            )
        ],
    ),
    "orcid-model/read_samples/bulk-work-err.xml": (
        parse_bulk,
        PLACEHOLDER,
        [
            W(
                f"{PLACEHOLDER}/work/156043",
                f"{LEFT_MAIN} # 1",
                ["10.1016/j.crvasa.2015.05.007"],
                [_doi("10.1016/j.crvasa.2015.05.007")],
                2015,
                [],
            ),
            E(f"{PLACEHOLDER}/work/?", "bulk", "ORCID error 9037: Invalid work type"),
        ],
    ),
    "orcid-model/read_samples/record-3.0.xml": (
        parse_works_summary,
        None,
        [
            W(
                f"{PLACEHOLDER}/work/0",
                "common:title",
                [],
                [Identifier("agr", "external-id-value", "external-id-value", "self")],
                1948,
                [],
            )
        ],
    ),
    "orcid-model/read_samples/record-full-3.0.json": (
        parse_works_summary,
        None,
        [
            W(
                "0000-0002-7319-2192/work/178602",
                "Work Title",
                ["10.1087/20120404"],
                [_doi("10.1087/20120404", "version-of"), _bad_doi("work:doi")],
                2012,
                [],
            )
        ],
    ),
    "orcid-model/read_samples/work-3.0.xml": (
        parse_work,
        PLACEHOLDER,
        [
            W(
                f"{PLACEHOLDER}/work/123",
                "common:title",
                [],
                [
                    Identifier(
                        "agr",
                        "work:external-identifier-id",
                        "work:external-identifier-id",
                        "version-of",
                    ),
                    _bad_doi("work:doi"),
                ],
                1948,
                [_author(1, "work:credit-name", PLACEHOLDER)],
            )
        ],
    ),
    "orcid-model/read_samples/work-full-3.0.xml": (
        parse_work,
        PLACEHOLDER,
        [
            W(
                f"{PLACEHOLDER}/work/123",
                "common:title",
                [],
                [
                    Identifier(
                        "agr",
                        "work:external-identifier-id",
                        "work:external-identifier-id",
                        "version-of",
                    ),
                    _bad_doi("work:doi"),
                ],
                1948,
                [_author(1, "work:credit-name", PLACEHOLDER)],
            )
        ],
    ),
    "orcid-model/read_samples/works-3.0.xml": (
        parse_works_summary,
        None,
        [
            W(
                f"{PLACEHOLDER}/work/3356",
                "Work # 0",
                [],
                [_bad_doi("123456", "part-of")],
                2017,
                [],
            ),
            W(
                f"{PLACEHOLDER}/work/3357",
                "Work # 1",
                [],
                [Identifier("arxiv", "123456", None, "self")],
                2017,
                [],
            ),
            W(
                f"{PLACEHOLDER}/work/3358",
                "Work # 2",
                [],
                [Identifier("bibcode", "4567", "4567", "self")],
                2017,
                [],
            ),
        ],
    ),
    "orcid-model/write_samples/bulk-work-3.0.json": (
        parse_bulk,
        None,
        [
            W("?/work/?", "Work # 1", [], [_bad_doi("ext-id-1")], None, []),
            W(
                "?/work/?",
                "Work # 2",
                [],
                [Identifier("isbn", "ext-id-2", None, "part-of")],
                None,
                [],
            ),
        ],
    ),
    "orcid-model/write_samples/bulk-work-3.0.xml": (
        parse_bulk,
        None,
        [
            W(
                "?/work/?",
                f"{LEFT_MAIN} # 1",
                ["10.1016/j.crvasa.2015.05.007"],
                [_doi("10.1016/j.crvasa.2015.05.007")],
                2015,
                [],
            ),
            W(
                "?/work/?",
                f"{LEFT_MAIN} # 2",
                ["10.1016/j.crvasa.2015.05.008"],
                [_doi("10.1016/j.crvasa.2015.05.008")],
                2015,
                [],
            ),
        ],
    ),
    "orcid-model/write_samples/bulk-works-3-works-3.0.json": (
        parse_bulk,
        None,
        [
            W(
                "?/work/?",
                "Work Title 1",
                ["10.1026/j.crvasa.2015.05.007"],
                [_doi("10.1026/j.crvasa.2015.05.007")],
                2015,
                [],
            ),
            W(
                "?/work/?",
                "Work Title 2",
                ["10.1012/j.crvasa.2015.05.008"],
                [_doi("10.1012/j.crvasa.2015.05.008")],
                2015,
                [_author(1, "Jordan", "0000-0002-5391-5437")],
            ),
            W(
                "?/work/?",
                "Work Title 3",
                ["10.1032/j.crvasa.2015.05.008"],
                [_doi("10.1032/j.crvasa.2015.05.008")],
                2015,
                [],
            ),
        ],
    ),
    "orcid-model/write_samples/work-full-3.0.json": (
        parse_work,
        None,
        [
            W(
                "?/work/?",
                "Work Title",
                ["10.1187/20120402"],
                [_doi("10.1187/20120402", "part-of"), _bad_doi("work:doi")],
                2022,
                [
                    _author(1, "Jordan", "0000-0002-5391-5437"),
                    _author(2, "Fran", "0000-0002-4325-871X"),
                ],
            )
        ],
    ),
    "orcid-model/write_samples/work-full-3.0.xml": (
        parse_work,
        None,
        [
            W(
                "?/work/?",
                "Work Title",
                ["10.1087/20120404"],
                [_doi("10.1087/20120404", "version-of"), _bad_doi("work:doi")],
                2012,
                [_author(1, "Laure L. Haak", "0000-0001-5109-3700")],
            )
        ],
    ),
    "orcid-model/write_samples/work-simple-3.0.xml": (
        parse_work,
        None,
        [W("?/work/?", "Work Title", ["10.1087/20120404"], [_doi("10.1087/20120404")], None, [])],
    ),
}

PERSON_FIXTURES: dict[str, tuple[str | None, Person]] = {
    "orcid-independent-tests/saved_records/deactivated_record30.xml": (
        None,
        Person(
            "orcid",
            "0000-0002-7564-3444",
            "Given Names Deactivated",
            "Family Name Deactivated",
            "0000-0002-7564-3444",
            warnings=["deactivated"],
        ),
    ),
    "orcid-independent-tests/saved_records/empty_limited_record30.xml": (
        None,
        Person("orcid", "0000-0001-7325-5491", None, None, "0000-0001-7325-5491"),
    ),
    "orcid-independent-tests/saved_records/limited_record30.xml": (
        None,
        Person(
            "orcid", "0000-0001-7325-5491", "Limited Everything", "MA test", "0000-0001-7325-5491"
        ),
    ),
    "orcid-independent-tests/saved_records/public_record30.xml": (
        None,
        Person(
            "orcid",
            "0000-0002-3874-7658",
            "USER FOR AUTOMATED TESTS - DO NOT MODIFY - Everything Public",
            "MA test",
            "0000-0002-3874-7658",
        ),
    ),
    "orcid-model/read_samples/person-3.0.xml": (
        PLACEHOLDER,
        Person("orcid", PLACEHOLDER, "give-names", "family-name", PLACEHOLDER),
    ),
    # The schema sample fills every element, the deactivation date included.
    "orcid-model/read_samples/record-3.0.xml": (
        None,
        Person(
            "orcid", PLACEHOLDER, "give-names", "family-name", PLACEHOLDER, warnings=["deactivated"]
        ),
    ),
    "orcid-model/read_samples/record-full-3.0.json": (
        None,
        Person("orcid", "0000-0002-7319-2192", "Three", "releasecandidate1", "0000-0002-7319-2192"),
    ),
    "orcid-model/summary_3.0/summary-3.0.xml": (
        None,
        Person("orcid", PLACEHOLDER, None, None, PLACEHOLDER),
    ),
}

ERROR_FIXTURES = {
    "orcid-model/read_samples/error-3.0.xml": "ORCID error 0: error:developer-message"
}


@pytest.fixture(scope="module")
def orcid_fixtures(fixtures_dir: Path) -> Path:
    return fixtures_dir / "orcid"


def _as_list(parsed: object) -> list[Parsed]:
    return parsed if isinstance(parsed, list) else [parsed]


def _observed(item: Parsed, expected: W | E) -> W | E:
    """The item in the shape of its expectation; an error's message only as far as expected."""
    if isinstance(item, RecordError):
        size = len(expected.message_start) if isinstance(expected, E) else None
        return E(item.record_id, item.field, item.message[:size])
    return W(
        item.source_record_id,
        item.title or "",
        item.identifier_values("doi"),
        item.identifiers,
        item.year,
        item.contributors,
    )


def test_every_orcid_fixture_file_is_asserted(orcid_fixtures: Path) -> None:
    """A fixture added to shared/ fails here until its records are written out below."""
    on_disk = {
        str(path.relative_to(orcid_fixtures))
        for path in orcid_fixtures.rglob("*")
        if path.suffix in {".xml", ".json"}
    }
    assert on_disk == set(WORK_FIXTURES) | set(PERSON_FIXTURES) | set(ERROR_FIXTURES)


@pytest.mark.parametrize("name", sorted(WORK_FIXTURES))
def test_each_record_has_its_title_dois_identifiers_year_and_contributors(
    orcid_fixtures: Path, name: str
) -> None:
    parse, orcid, expected = WORK_FIXTURES[name]
    parsed = _as_list(parse((orcid_fixtures / name).read_bytes(), orcid=orcid))
    assert len(parsed) == len(expected)
    assert [_observed(item, want) for item, want in zip(parsed, expected, strict=True)] == expected


@pytest.mark.parametrize("name", sorted(PERSON_FIXTURES))
def test_each_record_names_its_person(orcid_fixtures: Path, name: str) -> None:
    orcid, expected = PERSON_FIXTURES[name]
    assert parse_person((orcid_fixtures / name).read_bytes(), orcid=orcid) == expected


@pytest.mark.parametrize("name", sorted(ERROR_FIXTURES))
def test_an_error_body_reads_as_its_code_and_developer_message(
    orcid_fixtures: Path, name: str
) -> None:
    error = parse_error((orcid_fixtures / name).read_bytes(), record_id="0000-0002-1825-0097")
    assert (error.record_id, error.field, error.message) == (
        "0000-0002-1825-0097",
        "response",
        ERROR_FIXTURES[name],
    )
