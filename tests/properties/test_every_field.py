"""Wrong types in every field, exhaustively: each place of a real ORCID or Pure record (every
key at every depth) given each wrong kind of value in turn, and each element of an ORCID XML
document emptied, given text or removed. The record is still read, or refused with an error
naming it and the field; never an exception, never a record lost."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from xml.etree import ElementTree

import pytest

from pipeline.sources.model import Parsed, RecordError, Work
from pipeline.sources.orcid import parse_work, parse_works_summary
from pipeline.sources.pure import parse_api_jsonl, parse_ws_jsonl
from tests.properties.strategies import _replaced, paths
from tests.properties.test_orcid_records import ORCID, OWNER, _summary, _work
from tests.properties.test_pure_records import API_OUTPUT, WS_OUTPUT, WS_PERSON, _record

DEEP = json.loads("[" * 100 + "]" * 100)
"""Nested deeper than the parsers' limit (64): refused as `nesting`, not a RecursionError."""
WRONG = [None, True, 1.5e308, "", "\x00\u202e\ud7ff", [], [None, {}], {"value": 1}, DEEP]


def _every_mutation(document: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for place in paths(document)[1:]:
        for value in WRONG:
            yield _replaced(document, place, value)


def _valid(result: Parsed) -> None:
    assert isinstance(result, Work | RecordError)
    if isinstance(result, RecordError):
        assert result.record_id
        assert result.field
        assert result.message


def _one_line(parse: Callable[[list[str]], Iterable[Any]], record: dict[str, Any]) -> None:
    for mutation in _every_mutation(record):
        [result] = list(parse([json.dumps(mutation)]))
        if isinstance(result, RecordError):
            _valid(result)
        else:
            assert result.source_record_id


@pytest.mark.parametrize(
    ("parse", "record"),
    [
        (parse_ws_jsonl, WS_OUTPUT),
        (lambda lines: parse_ws_jsonl(lines, "person"), WS_PERSON),
        (parse_api_jsonl, API_OUTPUT),
    ],
    ids=["pure-ws-output", "pure-ws-person", "pure-api-output"],
)
def test_a_pure_record_with_any_field_of_a_wrong_type_is_one_record_or_error(
    parse: Callable[[list[str]], Iterable[Any]], record: Any
) -> None:
    _one_line(parse, _record(record))


def _works_or_refusal(document: str) -> list[Parsed] | RecordError:
    try:
        return parse_works_summary(document, orcid=OWNER)
    except RecordError as refused:
        return refused


def test_an_orcid_work_summary_with_any_field_of_a_wrong_type_is_read_or_named() -> None:
    for summary in _every_mutation(_summary()):
        document = json.dumps({"group": [{"work-summary": [summary]}]})
        results = _works_or_refusal(document)
        if isinstance(results, RecordError):  # only a document nested too deep is refused whole
            assert results.field == "nesting"
            continue
        [result] = results
        _valid(result)


def test_an_orcid_work_with_any_field_of_a_wrong_type_is_read_or_one_error() -> None:
    for work in _every_mutation(_work()):
        try:
            result: Parsed = parse_work(json.dumps(work), orcid=OWNER)
        except RecordError as refused:
            result = refused
        _valid(result)


def test_an_orcid_xml_summary_with_any_element_changed_or_removed_is_read_or_named() -> None:
    text = (ORCID / "orcid-model/read_samples/works-3.0.xml").read_text(encoding="utf-8")
    tag = "{http://www.orcid.org/ns/work}work-summary"
    count = len(list(ElementTree.fromstring(text).iter(tag)))
    elements = len(list(ElementTree.fromstring(text).iter()))
    for index in range(1, elements):
        for change in ("empty", "text", "remove"):
            root = ElementTree.fromstring(text)
            element = list(root.iter())[index]
            if change == "remove":
                parent = next(p for p in root.iter() if element in list(p))
                parent.remove(element)
            else:
                element[:] = []
                element.text = "" if change == "empty" else "x\u202e<&>"
            results = parse_works_summary(ElementTree.tostring(root), orcid=OWNER)
            assert len(results) == len(list(root.iter(tag))) <= count
            for result in results:
                _valid(result)
