"""Full organisational-unit records of both generations: name, kind (the type URI's last
segment) and the parent, which per-faculty reports climb from a department to its faculty."""

from __future__ import annotations

import json

import pytest

from pipeline.sources.model import OrgUnit, RecordError
from pipeline.sources.pure import (
    parse_api_jsonl,
    parse_api_org_unit,
    parse_ws_jsonl,
    parse_ws_org_unit,
)

TYPES = "/dk/atira/pure/organisation/organisationtypes/organisation"
WS_BASE = "https://experts.umn.edu/ws/api/524/organisational-units"


def _ws_text(value: str) -> dict:
    return {"formatted": False, "text": [{"locale": "en_US", "value": value}]}


def _ws_type(kind: str, pure_id: int) -> dict:
    return {"pureId": pure_id, "uri": f"{TYPES}/{kind}", "term": _ws_text(kind.title())}


# The shape of UMN's WS 5.24 unit (pureapi `tests/data/524/organisational_unit/cb612e38-…`),
# trimmed to the fields that matter here plus the ones a parser must step over.
WS_UNIT = {
    "pureId": 152908441,
    "externalId": "CLAWRITING",
    "externalIdSource": "synchronisedUnifiedOrganisation",
    "uuid": "cb612e38-13be-4496-aafa-02ea96ddeca4",
    "period": {"startDate": "1960-01-01T12:00:00.000-0600"},
    "info": {
        "modifiedDate": "2019-11-16T12:20:55.087-0600",
        "portalUrl": "https://experts.umn.edu/en/organisations/cb612e38-13be-4496-aafa-02ea96ddeca4",
    },
    "name": _ws_text("Center for Writing"),
    "type": _ws_type("institute", 857),
    "visibility": {"key": "FREE", "value": _ws_text("Public - No restriction")},
    "parents": [
        {
            "uuid": "c584c3f9-c4ba-4a97-a102-9558ccec89ee",
            "link": {"ref": "content", "href": f"{WS_BASE}/c584c3f9-c4ba-4a97-a102-9558ccec89ee"},
            "name": _ws_text("College of Liberal Arts"),
            "type": _ws_type("college", 847),
        }
    ],
}

API_FACULTY = {
    "pureId": 10001,
    "uuid": "5b0f7c1e-2a44-4e0b-9a61-3f4a1c2d9e10",
    "portalUrl": "https://pure.example.org/en/organisations/5b0f7c1e-2a44-4e0b-9a61-3f4a1c2d9e10",
    "version": "0f3c1e5a7b9d2c4e6f8a0b1c3d5e7f9a1b3c5d7e",
    "name": {
        "en_GB": "Faculty of Science",
        "nl_NL": "Faculteit der Wiskunde en Natuurwetenschappen",
    },
    "type": {"uri": f"{TYPES}/faculty", "term": {"en_GB": "Faculty"}},
    "lifecycle": {},
    "parents": [{"systemName": "Organization", "uuid": "0c2d8e4f-6a1b-4c3d-8e5f-7a9b1c3d5e7f"}],
    "visibility": {"key": "FREE", "description": {"en_GB": "Public - No restriction"}},
    "systemName": "Organization",
}


def test_a_ws_unit_gives_name_kind_and_parent() -> None:
    assert parse_ws_org_unit(WS_UNIT) == OrgUnit(
        "cb612e38-13be-4496-aafa-02ea96ddeca4",
        "Center for Writing",
        "institute",
        "c584c3f9-c4ba-4a97-a102-9558ccec89ee",
    )


def test_an_api_organization_gives_name_kind_and_parent() -> None:
    assert parse_api_org_unit(API_FACULTY) == OrgUnit(
        "5b0f7c1e-2a44-4e0b-9a61-3f4a1c2d9e10",
        "Faculty of Science",
        "faculty",
        "0c2d8e4f-6a1b-4c3d-8e5f-7a9b1c3d5e7f",
    )


@pytest.mark.parametrize("kind", ["university", "faculty", "department", "college"])
def test_the_kind_is_the_type_uris_last_segment(kind: str) -> None:
    ws = parse_ws_org_unit({**WS_UNIT, "type": _ws_type(kind, 1)})
    api = parse_api_org_unit({**API_FACULTY, "type": {"uri": f"{TYPES}/{kind}/"}})
    assert ws.kind == api.kind == kind


def test_the_top_unit_has_no_parent() -> None:
    ws = {key: value for key, value in WS_UNIT.items() if key != "parents"}
    api = {**API_FACULTY, "parents": []}
    assert parse_ws_org_unit(ws).parent_id is None
    assert parse_api_org_unit(api).parent_id is None


def test_a_unit_under_several_parents_keeps_the_first() -> None:
    second = {"systemName": "Organization", "uuid": "second"}
    unit = parse_api_org_unit({**API_FACULTY, "parents": [*API_FACULTY["parents"], second]})
    assert unit.parent_id == "0c2d8e4f-6a1b-4c3d-8e5f-7a9b1c3d5e7f"


def test_a_unit_without_a_type_has_no_kind() -> None:
    unit = parse_api_org_unit({k: v for k, v in API_FACULTY.items() if k != "type"})
    assert (unit.name, unit.kind) == ("Faculty of Science", None)


def test_the_embedded_reference_still_reads_as_a_unit_without_parent() -> None:
    """WS references inside persons and outputs carry name and type but never parents."""
    assert parse_ws_org_unit(WS_UNIT["parents"][0]) == OrgUnit(
        "c584c3f9-c4ba-4a97-a102-9558ccec89ee", "College of Liberal Arts", "college", None
    )


def test_an_api_reference_alone_names_no_unit() -> None:
    """The API refers to units by uuid only: the name has to come from `/organizations`."""
    with pytest.raises(RecordError, match="name"):
        parse_api_org_unit(API_FACULTY["parents"][0])


def test_list_pages_of_units_parse_record_by_record() -> None:
    ws_page = {"count": 2, "pageInformation": {"offset": 0, "size": 10}, "items": [WS_UNIT, {}]}
    api_page = {"count": 1, "pageInformation": {"offset": 0, "size": 10}, "items": [API_FACULTY]}
    ws = list(parse_ws_jsonl([json.dumps(ws_page)], "org-unit"))
    api = list(parse_api_jsonl([json.dumps(api_page)], "org-unit"))
    assert [type(record) for record in ws] == [OrgUnit, RecordError]
    assert ws[0] == parse_ws_org_unit(WS_UNIT)
    assert ws[1].record_id == "line 1 items[1]"
    assert [u.kind for u in api if isinstance(u, OrgUnit)] == ["faculty"]
