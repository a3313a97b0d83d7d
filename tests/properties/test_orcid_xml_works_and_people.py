"""ORCID's single works, bulk answers and people in XML, and people in JSON, mutated and cut
short: a work or person is read or refused with a RecordError naming what is wrong, a bulk
answer accounts for each of its items, and nothing else is ever raised."""

from __future__ import annotations

import json
from functools import cache
from typing import Any
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from pipeline.sources.model import Person, RecordError, Work
from pipeline.sources.orcid import parse_bulk, parse_person, parse_work
from tests.conftest import SHARED
from tests.properties.strategies import EXAMPLES, mutated, mutated_xml, slim

SAMPLES = SHARED / "fixtures" / "orcid" / "orcid-model" / "read_samples"
OWNER = "0000-0002-1825-0097"
BULK_TAG = "{http://www.orcid.org/ns/bulk}bulk"


@cache
def _xml(name: str) -> ElementTree.Element:
    return ElementTree.fromstring((SAMPLES / name).read_bytes())


@cache
def _json_person() -> dict[str, Any]:
    record = json.loads((SAMPLES / "record-full-3.0.json").read_text(encoding="utf-8"))
    return slim(record["person"])


def _cut(document: str, fifths: int) -> str:
    return document[: len(document) * fifths // 5] if fifths else document


def _read_or_refused(parse: Any, document: str) -> Any:
    """What one work's or person's document gives: the record, or the RecordError it raises
    (naming a field and saying what is wrong); anything else raised fails the test."""
    try:
        return parse(document, orcid=OWNER)
    except RecordError as error:
        refused = error
    assert refused.field
    assert refused.message
    return refused


@EXAMPLES
@given(mutated_xml(_xml("work-full-3.0.xml")), st.integers(0, 4))
def test_an_orcid_xml_work_is_read_or_refused_naming_the_field(document: str, cut: int) -> None:
    outcome = _read_or_refused(parse_work, _cut(document, cut))
    assert isinstance(outcome, Work | RecordError)


@EXAMPLES
@given(mutated_xml(_xml("bulk-work-err.xml"), repeat=True), st.integers(0, 4))
def test_an_orcid_xml_bulk_answer_accounts_for_each_item(document: str, cut: int) -> None:
    document = _cut(document, cut)
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError:
        assert isinstance(_read_or_refused(parse_bulk, document), RecordError)
        return
    results = parse_bulk(document, orcid=OWNER)
    assert root.tag == BULK_TAG
    assert len(results) == len(list(root))
    for result in results:
        assert isinstance(result, Work | RecordError)
        if isinstance(result, RecordError):
            assert result.field
            assert result.message


@EXAMPLES
@given(mutated_xml(_xml("person-3.0.xml")), st.integers(0, 4))
def test_an_orcid_xml_person_is_read_or_refused(document: str, cut: int) -> None:
    outcome = _read_or_refused(parse_person, _cut(document, cut))
    assert isinstance(outcome, Person | RecordError)


@EXAMPLES
@given(mutated(_json_person(), keep_top=False))
def test_an_orcid_json_person_is_read_or_refused(person: Any) -> None:
    outcome = _read_or_refused(parse_person, json.dumps(person))
    assert isinstance(outcome, Person | RecordError)
