"""Whole records: the researcher's names, and the records the pipeline must stop syncing
(deactivated) or follow to another iD (deprecated)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.sources.model import RecordError
from pipeline.sources.orcid import (
    DEACTIVATED,
    deprecated_primary,
    is_deactivated,
    parse_error,
    parse_person,
)

SAVED = "orcid/orcid-independent-tests/saved_records"
SAMPLES = "orcid/orcid-model/read_samples"


def test_a_deactivated_record_served_with_200_is_recognised(fixtures_dir: Path) -> None:
    record = (fixtures_dir / SAVED / "deactivated_record30.xml").read_bytes()
    assert is_deactivated(record)
    assert DEACTIVATED in parse_person(record).warnings


@pytest.mark.parametrize(
    "name",
    [
        f"{SAVED}/public_record30.xml",
        f"{SAVED}/limited_record30.xml",
        f"{SAVED}/empty_limited_record30.xml",
        f"{SAMPLES}/record-full-3.0.json",
    ],
)
def test_a_live_record_is_not_deactivated(fixtures_dir: Path, name: str) -> None:
    record = (fixtures_dir / name).read_bytes()
    assert not is_deactivated(record)
    assert DEACTIVATED not in parse_person(record).warnings


def test_a_json_record_with_a_deactivation_date_is_deactivated(fixtures_dir: Path) -> None:
    record = json.loads((fixtures_dir / SAMPLES / "record-full-3.0.json").read_bytes())
    record["history"]["deactivation-date"] = {"value": 1559917017189}
    assert is_deactivated(record)
    assert parse_person(record).warnings == [DEACTIVATED]


def test_a_deactivated_record_refused_with_9044_is_recognised() -> None:
    body = {
        "response-code": 409,
        "developer-message": "409 Conflict: The ORCID record is deactivated and cannot be edited.",
        "user-message": "The ORCID record is deactivated.",
        "error-code": 9044,
        "more-info": "https://members.orcid.org/api/resources/troubleshooting",
    }
    assert is_deactivated(body)
    assert is_deactivated(json.dumps(body))


def test_a_deprecated_record_points_to_its_primary_id() -> None:
    body = {
        "response-code": 301,
        "developer-message": "301 Moved Permanently: This account is deprecated. Please refer to "
        "account: https://orcid.org/0000-0002-1694-233X. ORCID https://orcid.org/0000-0002-1825-0097",
        "user-message": "This account is deprecated.",
        "error-code": 9007,
        "more-info": "https://members.orcid.org/api/resources/troubleshooting",
    }
    assert deprecated_primary(body) == "0000-0002-1694-233X"
    assert not is_deactivated(body)


def test_other_errors_and_live_records_point_nowhere(fixtures_dir: Path) -> None:
    assert deprecated_primary((fixtures_dir / SAMPLES / "error-3.0.xml").read_bytes()) is None
    assert deprecated_primary((fixtures_dir / SAVED / "public_record30.xml").read_bytes()) is None


def test_a_person_needs_an_id_from_the_caller_when_the_document_has_none(
    fixtures_dir: Path,
) -> None:
    person = (fixtures_dir / SAMPLES / "person-3.0.xml").read_bytes()
    with pytest.raises(RecordError, match="names no ORCID iD"):
        parse_person(person)


def test_a_work_is_not_a_person(fixtures_dir: Path) -> None:
    work = (fixtures_dir / SAMPLES / "work-3.0.xml").read_bytes()
    with pytest.raises(RecordError, match="not a record or person"):
        parse_person(work)


def test_a_body_that_is_not_an_error_says_so() -> None:
    error = parse_error({"group": []}, record_id="0000-0002-1825-0097", field="works")
    assert (error.field, error.message) == ("works", "not an ORCID error body")
