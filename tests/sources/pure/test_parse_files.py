"""Saved responses and dumps as `pure-orcid inspect` reads them: pretty-printed pages, single
records, and JSON-lines files with a record or a page on each line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.sources.model import Person, RecordError, Work
from pipeline.sources.pure import parse_api_jsonl, parse_ws_jsonl
from tests.sources.pure.conftest import UMN

SPBU = "pure/ws522/spbu_pure_etl/datasets.json"
UMN_PERSON = "pure/ws524/umn/person/01edf3d8-7e44-4dfa-bec4-8e3472965e1f.json"


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def ids(parsed: list) -> list[str]:
    return [p.source_record_id if isinstance(p, Work | Person) else p.record_id for p in parsed]


@pytest.fixture
def spbu_items(fixtures_dir: Path) -> list[dict]:
    return json.loads((fixtures_dir / SPBU).read_text(encoding="utf-8"))["items"]


def test_a_saved_list_page_over_many_lines(fixtures_dir: Path) -> None:
    # The SPbU page is one line; pretty-printed it must read the same.
    document = json.loads((fixtures_dir / SPBU).read_text(encoding="utf-8"))
    pretty = json.dumps(document, indent=2, ensure_ascii=False).splitlines(keepends=True)
    from_pretty = list(parse_ws_jsonl(pretty))
    from_line = list(parse_ws_jsonl(lines_of(fixtures_dir / SPBU)))
    assert len(from_pretty) == 12
    assert all(isinstance(w, Work) for w in from_pretty)
    assert from_pretty == from_line


def test_a_saved_single_record(fixtures_dir: Path) -> None:
    (work,) = parse_ws_jsonl(lines_of(fixtures_dir / UMN))
    assert isinstance(work, Work)
    assert work.identifier_values("doi") == ["10.1103/physrevlett.117.232002"]


def test_a_saved_person(fixtures_dir: Path) -> None:
    (person,) = parse_ws_jsonl(lines_of(fixtures_dir / UMN_PERSON), kind="person")
    assert isinstance(person, Person)
    assert person.orcid == "0000-0002-0302-2761"


def test_json_lines_one_record_each_with_a_broken_line_and_a_record_without_uuid(
    spbu_items: list[dict],
) -> None:
    lines = [json.dumps(item, ensure_ascii=False) + "\n" for item in spbu_items[:4]]
    lines[1] = '{"uuid": "577bbe43-49c4-41be-b766-903da2c01e21", "title": \n'
    lines.insert(2, "\n")
    lines[3] = json.dumps({"title": {"formatted": False, "text": [{"value": "No id"}]}}) + "\n"
    parsed = list(parse_ws_jsonl(lines))
    assert ids(parsed) == [
        "7346cc64-aa22-4dce-8334-83456e269d88",
        "line 2",
        "line 4",
        "b2bd5463-6207-4b12-a706-c9314db5e467",
    ]
    assert [e.field for e in parsed if isinstance(e, RecordError)] == ["json", "uuid"]


def test_json_lines_of_pages_name_the_page_line_and_item(spbu_items: list[dict]) -> None:
    first = {"count": 12, "pageInformation": {"offset": 0, "size": 2}, "items": spbu_items[:2]}
    second = {
        "count": 12,
        "pageInformation": {"offset": 2, "size": 2},
        "items": [{}, spbu_items[3]],
    }
    empty = {"count": 0, "pageInformation": {"offset": 4, "size": 2}}
    lines = [json.dumps(page, ensure_ascii=False) + "\n" for page in (first, second, empty)]
    parsed = list(parse_ws_jsonl(lines))
    assert ids(parsed) == [
        "7346cc64-aa22-4dce-8334-83456e269d88",
        "577bbe43-49c4-41be-b766-903da2c01e21",
        "line 2 items[0]",
        "b2bd5463-6207-4b12-a706-c9314db5e467",
    ]


def test_a_file_that_is_not_json_at_all_reports_each_line() -> None:
    parsed = list(parse_ws_jsonl(["@article{x,\n", "  title = {T}\n", "}\n"]))
    assert [(e.record_id, e.field) for e in parsed if isinstance(e, RecordError)] == [
        ("line 1", "json"),
        ("line 2", "json"),
        ("line 3", "json"),
    ]


def test_an_empty_file_has_no_records() -> None:
    assert list(parse_ws_jsonl(["\n", "  \n"])) == []


def test_pure_api_records_as_json_lines(fixtures_dir: Path) -> None:
    folder = fixtures_dir / "pure/pure_api/utrecht_backtopure"
    records = [
        json.loads((folder / name).read_text(encoding="utf-8"))
        for name in ("book.json", "data.json")
    ]
    page = {"count": 2, "pageInformation": {"offset": 0, "size": 10}, "items": records}
    parsed = list(parse_api_jsonl([json.dumps(page)]))
    assert ids(parsed) == [
        "5edff0bc-8fdb-4a38-ae07-82c6cfe11614",
        "8c098d11-3b0c-42d5-9715-a39cd1832af6",
    ]
