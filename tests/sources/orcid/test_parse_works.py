"""What a reader of the staged works sees of one ORCID work: who wrote it into ORCID, who may see
it, its identifiers in comparable form, and a warning for whatever had to be guessed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.sources.model import Identifier, RecordError, Work
from pipeline.sources.orcid import parse_work, parse_works_summary

OWNER = "0000-0002-1825-0097"
SAVED = "orcid/orcid-independent-tests/saved_records"


def _work(**fields: Any) -> dict[str, Any]:
    """A work summary as ORCID's JSON writes it, with the fields a test changes."""
    work: dict[str, Any] = {
        "put-code": 42,
        "path": f"/{OWNER}/work/42",
        "title": {"title": {"value": "On graphs"}, "subtitle": None, "translated-title": None},
        "type": "journal-article",
        "publication-date": {"year": {"value": "2019"}, "month": None, "day": None},
        "external-ids": {"external-id": []},
        "visibility": "public",
    }
    work.update(fields)
    return work


def _doi_ext(value: str, **extra: Any) -> dict[str, Any]:
    return {
        "external-id-type": "doi",
        "external-id-value": value,
        "external-id-relationship": "self",
        **extra,
    }


def _summary(*works: object) -> dict[str, Any]:
    return {"group": [{"work-summary": list(works)}], "path": f"/{OWNER}/works"}


def test_a_limited_work_says_so(fixtures_dir: Path) -> None:
    work = parse_work((fixtures_dir / SAVED / "limited_record_work30.json").read_bytes())
    assert work.orcid_visibility == "limited"


def test_every_work_of_a_record_read_with_read_limited_keeps_its_visibility(
    fixtures_dir: Path,
) -> None:
    limited = parse_works_summary((fixtures_dir / SAVED / "limited_record30.xml").read_bytes())
    public = parse_works_summary((fixtures_dir / SAVED / "public_record30.xml").read_bytes())
    assert [w.orcid_visibility for w in limited if isinstance(w, Work)] == ["limited"] * 3
    assert [w.orcid_visibility for w in public if isinstance(w, Work)] == ["public"]


def test_a_work_written_by_a_member_client_names_the_client(fixtures_dir: Path) -> None:
    works = parse_works_summary((fixtures_dir / SAVED / "limited_record30.xml").read_bytes())
    sources = [(w.orcid_source_client, w.orcid_source_name) for w in works if isinstance(w, Work)]
    assert sources == [
        ("0000-0003-4223-0632", "Crossref"),
        ("APP-52PDPI669AHFVT3V", "Gnome Aggregator"),
        (None, None),  # written by the researcher (source-orcid)
    ]


def test_a_work_the_researcher_wrote_has_no_client_but_keeps_the_source_name(
    fixtures_dir: Path,
) -> None:
    works = parse_works_summary(
        (fixtures_dir / "orcid/orcid-model/read_samples/works-3.0.xml").read_bytes()
    )
    assert {(w.orcid_source_client, w.orcid_source_name) for w in works if isinstance(w, Work)} == {
        (None, "User One Credit name")
    }


def test_the_owner_and_put_code_come_from_the_path_unless_given() -> None:
    work = parse_work(_work())
    assert (work.owner_id, work.orcid_put_code, work.source_record_id) == (
        OWNER,
        42,
        f"{OWNER}/work/42",
    )


def test_a_work_under_another_ids_path_is_kept_but_reported() -> None:
    other = "0000-0002-1694-233X"
    work = parse_work(_work(), orcid=other)
    assert work.source_record_id == f"{other}/work/42"
    assert work.warnings == [f"path: '/{OWNER}/work/42' belongs to {OWNER}, not {other}"]


def test_a_doi_is_compared_bare_and_in_lower_case_but_kept_as_written() -> None:
    written = "https://doi.org/10.1103/PhysRevLett.117.232002"
    work = parse_work(_work(**{"external-ids": {"external-id": [_doi_ext(written)]}}))
    assert work.identifiers == [
        Identifier("doi", written, "10.1103/physrevlett.117.232002", "self")
    ]
    assert work.identifier_values("doi") == ["10.1103/physrevlett.117.232002"]
    assert work.warnings == []


def test_identifiers_a_cris_wrote_stay_identifiers() -> None:
    ids = [
        {
            "external-id-type": "source-work-id",
            "external-id-value": " 7a1f0c2e-1b2c-4d5e-8f90-123456789abc ",
            "external-id-relationship": "self",
        },
        {
            "external-id-type": "other-id",
            "external-id-value": "LU-2019-0042",
            "external-id-relationship": "SELF",
        },
        {
            "external-id-type": "issn",
            "external-id-value": "0031-9007",
            "external-id-relationship": "part-of",
        },
    ]
    work = parse_work(_work(**{"external-ids": {"external-id": ids}}))
    assert work.identifiers == [
        Identifier(
            "source-work-id",
            "7a1f0c2e-1b2c-4d5e-8f90-123456789abc",
            "7a1f0c2e-1b2c-4d5e-8f90-123456789abc",
            "self",
        ),
        Identifier("other-id", "LU-2019-0042", "LU-2019-0042", "self"),
        Identifier("issn", "0031-9007", "0031-9007", "part-of"),
    ]


