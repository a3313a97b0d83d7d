"""The filters a harvester uses in query bodies: WS `WSResearchOutputsQuery`/`WSPersonsQuery`/
`WSOrganisationsQuery` and the Pure API's `ResearchOutputsQuery`/`PersonsQuery`/
`OrganizationsQuery` (whose only filters are `uuids` and `searchString`). Unknown filters are
ignored, as Pure ignores properties it does not know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sim.model import OrgUnit, Person, PureOutput
from sim.pure import vocabulary as vocab


class BadQuery(ValueError):
    pass


def _moment(value: Any, zone: dt.tzinfo) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError as error:
        raise BadQuery(f"not a date-time: {value!r}") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _strings(query: dict[str, Any], key: str) -> set[str] | None:
    values = query.get(key)
    if values is None:
        return None
    if not isinstance(values, list):
        raise BadQuery(f"{key} must be an array")
    return {str(v) for v in values}


def _common(
    query: dict[str, Any], zone: dt.tzinfo
) -> list[Callable[[str, str, dt.datetime, dt.datetime | None], bool]]:
    """Predicates on (uuid, searchable text, modified, created) shared by both record kinds."""
    tests: list[Callable[[str, str, dt.datetime, dt.datetime | None], bool]] = []
    uuids = _strings(query, "uuids")
    if uuids is not None:
        tests.append(lambda u, _t, _m, _c: u in uuids)
    search = query.get("searchString")
    if search:
        needle = str(search).casefold()
        tests.append(lambda _u, t, _m, _c: needle in t.casefold())
    bounds = {
        key: _moment(query[key], zone)
        for key in ("modifiedAfter", "modifiedBefore", "createdAfter", "createdBefore")
        if query.get(key)
    }
    if "modifiedAfter" in bounds:
        tests.append(lambda _u, _t, m, _c: m > bounds["modifiedAfter"])
    if "modifiedBefore" in bounds:
        tests.append(lambda _u, _t, m, _c: m < bounds["modifiedBefore"])
    if "createdAfter" in bounds:
        tests.append(lambda _u, _t, _m, c: c is not None and c > bounds["createdAfter"])
    if "createdBefore" in bounds:
        tests.append(lambda _u, _t, _m, c: c is not None and c < bounds["createdBefore"])
    return tests


def filter_outputs(
    outputs: Iterable[PureOutput], query: dict[str, Any], zone: dt.tzinfo
) -> list[PureOutput]:
    tests = _common(query, zone)
    type_uris = _strings(query, "typeUris")
    steps = _strings(query, "workflowSteps")
    statuses = _strings(query, "publicationStatuses")
    return [
        o
        for o in outputs
        if all(
            test(o.uuid, f"{o.title} {o.subtitle or ''}", o.modified, o.created) for test in tests
        )
        and (type_uris is None or vocab.OUTPUT_TYPES[o.type].uri in type_uris)
        and (steps is None or o.workflow_step in steps)
        and (statuses is None or f"{vocab.RO_STATUS}/{o.publication_status}" in statuses)
    ]


def filter_persons(
    persons: Iterable[Person], query: dict[str, Any], zone: dt.tzinfo
) -> list[Person]:
    tests = _common(query, zone)
    return [
        p
        for p in persons
        if all(test(p.uuid, f"{p.given_names} {p.family_name}", p.modified, None) for test in tests)
    ]


def filter_org_units(
    units: Iterable[OrgUnit], query: dict[str, Any], *, by_type: bool
) -> list[OrgUnit]:
    """`uuids`, a name search and, where the query type has it (`by_type`, the WS), the
    `organisationalUnitTypeUris`. Date filters are ignored, as Pure ignores what it cannot apply:
    the model keeps no dates for units."""
    uuids = _strings(query, "uuids")
    type_uris = _strings(query, "organisationalUnitTypeUris") if by_type else None
    needle = str(query.get("searchString") or "").casefold()
    return [
        unit
        for unit in units
        if (uuids is None or unit.uuid in uuids)
        and (type_uris is None or vocab.ORG_TYPES[unit.kind][0] in type_uris)
        and needle in unit.name.casefold()
    ]
