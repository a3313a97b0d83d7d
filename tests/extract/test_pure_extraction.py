"""Pure extraction against the simulator: full scans reconcile, the change feed keeps up."""

import dataclasses

import pytest
from sqlalchemy import text

from pipeline.config import Settings
from pipeline.context import StageContext
from pipeline.extract import pure as extract_pure
from pipeline.stages import run_named_stage
from sim.faults import fault_profile
from tests.simulated import World, serve_world


def _staged(world: World, table: str = "staging.works") -> set[str]:
    with world.engine.connect() as connection:
        return set(
            connection.execute(
                text(f"SELECT source_record_id FROM {table} WHERE source = 'pure'")
            ).scalars()
        )


def _current_outputs(world: World) -> set[str]:
    return {output.uuid for output in world.pure_state.outputs()}


@pytest.mark.parametrize("interface", ["ws524", "api"])
def test_a_full_scan_stages_every_output_and_person(
    world: World, interface: str, isolated_settings
) -> None:
    isolated_settings.setenv("PURE_INTERFACE", interface)
    summary = extract_pure.run(StageContext(world.engine, Settings(), world.new_run(), "full"))
    assert _staged(world) == _current_outputs(world)
    assert _staged(world, "staging.persons") == {p.uuid for p in world.institution.persons}
    assert summary.errors == 0
    with world.engine.connect() as connection:
        raw = connection.execute(
            text(
                "SELECT count(*) FROM staging.raw_records "
                "WHERE source = 'pure' AND record_type = 'research-output'"
            )
        ).scalar_one()
    assert raw == len(_current_outputs(world))


@pytest.mark.world("extracted", own_simulators=True)
def test_the_change_feed_brings_an_update_into_the_next_run(world: World) -> None:
    state = world.pure_state
    output = state.outputs()[0]
    state.update(dataclasses.replace(output, title="A corrected title"), None)

    summary = extract_pure.run(StageContext(world.engine, world.settings, world.new_run()))
    assert summary.mode == "incremental"
    with world.engine.connect() as connection:
        title = connection.execute(
            text("SELECT title FROM staging.works WHERE source_record_id = :uuid"),
            {"uuid": output.uuid},
        ).scalar_one()
    assert title == "A corrected title"
    assert summary.research_outputs == 1


@pytest.mark.world("extracted", own_simulators=True)
def test_a_full_scan_finds_a_deletion_the_change_feed_missed(world: World) -> None:
    state = world.pure_state
    gone = state.outputs()[5].uuid
    with state._lock:  # removed behind the change feed's back, as happens after a restore
        state._order.remove(gone)
        del state._outputs[gone]

    summary = extract_pure.run(StageContext(world.engine, world.settings, world.new_run(), "full"))
    assert summary.removed == 1
    assert gone not in _staged(world)
    with world.engine.connect() as connection:
        deleted = connection.execute(
            text(
                "SELECT deleted_at IS NOT NULL FROM staging.raw_records WHERE source_record_id = :u"
            ),
            {"u": gone},
        ).scalar_one()
    assert deleted


def test_records_moving_during_the_scan_are_neither_lost_nor_kept_when_gone(
    configured, isolated_settings, engine
) -> None:
    for world in serve_world(isolated_settings, engine, faults=fault_profile("moving")):
        extract_pure.run(StageContext(world.engine, world.settings, world.new_run(), "full"))
        mutations = world.pure_state.mutations
        assert mutations.added, "records were added during the scan"
        assert mutations.removed, "records were removed during the scan"
        assert _staged(world) == _current_outputs(world)


def test_flaky_servers_cost_retries_not_records(configured, isolated_settings, engine) -> None:
    for world in serve_world(isolated_settings, engine, faults=fault_profile("flaky")):
        run_id = world.new_run()
        figures = run_named_stage(
            StageContext(world.engine, world.settings, run_id, "full"), "extract-pure"
        )
        assert figures["errors"] == 0
        assert _staged(world) == _current_outputs(world)
        injected = world.sims.pure_faults.injected
        # Every answer cut short or failed is sent again once; a slow one just arrives late.
        assert (
            figures["retries"]
            == injected["server_error"] + injected["drop"] + injected["malformed"]
        )
        with world.engine.connect() as connection:
            recorded = connection.execute(
                text("SELECT request_retries FROM reporting.run_history WHERE run_id = :r"),
                {"r": run_id},
            ).scalar_one()
        assert recorded == figures["retries"]