def test_an_invalid_identifier_is_kept_raw_and_reported() -> None:
    work = parse_work(_work(**{"external-ids": {"external-id": [_doi_ext("doi:123")]}}))
    assert work.identifiers == [Identifier("doi", "doi:123", None, "self")]
    assert work.identifier_values("doi") == []
    assert work.warnings == ["external-ids.doi: 'doi:123' is not a valid doi"]


def test_orcids_normalised_form_only_checks_ours() -> None:
    agree = _doi_ext(
        "10.1000/ABC",
        **{"external-id-normalized": {"value": "10.1000/abc", "transient": True}},
    )
    differ = _doi_ext(
        "10.1000/xyz.",
        **{"external-id-normalized": {"value": "10.1000/xyz.", "transient": True}},
    )
    orcid_fails = {
        "external-id-type": "pmid",
        "external-id-value": "123",
        "external-id-relationship": "self",
        "external-id-normalized": None,
        "external-id-normalized-error": {"error-code": "8001", "transient": True},
    }
    work = parse_work(_work(**{"external-ids": {"external-id": [agree, differ, orcid_fails]}}))
    assert [i.normalised for i in work.identifiers] == ["10.1000/abc", "10.1000/xyz", "123"]
    assert work.warnings == [
        "external-ids.doi: ORCID reads '10.1000/xyz.' as '10.1000/xyz.', we '10.1000/xyz'",
        "external-ids.pmid: ORCID cannot normalise '123', we read '123'",
    ]


def test_contributors_keep_their_order_names_ids_and_roles() -> None:
    contributors = {
        "contributor": [
            {
                "contributor-orcid": None,
                "credit-name": {"value": "A. Student"},
                "contributor-attributes": {
                    "contributor-sequence": "first",
                    "contributor-role": "author",
                },
            },
            {
                "contributor-orcid": {"uri": f"https://orcid.org/{OWNER}", "path": None},
                "credit-name": {"value": "Josiah Carberry"},
                "contributor-attributes": {
                    "contributor-sequence": "additional",
                    "contributor-role": "editor",
                },
            },
        ]
    }
    work = parse_work(_work(contributors=contributors))
    assert [(c.order, c.name, c.orcid, c.role) for c in work.contributors] == [
        (1, "A. Student", None, "author"),
        (2, "Josiah Carberry", OWNER, "editor"),
    ]
    assert work.warnings == []


def test_a_contributor_with_a_broken_id_or_no_name_is_kept_and_reported() -> None:
    contributors = {
        "contributor": [
            {"contributor-orcid": {"path": "0000-0002-1825-0098"}, "credit-name": None},
        ]
    }
    work = parse_work(_work(contributors=contributors))
    assert [(c.order, c.name, c.orcid) for c in work.contributors] == [(1, "", None)]
    assert work.warnings == [
        "contributors[1].credit-name: missing",
        "contributors[1].contributor-orcid: '0000-0002-1825-0098' is not an ORCID iD",
    ]


def test_a_year_alone_is_a_normal_date() -> None:
    work = parse_work(_work(**{"publication-date": {"year": "2019"}}))
    assert (work.year, work.month, work.day, work.warnings) == (2019, None, None, [])


@pytest.mark.parametrize(
    ("date", "read", "warnings"),
    [
        ({"year": {"value": "abc"}}, (None, None), ["publication-date.year: 'abc' is not a year"]),
        ({"year": "2019a"}, (2019, None), ["publication-date.year: '2019a' read as 2019"]),
        (
            {"year": 2019, "month": "13"},
            (2019, None),
            ["publication-date.month: '13' is not a month"],
        ),
        ({"year": ["2019"]}, (None, None), ["publication-date.year: ['2019'] is not a year"]),
    ],
)
def test_an_unreadable_date_part_is_dropped_or_repaired_with_a_warning(
    date: dict[str, Any], read: tuple[int | None, int | None], warnings: list[str]
) -> None:
    work = parse_work(_work(**{"publication-date": date}))
    assert ((work.year, work.month), work.warnings) == (read, warnings)


def test_an_unknown_type_becomes_other_and_keeps_the_raw_value() -> None:
    work = parse_work(_work(type="podcast-episode"))
    assert (work.type, work.source_type) == ("other", "podcast-episode")
    assert work.warnings == ["type: 'podcast-episode' is not an ORCID work type, read as 'other'"]


def test_an_older_enum_style_type_is_understood() -> None:
    work = parse_work(_work(type="JOURNAL_ARTICLE"))
    assert (work.type, work.source_type, work.warnings) == (
        "journal-article",
        "JOURNAL_ARTICLE",
        [],
    )


