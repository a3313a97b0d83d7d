"""A small hand-built institution, clients for the Pure simulator, and validators built from the
real specs (Swagger 2.0 for WS 5.24, OpenAPI 3.0 for the Pure API).

Both specs are converted strictly: every object forbids properties the spec does not declare, so
a field the simulator invents fails validation instead of slipping through. Where the real WS
records name a field differently from the swagger, the difference is listed below with the
record that shows it, and the UMN fixtures are validated with the same converter to prove the
list is right and complete.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft4Validator, FormatChecker, ValidationError, validators

from sim.faults import FaultProfile
from sim.model import (
    Author,
    ExternalId,
    Institution,
    OrcidRecord,
    OrcidWork,
    OrgUnit,
    Person,
    PureOutput,
    TrueWork,
    WorkType,
)
from sim.pure import create_pure_app

FIXTURES = Path(__file__).resolve().parents[4] / "shared" / "fixtures" / "pure"
API_KEY = "test-pure-key"
NOW = dt.datetime(2025, 3, 1, 2, 0, tzinfo=dt.UTC)

# --------------------------------------------------------------------------- the institution

UNI = OrgUnit("a0000000-0000-4000-8000-000000000001", 1, "Universiteit Leiden", "university", None)
FACULTY = OrgUnit(
    "a0000000-0000-4000-8000-000000000002", 2, "Faculty of Science", "faculty", UNI.uuid
)
DEPT = OrgUnit(
    "a0000000-0000-4000-8000-000000000003",
    3,
    "Leiden Institute of Physics",
    "department",
    FACULTY.uuid,
)

PERSONS = [
    Person(
        "b0000000-0000-4000-8000-000000000001",
        101,
        "Anna",
        "de Vries",
        [DEPT.uuid, FACULTY.uuid],
        "0000-0002-1825-0097",
        employee_id="E1001",
    ),
    Person(
        "b0000000-0000-4000-8000-000000000002",
        102,
        "Jürgen",
        "Müller",
        [DEPT.uuid],
        None,
        orcid_problem="missing",
    ),
    Person(
        "b0000000-0000-4000-8000-000000000003",
        103,
        "Erik Jan",
        "van Kampen",
        [FACULTY.uuid],
        "0000-0001-5109-3700",
    ),
]

_TYPES: tuple[WorkType, ...] = get_args(WorkType)


def _output(index: int) -> PureOutput:
    """Outputs that between them use every type, status, step and visibility, with and without
    DOI, subtitle, ISBN and external ids, so every rendering branch is exercised."""
    work_type = _TYPES[index % len(_TYPES)]
    person = PERSONS[index % len(PERSONS)]
    internal = Author(person.given_names, person.family_name, person.uuid, person.orcid)
    outsider = Author("D.C.", "Wijnker") if index % 2 else Author("Łukasz", "Dołęga Ñúñez")
    ids = [ExternalId("pmid", str(27982610 + index))] if index % 3 == 0 else []
    if index % 4 == 1:
        ids.append(ExternalId("eid", str(85002158060 + index)))
    if index % 5 == 2 and person.orcid:
        ids.append(ExternalId("orcid-work", f"/{person.orcid}/work/{144831000 + index}"))
    created = dt.datetime(2023, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=index)
    return PureOutput(
        uuid=f"c0000000-0000-4000-8000-{index:012d}",
        pure_id=1000 + index,
        true_work_id=index,
        type=work_type,
        title=f"Measurement of “quantum” effects in Möbius strips, part {index}",
        subtitle="A systematic mapping review" if index % 3 == 0 else None,
        year=2016 + index % 8,
        month=(index % 12) + 1 if index % 2 == 0 else None,
        day=(index % 27) + 1 if index % 4 == 0 else None,
        publication_status=("published", "epub", "inpress", "submitted")[index % 4],
        workflow_step=("approved", "forValidation", "entryInProgress")[index % 3],
        visibility=("FREE", "CAMPUS", "BACKEND", "FREE")[index % 4],
        person_uuids=[person.uuid],
        authors=[internal, outsider] if index % 2 else [outsider, internal],
        venue=None if index % 7 == 6 else f"Physical Review Letters {index}",
        issn="0031-9007" if index % 2 == 0 else None,
        isbns=["9781802700343"] if work_type in ("book", "book-chapter", "edited-book") else [],
        doi=f"10.1103/PhysRevLett.{117 + index}.232002" if index % 3 != 1 else None,
        additional_ids=ids,
        language=("en", "nl", "xx")[index % 3],
        created=created,
        modified=created + dt.timedelta(days=30) if index % 2 else created,
    )


def build_institution(outputs: int = 30) -> Institution:
    pure_outputs = [_output(i) for i in range(outputs)]
    true_works = {
        o.true_work_id: TrueWork(
            id=o.true_work_id,
            type=o.type,
            title=o.title,
            subtitle=o.subtitle,
            year=o.year,
            month=o.month,
            day=o.day,
            venue=o.venue,
            issn=o.issn,
            isbn=None,
            doi=o.doi,
            pmid=None,
            arxiv=None,
            eid=None,
            language="en",
            authors=o.authors,
        )
        for o in pure_outputs
    }
    orcid_work = OrcidWork(
        put_code=555,
        orcid=PERSONS[0].orcid or "",
        true_work_id=7,
        type="journal-article",
        title="From ORCID",
        subtitle=None,
        journal_title=None,
        year=2020,
        month=None,
        day=None,
        external_ids=[],
        contributors=[],
        visibility="public",
        source_client_id=None,
        source_name="Anna de Vries",
        created=NOW,
        last_modified=NOW,
    )
    record = OrcidRecord(
        orcid=PERSONS[0].orcid or "",
        given_names="Anna",
        family_name="de Vries",
        status="active",
        primary_orcid=None,
        deactivation_date=None,
        last_modified=NOW,
        works=[orcid_work],
    )
    return Institution(
        seed=7,
        name="Universiteit Leiden",
        org_units=[UNI, FACULTY, DEPT],
        persons=PERSONS,
        true_works=true_works,
        pure_outputs=pure_outputs,
        orcid_records={record.orcid: record},
        clients=[],
        tokens=[],
        pure_api_key=API_KEY,
    )


@pytest.fixture
def institution() -> Institution:
    return build_institution()


def make_client(institution: Institution, faults: FaultProfile | None = None) -> TestClient:
    app = create_pure_app(institution, faults, clock=lambda: NOW)
    return TestClient(app, headers={"api-key": API_KEY, "accept": "application/json"})


@pytest.fixture
def client(institution: Institution) -> Iterator[TestClient]:
    with make_client(institution) as test_client:
        yield test_client


@pytest.fixture
def moving_client(institution: Institution) -> Iterator[TestClient]:
    faults = FaultProfile("moving", "records move while paging", mutate_while_paging=True)
    with make_client(institution, faults) as test_client:
        yield test_client


# --------------------------------------------------------------------------- key paths


def _key_paths(document: Any) -> dict[str, set[str]]:
    """Every key path (list items as `[]`) with the JSON types seen there."""
    paths: dict[str, set[str]] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            kind = "object"
            for key, child in value.items():
                walk(child, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            kind = "array"
            for child in value:
                walk(child, f"{path}[]")
        elif isinstance(value, bool):
            kind = "boolean"
        elif isinstance(value, int):
            kind = "integer"
        elif isinstance(value, float):
            kind = "number"
        elif isinstance(value, str):
            kind = "string"
        else:
            kind = "null"
        paths.setdefault(path or "$", set()).add(kind)

    walk(document, "")
    return paths


@pytest.fixture(scope="session")
def key_paths() -> Callable[[Any], dict[str, set[str]]]:
    """Test modules get helpers as fixtures: several conftest modules may share one import name."""
    return _key_paths


@pytest.fixture(scope="session")
def client_factory() -> Callable[[Institution, FaultProfile | None], TestClient]:
    return make_client


@pytest.fixture(scope="session")
def fixture_json() -> Callable[[str], Any]:
    def load(relative: str) -> Any:
        return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))

    return load


# --------------------------------------------------------------------------- Swagger 2.0 (WS)

WS_OBSERVED_NAMES: dict[str, dict[str, str]] = {
    "WSTemporalTitle": {"title": "value"},  # UMN RO journalAssociation.title.value
    "WSTemporalISSN": {"issn": "value"},  # UMN RO journalAssociation.issn.value
    "WSId": {"id": "value"},  # UMN RO info.additionalExternalIds[].value
    "*": {"primaryAssociation": "isPrimaryAssociation"},  # UMN person, every association kind
    "WSContributionToJournal": {"journal": "journalAssociation"},  # UMN RO
}
"""Swagger property → the JSON key real WS 5.24 records use instead ("*": in every definition)."""

WS_OBSERVED_FIELDS: dict[str, dict[str, Any]] = {
    "WSElectronicVersionAssociation": {"doi": {"type": "string"}},  # UMN RO electronicVersions[]
}
"""Fields real records carry that the swagger leaves to XML subtypes it does not list."""

WS_CHANGE = {
    "type": "object",
    "properties": {
        "uuid": {"type": "string"},
        "changeType": {"enum": ["CREATE", "UPDATE", "DELETE"]},
        "family": {"type": "string"},
        "familySystemName": {"type": "string"},
        "version": {"type": "integer"},
        "relationChanges": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "uuid": {"type": "string"},
                    "family": {"type": "string"},
                    "familySystemName": {"type": "string"},
                    "changeType": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
    },
    "required": ["uuid", "changeType", "family", "familySystemName", "version"],
    "additionalProperties": False,
}
"""The swagger's `WSAbstractChange` is a bare `{"type": "object"}`; this is the item shape of the
UMN change responses, which are validated against it too."""

WS_SUBTYPES = {
    "contributiontojournal": "WSContributionToJournal",
    "contributiontobookanthology": "WSContributionToBookAnthology",
    "bookanthology": "WSBookAnthology",
    "contributiontoconference": "WSContributionToConference",
    "contributiontoperiodical": "WSContributionToPeriodical",
    "thesis": "WSThesis",
    "workingpaper": "WSWorkingPaper",
    "nontextual": "WSNonTextual",
    "othercontribution": "WSOtherContribution",
    "patent": "WSPatent",
    "memorandum": "WSMemorandum",
}
"""WS research outputs are typed by XML element; in JSON only `type.uri` tells the subtype."""

_STRIP = ("xml", "format", "description", "example", "readOnly", "writeOnly")


def _ws_schema(swagger: dict[str, Any]) -> dict[str, Any]:
    raw = swagger["definitions"]

    def flat(name: str) -> tuple[dict[str, Any], list[str]]:
        props: dict[str, Any] = {}
        required: list[str] = []
        for part in raw[name].get("allOf", [raw[name]]):
            if "$ref" in part:
                sub_props, sub_required = flat(part["$ref"].rsplit("/", 1)[-1])
            else:
                sub_props, sub_required = part.get("properties", {}), part.get("required", [])
            props.update(sub_props)
            required += sub_required
        return props, required

    def convert(node: Any) -> Any:
        if isinstance(node, list):
            return [convert(n) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target = node["$ref"].rsplit("/", 1)[-1]
            return {"$ref": f"#/definitions/{target}"}
        return {k: convert(v) for k, v in node.items() if k not in _STRIP}

    definitions: dict[str, Any] = {}
    for name in raw:
        props, required = flat(name)
        renamed = {}
        for key, prop in props.items():
            observed = {**WS_OBSERVED_NAMES["*"], **WS_OBSERVED_NAMES.get(name, {})}
            json_key = observed.get(key) or prop.get("xml", {}).get("name", key)
            renamed[json_key] = convert(prop)
        for base in _ancestors(raw, name):
            for key, value in WS_OBSERVED_NAMES.get(base, {}).items():
                if key in renamed:
                    renamed[value] = renamed.pop(key)
        for base in [name, *_ancestors(raw, name)]:
            renamed.update(WS_OBSERVED_FIELDS.get(base, {}))
        definitions[name] = {
            "type": "object",
            "properties": renamed,
            "required": sorted(set(required)),
            "additionalProperties": False,
        }
        if not required:
            del definitions[name]["required"]
    definitions["WSAbstractChange"] = WS_CHANGE
    definitions["WSResearchOutputBase"] = definitions["WSResearchOutput"]
    definitions["WSResearchOutput"] = {"wsResearchOutputSubtype": True}
    return {"definitions": definitions}


def _ancestors(raw: dict[str, Any], name: str) -> list[str]:
    parents = [p["$ref"].rsplit("/", 1)[-1] for p in raw[name].get("allOf", []) if "$ref" in p]
    return parents + [a for p in parents for a in _ancestors(raw, p)]


def _ws_subtype(validator: Any, _: Any, instance: Any, __: Any) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        yield ValidationError("a research output must be an object")
        return
    uri = (instance.get("type") or {}).get("uri", "")
    family = uri.split("/researchoutputtypes/")[-1].split("/")[0] if uri else ""
    target = WS_SUBTYPES.get(family, "WSResearchOutputBase")
    yield from validator.descend(instance, {"$ref": f"#/definitions/{target}"})


WsValidatorClass = validators.extend(Draft4Validator, {"wsResearchOutputSubtype": _ws_subtype})


@pytest.fixture(scope="session")
def ws_validate(fixture_json: Callable[[str], Any]) -> Callable[[Any, str], None]:
    """Raise unless `instance` is a valid WS 5.24 `definition` (e.g. WSResearchOutputListResult)."""
    root = _ws_schema(fixture_json("schemas/ws-524-swagger.json"))

    def validate(instance: Any, definition: str) -> None:
        schema = {**root, "$ref": f"#/definitions/{definition}"}
        WsValidatorClass(schema).validate(instance)

    return validate


# --------------------------------------------------------------------------- OpenAPI 3.0 (API)


def _api_schema(openapi: dict[str, Any], strict: bool) -> dict[str, Any]:
    """components/schemas as draft-4 definitions: `allOf` flattened (so `additionalProperties:
    false` can apply to the whole object), `nullable` as a null type, and `discriminator` kept as
    a keyword that validates against the schema its value selects."""
    raw = openapi["components"]["schemas"]

    def flat(schema: dict[str, Any]) -> tuple[dict[str, Any], list[str], Any]:
        props: dict[str, Any] = {}
        required: list[str] = list(schema.get("required", []))
        additional = schema.get("additionalProperties")
        for part in schema.get("allOf", []):
            part = raw[part["$ref"].rsplit("/", 1)[-1]] if "$ref" in part else part
            sub_props, sub_required, sub_additional = flat(part)
            props.update(sub_props)
            required += sub_required
            additional = additional if additional is not None else sub_additional
        props.update(schema.get("properties", {}))
        return props, required, additional

    def convert(node: Any) -> Any:
        if isinstance(node, list):
            return [convert(n) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return {"$ref": "#/definitions/" + node["$ref"].rsplit("/", 1)[-1]}
        out: dict[str, Any] = {}
        if "allOf" in node or "properties" in node:
            props, required, additional = flat(node)
            out["type"] = "object"
            out["properties"] = {k: convert(v) for k, v in props.items()}
            if required:
                out["required"] = sorted(set(required))
            if additional is not None:
                out["additionalProperties"] = convert(additional)
            elif strict:
                out["additionalProperties"] = False
        for key, value in node.items():
            if key in ("allOf", "properties", "required", "additionalProperties", "nullable"):
                continue
            if key in ("xml", "description", "example", "readOnly", "writeOnly", "discriminator"):
                continue
            out[key] = convert(value)
        if "additionalProperties" in node and "additionalProperties" not in out:
            out["additionalProperties"] = convert(node["additionalProperties"])
        if node.get("nullable") and "type" in out:
            out["type"] = [out["type"], "null"]
        return out

    definitions = {}
    for name, schema in raw.items():
        if "discriminator" in schema:
            disc = schema["discriminator"]
            mapping = {
                value: "#/definitions/" + target.rsplit("/", 1)[-1]
                for value, target in disc.get("mapping", {}).items()
            }
            definitions[name] = {
                "discriminator": {"propertyName": disc["propertyName"], "mapping": mapping}
            }
        else:
            definitions[name] = convert(schema)
    return {"definitions": definitions}


def _discriminator(validator: Any, spec: Any, instance: Any, _: Any) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        yield ValidationError(f"expected an object, got {instance!r}")
        return
    value = instance.get(spec["propertyName"])
    target = spec["mapping"].get(value)
    if target is None:
        yield ValidationError(
            f"{spec['propertyName']}={value!r} is not one of {sorted(spec['mapping'])}"
        )
        return
    yield from validator.descend(instance, {"$ref": target})


ApiValidatorClass = validators.extend(Draft4Validator, {"discriminator": _discriminator})


@pytest.fixture(scope="session")
def api_validate(fixture_json: Callable[[str], Any]) -> Callable[..., None]:
    """Raise unless `instance` is a valid Pure API `component`; `strict=False` lets through
    properties the 2023 spec does not declare (newer Pure versions add some)."""
    openapi = fixture_json("schemas/openapi-experts.umn.edu-2023-08-02.json")
    roots = {strict: _api_schema(copy.deepcopy(openapi), strict) for strict in (True, False)}

    def validate(instance: Any, component: str, *, strict: bool = True) -> None:
        schema = {**roots[strict], "$ref": f"#/definitions/{component}"}
        ApiValidatorClass(schema, format_checker=FormatChecker()).validate(instance)

    return validate
