"""ORCID's works summaries, works and bulk answers, in JSON and in XML, mutated, cut short and
huge: every work summary is a Work or a RecordError naming its place, a document that cannot be
read at all is one RecordError, and nothing else is ever raised."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.sources.model import Parsed, RecordError, Work
from pipeline.sources.orcid import parse_bulk, parse_work, parse_works_summary
from tests.conftest import SHARED
from tests.properties.strategies import EXAMPLES, json_values, mutated, mutated_xml, slim

ORCID = SHARED / "fixtures" / "orcid"
OWNER = "0000-0002-1825-0097"
WORK_SUMMARY_TAG = "{http://www.orcid.org/ns/work}work-summary"


@cache
def _record() -> dict[str, Any]:
    path = ORCID / "orcid-model/read_samples/record-full-3.0.json"
    return slim(json.loads(path.read_text(encoding="utf-8")))


@cache
def _work() -> dict[str, Any]:
    path = ORCID / "orcid-independent-tests/saved_records/limited_record_work30.json"
    return slim(json.loads(path.read_text(encoding="utf-8")))


def _summary() -> dict[str, Any]:
    return _record()["activities-summary"]["works"]["group"][0]["work-summary"][0]


def _valid(results: list[Parsed]) -> None:
    for result in results:
        assert isinstance(result, Work | RecordError)
        if isinstance(result, RecordError):
            assert result.record_id
            assert result.field
            assert result.message


_GROUP = st.lists(mutated(_summary()), max_size=3).map(lambda s: {"work-summary": s})
_groups = st.lists(_GROUP | json_values, max_size=4)
"""A works summary's groups: each holds mutated work summaries, or is a value of any type."""


def _expected(groups: list[Any]) -> int:
    """A group holds its work summaries; anything else in the list is one error."""
    return sum(
        len(g["work-summary"])
        if isinstance(g, dict) and isinstance(g.get("work-summary"), list)
        else 1
        for g in groups
    )


@EXAMPLES
@given(_groups, st.sampled_from([OWNER, None]))
def test_orcid_json_works_summary_reads_every_summary_or_names_it(
    groups: list[Any], orcid: str | None
) -> None:
    document = json.dumps({"path": f"/{OWNER}/works", "group": groups})
    results = parse_works_summary(document, orcid=orcid)
    assert len(results) == _expected(groups)
    _valid(results)


@EXAMPLES
@given(mutated(_work(), keep_top=False))
def test_orcid_json_work_is_read_or_one_record_error(work: Any) -> None:
    outcome = _work_or_error(json.dumps(work))
    assert isinstance(outcome, Work | RecordError)
    if isinstance(outcome, RecordError):
        assert outcome.field
        assert outcome.message


def _work_or_error(document: str) -> Work | RecordError:
    """What a single work's document gives: the work, or the RecordError it raises (nothing
    else may be raised)."""
    try:
        return parse_work(document, orcid=OWNER)
    except RecordError as error:
        return error


@EXAMPLES
@given(st.lists(mutated(_work()).map(lambda w: {"work": w}) | json_values, max_size=5))
def test_orcid_json_bulk_answers_each_item(items: list[Any]) -> None:
    put_codes = list(range(1, len(items) + 1))
    results = parse_bulk(json.dumps({"bulk": items}), orcid=OWNER, put_codes=put_codes)
    assert len(results) == len(items)
    _valid(results)


@EXAMPLES
@given(st.data())
def test_an_orcid_document_cut_short_is_one_record_error(data: st.DataObject) -> None:
    document = json.dumps(_record())
    cut = document[: data.draw(st.integers(0, len(document) - 1))]
    with pytest.raises(RecordError) as refused:
        parse_works_summary(cut, orcid=OWNER)
    assert refused.value.field in ("document", "nesting")


@cache
def _works_xml() -> ElementTree.Element:
    return ElementTree.fromstring((ORCID / "orcid-model/read_samples/works-3.0.xml").read_bytes())


@EXAMPLES
@given(mutated_xml(_works_xml(), repeat=True), st.integers(0, 4))
def test_orcid_xml_works_summary_reads_every_summary_or_refuses_the_document(
    document: str, cut: int
) -> None:
    if cut:
        document = document[: len(document) * cut // 5]
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError:
        with pytest.raises(RecordError):
            parse_works_summary(document, orcid=OWNER)
        return
    results = parse_works_summary(document, orcid=OWNER)
    assert len(results) == len(list(root.iter(WORK_SUMMARY_TAG)))
    _valid(results)


def test_a_record_of_10000_works_is_read_whole_in_json() -> None:
    summary = _summary()
    groups = [{"work-summary": [{**summary, "put-code": code}]} for code in range(1, 10_001)]
    results = parse_works_summary(json.dumps({"group": groups}), orcid=OWNER)
    assert len(results) == 10_000
    assert all(isinstance(r, Work) for r in results)
    assert len({r.source_record_id for r in results}) == 10_000


def test_a_record_of_10000_works_is_read_whole_in_xml() -> None:
    text = (ORCID / "orcid-model/read_samples/works-3.0.xml").read_text(encoding="utf-8")
    first = text.index("<activities:group>")
    end = text.index("</activities:group>", first) + len("</activities:group>")
    group = text[first:end]
    groups = "".join(group.replace('3356"', f'{code}"') for code in range(1, 10_001))
    closing = text.rindex("</activities:works>")
    results = parse_works_summary(text[:first] + groups + text[closing:], orcid=OWNER)
    assert len(results) == 10_000
    assert all(isinstance(r, Work) for r in results)
    assert len({r.source_record_id for r in results}) == 10_000


def test_a_work_with_5000_contributors_is_read_whole() -> None:
    work = copy.deepcopy(_work())
    contributor = {
        "contributor-orcid": None,
        "credit-name": {"value": "Ann Lee"},
        "contributor-email": None,
        "contributor-attributes": {"contributor-sequence": None, "contributor-role": "author"},
    }
    work["contributors"] = {"contributor": [contributor] * 5000}
    parsed = parse_work(json.dumps(work), orcid=OWNER)
    assert len(parsed.contributors) == 5000


def test_a_title_over_the_limit_is_an_error_naming_the_work() -> None:
    summary = {**_summary(), "title": {"title": {"value": "x" * 20_000}}}
    [result] = parse_works_summary(json.dumps({"group": [{"work-summary": [summary]}]}))
    assert isinstance(result, RecordError)
    assert "title" in result.field + result.message
    assert "20,000 characters" in result.message


def test_xml_nested_100000_deep_in_a_work_summary_is_read_without_recursion() -> None:
    text = (ORCID / "orcid-model/read_samples/works-3.0.xml").read_text(encoding="utf-8")
    deep = "<x>" * 100_000 + "</x>" * 100_000
    title = "<common:title>Work # 0</common:title>"
    document = text.replace(title, title.replace("</", deep + "</"))
    results = parse_works_summary(document, orcid=OWNER)
    assert len(results) == len(list(ElementTree.fromstring(text).iter(WORK_SUMMARY_TAG)))
    _valid(results)