def test_a_title_that_is_not_text_is_repaired_or_dropped_with_a_warning() -> None:
    number = parse_work(_work(title={"title": {"value": 1984}}))
    listed = parse_work(_work(title={"title": {"value": ["On graphs"]}}))
    assert (number.title, number.warnings) == ("1984", ["title: 1984 is not text, read as '1984'"])
    assert (listed.title, listed.warnings) == (
        None,
        ["title: ['On graphs'] is not text", "title: missing"],
    )


def test_the_translated_title_is_ignored_quietly(fixtures_dir: Path) -> None:
    xml = (fixtures_dir / "orcid/orcid-model/read_samples/work-full-3.0.xml").read_bytes()
    work = parse_work(xml, orcid="8888-8888-8888-8880")
    assert (work.title, work.subtitle) == ("common:title", "common:subtitle")
    assert not any("translated" in warning for warning in work.warnings)


def test_a_missing_put_code_is_reported_and_the_work_kept() -> None:
    work = parse_work(_work(**{"put-code": None, "path": None}), orcid=OWNER)
    assert (work.source_record_id, work.orcid_put_code, work.title) == (
        f"{OWNER}/work/?",
        None,
        "On graphs",
    )
    assert work.warnings == ["put-code: missing"]


def test_a_put_code_that_is_not_a_number_is_taken_from_the_path() -> None:
    work = parse_work(_work(**{"put-code": "forty-two"}))
    assert work.source_record_id == f"{OWNER}/work/42"
    assert work.warnings == ["put-code: 'forty-two' is not a number, read from the path as 42"]


def test_a_part_of_the_wrong_shape_is_skipped_and_named() -> None:
    work = parse_work(_work(**{"external-ids": "10.1000/abc", "source": ["Crossref"]}))
    assert (work.identifiers, work.orcid_source_client) == ([], None)
    assert work.warnings == [
        "source: expected an object, got ['Crossref']",
        "external-ids: expected an object, got '10.1000/abc'",
    ]


def test_a_malformed_work_in_a_list_is_one_error_and_the_rest_parse() -> None:
    parsed = parse_works_summary(
        _summary(_work(), "not a work", _work(**{"put-code": 43, "path": f"/{OWNER}/work/43"}))
    )
    assert [type(item) for item in parsed] == [Work, RecordError, Work]
    error = parsed[1]
    assert isinstance(error, RecordError)
    assert (error.record_id, error.field) == (f"{OWNER}/work/?", "group[0].work-summary[1]")
    assert [w.orcid_put_code for w in parsed if isinstance(w, Work)] == [42, 43]


def test_a_malformed_group_is_one_error_and_the_other_groups_parse() -> None:
    document = {"group": [None, {"work-summary": [_work()]}], "path": f"/{OWNER}/works"}
    parsed = parse_works_summary(document)
    assert [type(item) for item in parsed] == [RecordError, Work]
    assert isinstance(parsed[0], RecordError)
    assert parsed[0].field == "group[0]"


def test_an_xml_works_list_keeps_every_readable_work(fixtures_dir: Path) -> None:
    xml = (fixtures_dir / "orcid/orcid-model/read_samples/works-3.0.xml").read_text()
    broken = xml.replace('put-code="3357"\n\t\t\tpath="/8888-8888-8888-8880/work/3357"', "")
    parsed = parse_works_summary(broken)
    assert [w.source_record_id for w in parsed if isinstance(w, Work)] == [
        "8888-8888-8888-8880/work/3356",
        "8888-8888-8888-8880/work/?",
        "8888-8888-8888-8880/work/3358",
    ]
    assert isinstance(parsed[1], Work)
    assert parsed[1].warnings[0] == "put-code: missing"


def test_an_empty_works_section_is_no_works(fixtures_dir: Path) -> None:
    record = (fixtures_dir / SAVED / "empty_limited_record30.xml").read_bytes()
    assert parse_works_summary(record) == []
    assert parse_works_summary({"group": [], "path": f"/{OWNER}/works"}) == []


def test_a_document_that_is_not_a_work_is_refused(fixtures_dir: Path) -> None:
    record = (fixtures_dir / "orcid/orcid-model/read_samples/record-full-3.0.json").read_bytes()
    with pytest.raises(RecordError, match="not a work"):
        parse_work(record)
    with pytest.raises(RecordError, match="expected a work, got <bulk>"):
        parse_work(
            (fixtures_dir / "orcid/orcid-model/write_samples/bulk-work-3.0.xml").read_bytes()
        )


def test_an_error_body_where_a_work_was_expected_raises_orcids_error() -> None:
    body = {
        "response-code": 404,
        "developer-message": "404 Not Found: The resource was not found.",
        "user-message": "The resource was not found.",
        "error-code": 9016,
        "more-info": "https://members.orcid.org/api/resources/troubleshooting",
    }
    with pytest.raises(RecordError) as raised:
        parse_work(body, orcid=OWNER)
    assert (raised.value.record_id, raised.value.message) == (
        OWNER,
        "ORCID error 9016: 404 Not Found: The resource was not found.",
    )
