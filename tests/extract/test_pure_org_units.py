"""Organisational units reach staging with their kind and parent, so reports can climb from a
person's department to its faculty; units gone from Pure leave staging like other records."""

import dataclasses
import json

import httpx
import pytest
from sqlalchemy import text

from pipeline.config import Settings
from pipeline.context import StageContext
from pipeline.extract import pure as extract_pure
from tests.simulated import World

UNIT_FAMILY = "dk.atira.pure.api.shared.model.organisation.Organisation"


def _staged_units(world: World) -> dict[str, tuple[str, str | None, str | None]]:
    with world.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT source_record_id, name, kind, parent_id FROM staging.org_units "
                "WHERE source = 'pure'"
            )
        )
        return {uuid: (name, kind, parent) for uuid, name, kind, parent in rows}


def _unit_raw_deleted(world: World, uuid: str) -> bool:
    with world.engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT deleted_at IS NOT NULL FROM staging.raw_records "
                "WHERE source = 'pure' AND record_type = 'org-unit' AND source_record_id = :u"
            ),
            {"u": uuid},
        ).scalar_one()


@pytest.mark.parametrize("interface", ["ws524", "api"])
def test_a_full_scan_stages_every_unit_with_kind_and_parent(
    world: World, interface: str, isolated_settings
) -> None:
    isolated_settings.setenv("PURE_INTERFACE", interface)
    summary = extract_pure.run(StageContext(world.engine, Settings(), world.new_run(), "full"))

    units = world.institution.org_units
    assert {unit.kind for unit in units} == {"university", "faculty", "department"}
    assert _staged_units(world) == {u.uuid: (u.name, u.kind, u.parent_uuid) for u in units}
    # The Pure API's scan is repeated until a pass finds nothing new, and counts each pass.
    assert summary.org_units >= len(units)
    assert summary.errors == 0
    with world.engine.connect() as connection:
        raw = connection.execute(
            text(
                "SELECT count(*) FROM staging.raw_records "
                "WHERE source = 'pure' AND record_type = 'org-unit'"
            )
        ).scalar_one()
        person_units = connection.execute(
            text("SELECT DISTINCT unnest(org_unit_ids) FROM staging.persons WHERE source = 'pure'")
        ).scalars()
        referenced = set(person_units)
    assert raw == len(units)
    assert referenced
    assert referenced <= set(_staged_units(world))


@pytest.mark.world("extracted", own_simulators=True)
def test_a_full_scan_removes_a_unit_gone_from_pure(world: World) -> None:
    gone = next(u for u in world.institution.org_units if u.kind == "department")
    del world.pure_state.org_units[gone.uuid]  # no change-feed entry: only the scan can tell

    summary = extract_pure.run(StageContext(world.engine, world.settings, world.new_run(), "full"))
    assert gone.uuid not in _staged_units(world)
    assert len(_staged_units(world)) == len(world.institution.org_units) - 1
    assert _unit_raw_deleted(world, gone.uuid)
    assert summary.removed >= 1


class _FeedWithUnitChanges(httpx.AsyncBaseTransport):
    """The simulator's feed records no unit changes; this adds some to the first feed page the
    pipeline reads, as UMN's feed carries `Organisation` changes among the rest."""

    def __init__(self, changes: list[dict]) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._pending = changes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if "/changes/" not in request.url.path or not self._pending:
            return response
        body = json.loads(await response.aread())
        body["items"] = [*body.get("items", []), *self._pending]
        body["count"] += len(self._pending)
        self._pending = []
        return httpx.Response(200, json=body)

    async def aclose(self) -> None:
        await self._inner.aclose()


def _change(uuid: str, change_type: str) -> dict:
    return {
        "uuid": uuid,
        "changeType": change_type,
        "family": UNIT_FAMILY,
        "familySystemName": "Organisation",
        "version": 1,
    }


@pytest.mark.world("extracted", own_simulators=True)
def test_the_change_feed_brings_unit_updates_and_deletions(world: World) -> None:
    faculty = next(u for u in world.institution.org_units if u.kind == "faculty")
    gone = next(u for u in world.institution.org_units if u.kind == "department")
    state = world.pure_state
    state.org_units[faculty.uuid] = dataclasses.replace(faculty, name="Faculty of Renamed")
    del state.org_units[gone.uuid]
    feed = _FeedWithUnitChanges([_change(faculty.uuid, "UPDATE"), _change(gone.uuid, "DELETE")])

    summary = extract_pure.run(
        StageContext(world.engine, world.settings, world.new_run()), transport=feed
    )
    assert summary.mode == "incremental"
    assert summary.org_units == 1
    assert summary.removed == 1
    staged = _staged_units(world)
    assert staged[faculty.uuid] == ("Faculty of Renamed", "faculty", faculty.parent_uuid)
    assert gone.uuid not in staged
    assert _unit_raw_deleted(world, gone.uuid)
