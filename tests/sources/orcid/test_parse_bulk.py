"""Bulk reads (and bulk write answers) come back item by item: a failed item is a RecordError
that says which put-code and why, and the works beside it are kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.sources.model import RecordError, Work
from pipeline.sources.orcid import parse_bulk

OWNER = "0000-0002-1825-0097"


def _work(put_code: int) -> dict[str, Any]:
    return {
        "put-code": put_code,
        "path": f"/{OWNER}/work/{put_code}",
        "title": {"title": {"value": f"Work {put_code}"}},
        "type": "journal-article",
        "visibility": "public",
    }


def _error(code: int, message: str) -> dict[str, Any]:
    return {
        "response-code": 400 if code == 9034 else 403,
        "developer-message": message,
        "user-message": "…",
        "error-code": code,
        "more-info": "https://members.orcid.org/api/resources/troubleshooting",
    }


UNKNOWN_PUT_CODE = _error(
    9034,
    "400 Bad Request: The put code provided is not valid. "
    "Full validation error: '5000' is not a valid put code",
)
NOT_PUBLIC = _error(
    9039, "403 Forbidden: The item is not public and cannot be accessed with the Public API."
)


def test_the_per_item_error_becomes_a_record_error_and_the_work_is_kept(
    fixtures_dir: Path,
) -> None:
    xml = (fixtures_dir / "orcid/orcid-model/read_samples/bulk-work-err.xml").read_bytes()
    work, error = parse_bulk(xml, orcid=OWNER)
    assert isinstance(work, Work)
    assert work.source_record_id == f"{OWNER}/work/156043"
    assert isinstance(error, RecordError)
    assert (error.record_id, error.field) == (f"{OWNER}/work/?", "bulk")
    assert error.message.startswith("ORCID error 9037: Invalid work type, valid values are: ")


def test_an_error_names_the_put_code_asked_for_in_its_place() -> None:
    document = {"bulk": [{"work": _work(101)}, {"error": NOT_PUBLIC}, {"work": _work(103)}]}
    parsed = parse_bulk(document, orcid=OWNER, put_codes=[101, 102, 103])
    assert [type(item) for item in parsed] == [Work, RecordError, Work]
    error = parsed[1]
    assert isinstance(error, RecordError)
    assert (error.record_id, error.field, error.message) == (
        f"{OWNER}/work/102",
        "bulk",
        "ORCID error 9039: 403 Forbidden: The item is not public and cannot be accessed with "
        "the Public API.",
    )


def test_an_unknown_put_code_is_named_from_orcids_message_when_none_were_given() -> None:
    parsed = parse_bulk({"bulk": [{"work": _work(101)}, {"error": UNKNOWN_PUT_CODE}]}, orcid=OWNER)
    assert isinstance(parsed[1], RecordError)
    assert parsed[1].record_id == f"{OWNER}/work/5000"


def test_put_codes_that_do_not_match_the_answer_name_nothing() -> None:
    parsed = parse_bulk({"bulk": [{"error": NOT_PUBLIC}]}, orcid=OWNER, put_codes=[101, 102])
    assert isinstance(parsed[0], RecordError)
    assert parsed[0].record_id == f"{OWNER}/work/?"


@pytest.mark.parametrize("item", [None, "work", {"neither": {}}, {"work": ["not", "a", "work"]}])
def test_an_item_that_is_neither_work_nor_error_is_one_error(item: object) -> None:
    parsed = parse_bulk({"bulk": [item, {"work": _work(102)}]}, orcid=OWNER, put_codes=[101, 102])
    assert [type(entry) for entry in parsed] == [RecordError, Work]
    assert isinstance(parsed[0], RecordError)
    assert (parsed[0].record_id, parsed[0].field) == (f"{OWNER}/work/101", "bulk[0]")


def test_a_bulk_write_answer_reads_like_a_bulk_read(fixtures_dir: Path) -> None:
    """The POST /works body comes back with a put-code per created work (or an error)."""
    json_body = (fixtures_dir / "orcid/orcid-model/write_samples/bulk-work-3.0.json").read_bytes()
    assert [w.title for w in parse_bulk(json_body) if isinstance(w, Work)] == [
        "Work # 1",
        "Work # 2",
    ]


def test_a_document_without_a_bulk_list_is_refused() -> None:
    with pytest.raises(RecordError) as raised:
        parse_bulk({"group": []}, orcid=OWNER)
    assert (raised.value.record_id, raised.value.field) == (OWNER, "bulk")
