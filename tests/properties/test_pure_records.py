"""Pure's Web Service and Pure API records, mutated and mixed with lines that are not JSON:
every line of a dump is one record or one error naming it, and nothing raises."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pipeline.sources.model import OrgUnit, Person, RecordError, Work
from pipeline.sources.pure import parse_api_jsonl, parse_ws_jsonl
from tests.conftest import SHARED
from tests.properties.strategies import EXAMPLES, mutated, slim, text

PURE = SHARED / "fixtures" / "pure"
Parse = Callable[[Iterable[str]], Iterator[Work | Person | OrgUnit | RecordError]]


@cache
def _record(path: Path) -> dict[str, Any]:
    return slim(json.loads(path.read_text(encoding="utf-8")))


WS_OUTPUT = PURE / "ws524/umn/research_output/f145e583-7d49-415e-aefb-381905b58ae7.json"
WS_PERSON = next((PURE / "ws524/umn/person").glob("*.json"))
API_OUTPUT = PURE / "pure_api/utrecht_backtopure/book.json"


def _expected(document: Any) -> int:
    """How many records a line holds, by Pure's list format: a page's items, none on an empty
    page (`count` without items), else the line is one record."""
    if isinstance(document, dict) and "items" in document:
        return len(document["items"]) if isinstance(document["items"], list) else 1
    if isinstance(document, dict) and "count" in document and "uuid" not in document:
        return 0
    return 1


def _lines(record: dict[str, Any]) -> st.SearchStrategy[list[str | dict[str, Any]]]:
    """A dump: mutated records, pages of them, and lines that are not JSON at all."""
    one = mutated(record)
    page = st.lists(one, max_size=3).map(lambda items: {"count": len(items), "items": items})
    garbage = text.map(lambda t: "not json: " + t.replace("\n", " ").replace("\r", " "))
    return st.lists(one | page | garbage, min_size=1, max_size=5)


def _check(parse: Parse, lines: list[str | dict[str, Any]]) -> None:
    written = [line if isinstance(line, str) else json.dumps(line) for line in lines]
    results = list(parse(written))
    expected = sum(1 if isinstance(line, str) else _expected(line) for line in lines)
    assert len(results) == expected
    for result in results:
        assert isinstance(result, Work | Person | OrgUnit | RecordError)
        if isinstance(result, RecordError):
            assert result.record_id
            assert result.field
            assert result.message


WS_OUTPUT_LINES = _lines(_record(WS_OUTPUT))
WS_PERSON_LINES = _lines(_record(WS_PERSON))
API_OUTPUT_LINES = _lines(_record(API_OUTPUT))
"""Built once: a strategy made inside a test is validated again for every example."""


@EXAMPLES
@given(WS_OUTPUT_LINES)
def test_pure_ws_research_outputs_each_read_or_named(lines: list[str | dict[str, Any]]) -> None:
    _check(parse_ws_jsonl, lines)


@EXAMPLES
@given(WS_PERSON_LINES)
def test_pure_ws_persons_each_read_or_named(lines: list[str | dict[str, Any]]) -> None:
    _check(lambda lines: parse_ws_jsonl(lines, "person"), lines)


@EXAMPLES
@given(API_OUTPUT_LINES)
def test_pure_api_research_outputs_each_read_or_named(lines: list[str | dict[str, Any]]) -> None:
    _check(parse_api_jsonl, lines)


@EXAMPLES
@given(st.data())
def test_a_pure_document_cut_short_is_one_error_or_its_records(data: st.DataObject) -> None:
    page = json.dumps({"count": 2, "items": [_record(API_OUTPUT), _record(API_OUTPUT)]}, indent=1)
    cut = page[: data.draw(st.integers(1, len(page) - 1))]
    results = list(parse_api_jsonl(cut.splitlines()))
    assert all(isinstance(r, Work | RecordError) for r in results)
    assert results, "a document cut short is reported, not dropped"


def test_a_pure_output_with_5000_authors_is_read_whole() -> None:
    record = _record(API_OUTPUT)
    contributor = record["contributors"][0]
    many = {**record, "contributors": [contributor] * 5000}
    [work] = list(parse_api_jsonl([json.dumps(many)]))
    assert isinstance(work, Work)
    assert len(work.contributors) == 5000
