"""Records Pure should not have sent: kept where they can be, with a warning naming the field;
refused with a RecordError naming the record and the field when they cannot be read."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.sources.model import RecordError, Work
from pipeline.sources.pure import (
    parse_api_research_output,
    parse_ws_page,
    parse_ws_person,
    parse_ws_research_output,
)
from tests.sources.pure.conftest import UMN

UTRECHT_BOOK = "pure/pure_api/utrecht_backtopure/book.json"


@pytest.fixture
def api_item(fixtures_dir: Path) -> dict:
    return json.loads((fixtures_dir / UTRECHT_BOOK).read_text(encoding="utf-8"))


def date_of(work: Work) -> tuple[int | None, int | None, int | None]:
    return work.year, work.month, work.day


def test_a_month_of_13_is_dropped_with_its_day_and_a_warning(ws_item: dict) -> None:
    ws_item["publicationStatuses"][0]["publicationDate"] = {"year": 2016, "month": 13, "day": 2}
    work = parse_ws_research_output(ws_item)
    assert date_of(work) == (2016, None, None)
    assert work.warnings == [
        "publicationStatuses[0].publicationDate.month: 13 is not in 1–12; dropped"
    ]


def test_the_30th_of_february_keeps_year_and_month(api_item: dict) -> None:
    api_item["publicationStatuses"][0]["publicationDate"] = {"year": 2022, "month": 2, "day": 30}
    work = parse_api_research_output(api_item)
    assert date_of(work) == (2022, 2, None)
    assert work.warnings == [
        "publicationStatuses[0].publicationDate.day: 30 is not in 1–28; dropped"
    ]


def test_a_year_written_as_text_is_read_with_a_warning(ws_item: dict) -> None:
    ws_item["publicationStatuses"][0]["publicationDate"] = {"year": "2016"}
    work = parse_ws_research_output(ws_item)
    assert date_of(work) == (2016, None, None)
    assert work.warnings == ["publicationStatuses[0].publicationDate.year: '2016' read as 2016"]


def test_the_current_publication_status_gives_the_date(api_item: dict) -> None:
    accepted = {
        "current": False,
        "publicationStatus": {"uri": "/dk/atira/pure/researchoutput/status/inpress"},
        "publicationDate": {"year": 2021, "month": 6},
    }
    api_item["publicationStatuses"].insert(0, accepted)
    work = parse_api_research_output(api_item)
    assert (date_of(work), work.pure_publication_status) == ((2022, 11, 15), "published")
    assert work.warnings == []


def test_without_a_current_status_the_first_is_used_with_a_warning(api_item: dict) -> None:
    api_item["publicationStatuses"][0]["current"] = False
    work = parse_api_research_output(api_item)
    assert (date_of(work), work.pure_publication_status) == ((2022, 11, 15), "published")
    assert work.warnings == ["publicationStatuses: none is marked current; the first was used"]


def test_an_unknown_type_is_other_and_keeps_its_uri(ws_item: dict) -> None:
    uri = "/dk/atira/pure/researchoutput/researchoutputtypes/memorandum/memo"
    ws_item["type"]["uri"] = uri
    work = parse_ws_research_output(ws_item)
    assert (work.type, work.source_type) == ("other", uri)
    assert work.warnings == [f"type: unknown Pure type URI {uri!r}; read as other"]


def test_an_invalid_doi_is_kept_unnormalised_with_a_warning(api_item: dict) -> None:
    api_item["electronicVersions"][0]["doi"] = "10.1515/"
    work = parse_api_research_output(api_item)
    assert [(i.raw, i.normalised) for i in work.identifiers if i.type == "doi"] == [
        ("10.1515/", None)
    ]
    assert work.warnings == ["doi: '10.1515/' is not a valid doi"]


def test_a_contributor_without_any_name_is_left_out_and_the_others_keep_their_place(
    ws_item: dict,
) -> None:
    del ws_item["personAssociations"][1]["name"]
    del ws_item["personAssociations"][1]["externalPerson"]
    work = parse_ws_research_output(ws_item)
    assert [(c.order, c.name) for c in work.contributors[:2]] == [
        (1, "M. Ablikim"),
        (3, "S. Ahmed"),
    ]
    assert work.warnings == ["personAssociations[1]: a contributor without a name; left out"]


def test_a_contributor_without_first_and_last_name_takes_the_persons_display_name(
    ws_item: dict,
) -> None:
    del ws_item["personAssociations"][6]["name"]
    work = parse_ws_research_output(ws_item)
    ambrose = work.contributors[6]
    assert (ambrose.name, ambrose.given_names, ambrose.family_name) == (
        "Daniel J Ambrose",
        None,
        None,
    )


def test_a_list_field_holding_something_else_is_ignored_with_a_warning(api_item: dict) -> None:
    api_item["contributors"] = {"name": "Hope Williard"}
    work = parse_api_research_output(api_item)
    assert work.contributors == []
    assert work.warnings == ["contributors: expected a list, found dict; ignored"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda item: item.pop("uuid"), "uuid"),
        (lambda item: item.pop("title"), "title"),
        (lambda item: item.__setitem__("title", {"formatted": True, "value": "  "}), "title"),
    ],
)
def test_a_record_without_uuid_or_title_cannot_be_read(
    ws_item: dict, change: Callable[[dict], Any], field: str
) -> None:
    change(ws_item)
    with pytest.raises(RecordError) as raised:
        parse_ws_research_output(ws_item)
    assert raised.value.field == field


def test_an_error_names_the_record_by_uuid_and_pure_id(ws_item: dict) -> None:
    del ws_item["title"]
    with pytest.raises(RecordError, match="f145e583-7d49-415e-aefb-381905b58ae7: title"):
        parse_ws_research_output(ws_item)
    del ws_item["uuid"]
    with pytest.raises(RecordError, match="pureId 85414559: uuid"):
        parse_ws_research_output(ws_item)


def test_an_item_that_is_not_an_object_is_an_error_in_its_page(ws_item: dict) -> None:
    parsed = parse_ws_page({"count": 2, "items": ["oops", ws_item]})
    assert isinstance(parsed[0], RecordError)
    assert (parsed[0].record_id, parsed[0].field) == ("items[0]", "record")
    assert isinstance(parsed[1], Work)


def test_a_person_whose_orcid_is_not_text_keeps_the_rest(fixtures_dir: Path) -> None:
    path = fixtures_dir / "pure/ws524/umn/person/01edf3d8-7e44-4dfa-bec4-8e3472965e1f.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["orcid"] = 2761
    person = parse_ws_person(record)
    assert (person.orcid, person.family_name) == (None, "Fransen")
    assert person.warnings == ["orcid: expected a string, found int; ignored"]


WRONG_VALUES = [
    None,
    0,
    True,
    "x",
    "",
    [],
    {},
    [None],
    [{}],
    {"uri": 5},
    {"text": [5]},
    {"value": 5},
]


def slots(node: Any) -> Iterator[tuple[Any, Any]]:
    """(container, key) for every value in a JSON document, the first item of each list only."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from slots(value)
    elif isinstance(node, list) and node:
        yield node, 0
        yield from slots(node[0])


@pytest.mark.parametrize(
    ("path", "parse"),
    [
        (UMN, parse_ws_research_output),
        (UTRECHT_BOOK, parse_api_research_output),
        ("pure/pure_api/utrecht_backtopure/data.json", parse_api_research_output),
        ("pure/ws524/umn/person/01edf3d8-7e44-4dfa-bec4-8e3472965e1f.json", parse_ws_person),
    ],
)
def test_any_value_of_the_wrong_shape_never_stops_the_parser(
    fixtures_dir: Path, path: str, parse: Callable[[dict], Any]
) -> None:
    """One odd record must not end a nightly run: each value of a real record, at any depth, is
    replaced in turn by values of other JSON shapes, and the parser either reads the record or
    raises a RecordError."""
    record = json.loads((fixtures_dir / path).read_text(encoding="utf-8"))
    for container, key in list(slots(record)):
        original = container[key]
        for wrong in WRONG_VALUES:
            container[key] = wrong
            try:
                parse(record)
            except RecordError:
                pass
            except Exception as error:
                pytest.fail(f"{key!r} = {wrong!r}: {error!r}")
        container[key] = original
