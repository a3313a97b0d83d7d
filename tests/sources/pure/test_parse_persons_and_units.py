"""Persons and organisational units of both generations: the ORCID iD exactly as Pure stores it."""

from __future__ import annotations

import pytest

from pipeline.sources.model import OrgUnit, RecordError
from pipeline.sources.pure import (
    parse_api_org_unit,
    parse_api_person,
    parse_ws_org_unit,
    parse_ws_person,
)

# The shape of Utrecht's persons as BackToPure reads and writes them (`persons/search`, then
# `data['orcid'] = …` and a PUT), with the fields of the OpenAPI `Person`.
API_PERSON = {
    "pureId": 9001,
    "uuid": "572781e3-b1ef-4b3f-a150-1aca954d654a",
    "name": {"firstName": "Hope", "lastName": "Williard"},
    "orcid": "0000-0001-6249-7591",
    "staffOrganizationAssociations": [
        {
            "typeDiscriminator": "StaffOrganizationAssociation",
            "organization": {
                "systemName": "Organization",
                "uuid": "72885fcb-db9b-42f2-98df-dd078c9e7d35",
            },
            "primaryAssociation": True,
        },
        {
            "typeDiscriminator": "StaffOrganizationAssociation",
            "organization": {
                "systemName": "Organization",
                "uuid": "69cfbaad-5498-4088-bda6-77ff94a6c22c",
            },
        },
    ],
    "systemName": "Person",
}


def test_api_person_with_orcid_and_affiliations() -> None:
    person = parse_api_person(API_PERSON)
    assert person.source_record_id == "572781e3-b1ef-4b3f-a150-1aca954d654a"
    assert (person.given_names, person.family_name) == ("Hope", "Williard")
    assert person.orcid == "0000-0001-6249-7591"
    assert person.org_unit_ids == [
        "72885fcb-db9b-42f2-98df-dd078c9e7d35",
        "69cfbaad-5498-4088-bda6-77ff94a6c22c",
    ]


@pytest.mark.parametrize(
    "stored",
    ["https://orcid.org/0000-0001-6249-7591", "0000-0001-6249-759", " 0000-0001-6249-7591"],
)
def test_a_malformed_orcid_is_kept_as_stored_for_the_report(stored: str) -> None:
    person = parse_api_person({**API_PERSON, "orcid": stored})
    assert person.orcid == stored
    assert person.warnings == []


def test_a_person_without_orcid() -> None:
    person = parse_api_person({k: v for k, v in API_PERSON.items() if k != "orcid"})
    assert person.orcid is None


def test_ws_person_as_the_swagger_spells_the_unit() -> None:
    person = parse_ws_person(
        {
            "uuid": "p1",
            "name": {"firstName": "Jan", "lastName": "Fransen"},
            "staffOrganisationAssociations": [{"organisation": {"uuid": "u1"}}],
        }
    )
    assert (person.orcid, person.org_unit_ids) == (None, ["u1"])


def test_a_person_without_uuid_cannot_be_read() -> None:
    with pytest.raises(RecordError, match="uuid"):
        parse_api_person({"name": {"firstName": "Hope"}})


def test_api_organization_with_type_and_parent() -> None:
    unit = parse_api_org_unit(
        {
            "uuid": "8a3436b8-4443-4647-88d7-3da6dfd4d31f",
            "name": {"en_GB": "Animals in Science and Society", "nl_NL": "Dier in Wetenschap"},
            "type": {
                "uri": "/dk/atira/pure/organisation/organisationtypes/organisation/department",
                "term": {"en_GB": "Department"},
            },
            "parents": [
                {"systemName": "Organization", "uuid": "72885fcb-db9b-42f2-98df-dd078c9e7d35"}
            ],
            "systemName": "Organization",
        }
    )
    assert unit == OrgUnit(
        "8a3436b8-4443-4647-88d7-3da6dfd4d31f",
        "Animals in Science and Society",
        "department",
        "72885fcb-db9b-42f2-98df-dd078c9e7d35",
    )


def test_ws_organisational_unit_in_another_language_only() -> None:
    unit = parse_ws_org_unit(
        {
            "uuid": "u2",
            "name": {"formatted": False, "text": [{"locale": "ru_RU", "value": "Факультет"}]},
            "parents": [{"uuid": "u1"}],
        }
    )
    assert (unit.name, unit.kind, unit.parent_id) == ("Факультет", None, "u1")


def test_a_unit_without_a_name_cannot_be_read() -> None:
    with pytest.raises(RecordError, match="u3: name"):
        parse_ws_org_unit({"uuid": "u3", "name": {"formatted": False, "text": []}})
