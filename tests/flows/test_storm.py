"""A night in a storm (the `storm` fault profile: 5xx answers, broken bodies, slow answers,
dropped connections, researcher tokens revoked or expiring and an iD deprecated part-way
through, Pure records moving under the scan) completes, lists every failed request and every
record it could not read in `ops` with why, and shows them in its report. Once the storm is
over, the next night (`--full`) leaves exactly the state two quiet nights leave: the staging and
core tables and the token table compared by checksum (`tests.state`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, create_engine, text

from flows.nightly import nightly
from pipeline.config import Settings
from pipeline.sources.orcid.tokens import store_tokens, token_cipher
from sim.faults import FaultProfile, fault_profile
from sim.institution import InstitutionConfig, generate_institution
from sim.model import Institution
from sim.serve import Simulators, running_simulators
from sim.tokens import granted_tokens
from tests.databases import new_database
from tests.settings import clear_caches, isolate
from tests.simulated import RATE, point_at
from tests.state import business_state, token_state

pytestmark = [pytest.mark.usefixtures("prefect_api"), pytest.mark.timeout(600)]

REFUSED_TOKEN = "ORCID refused the researcher's token"
FAULT_SEED = 14
"""Which requests meet which transport fault: with this one, the few requests of a small night
meet every kind (a 5xx, a dropped connection, a broken body, a slow answer)."""


@pytest.fixture(scope="module")
def institution() -> Institution:
    """Few researchers: enough for one token revoked, one expired and one iD deprecated."""
    return generate_institution(InstitutionConfig(researchers=16, seed=8))


@dataclass(frozen=True)
class Nights:
    """Two nights on one database: the first under `profile`, the second after it."""

    first_run: int
    first_status: str
    failures: list[dict]
    """`reporting.run_failures` of the first night."""
    record_errors: int
    injected: Counter[str]
    """The transport faults the servers injected in the first night, by kind."""
    rejected_503: int
    """Requests ORCID's burst queue turned away in the first night (503s of its own)."""
    merged: dict[str, str]
    """The iDs the storm deprecated, with the primary it named."""
    record_status: dict[str, tuple[str, str | None]]
    """What `ops.orcid_record_status` said of each iD after the first night."""
    report: str
    """The first night's report (index.html)."""
    state: dict[str, str]
    tokens: str


@contextmanager
def _world(
    admin_uri: str, template: str, institution: Institution, profile: FaultProfile, folder: Path
) -> Iterator[tuple[Simulators, Engine, Settings]]:
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        new_database(admin_uri, template) as url,
        running_simulators(
            institution, profile, orcid_rate=RATE, orcid_burst=40, seed=FAULT_SEED
        ) as sims,
    ):
        isolate(monkeypatch, folder)
        monkeypatch.setenv("DATABASE_URL", url)
        # Pages of 50: a scan of many pages, which the storm's moving records can shift.
        monkeypatch.setenv("PURE_PAGE_SIZE", "50")
        settings = point_at(monkeypatch, sims, Fernet.generate_key().decode())
        engine = create_engine(url)
        try:
            store_tokens(engine, token_cipher(settings), granted_tokens(institution))
            yield sims, engine, settings
        finally:
            engine.dispose()
            clear_caches()


def _two_nights(
    admin_uri: str, template: str, institution: Institution, profile: FaultProfile, folder: Path
) -> Nights:
    with _world(admin_uri, template, institution, profile, folder) as (sims, engine, settings):
        orcid_sim = sims.orcid_faults.app.state.sim
        merged = dict(orcid_sim.merged_records)
        first = nightly(trigger="test")
        injected = sims.injected_faults()
        stats = httpx.get(f"{sims.orcid_url}/__sim/stats").json()
        with engine.connect() as connection:
            status = connection.execute(
                text("SELECT status FROM ops.runs WHERE run_id = :r"), {"r": first}
            ).scalar_one()
            failures = [
                dict(row._mapping)
                for row in connection.execute(
                    text("SELECT * FROM reporting.run_failures WHERE run_id = :r"), {"r": first}
                )
            ]
            record_errors = connection.execute(
                text("SELECT count(*) FROM ops.record_errors WHERE run_id = :r"), {"r": first}
            ).scalar_one()
            record_status = {
                row.orcid: (row.status, row.primary_orcid)
                for row in connection.execute(text("SELECT * FROM ops.orcid_record_status"))
            }
        report = (settings.report_root / f"run-{first}" / "index.html").read_text("utf-8")
        # The storm is over: the servers as if restarted without faults.
        sims.set_faults(fault_profile("none"))
        nightly(trigger="test", mode="full")
        return Nights(
            first,
            status,
            failures,
            record_errors,
            injected,
            stats["member"]["rejected_503"] + stats["public"]["rejected_503"],
            merged,
            record_status,
            report,
            business_state(engine, ("staging", "core")),
            token_state(engine),
        )


@pytest.fixture(scope="module")
def quiet(
    admin_uri: str, migrated_template: str, institution: Institution, tmp_path_factory
) -> Nights:
    folder = tmp_path_factory.mktemp("quiet")
    return _two_nights(admin_uri, migrated_template, institution, fault_profile("none"), folder)


@pytest.fixture(scope="module")
def storm(
    admin_uri: str, migrated_template: str, institution: Institution, tmp_path_factory
) -> Nights:
    folder = tmp_path_factory.mktemp("storm")
    return _two_nights(admin_uri, migrated_template, institution, fault_profile("storm"), folder)


def test_a_night_in_a_storm_completes_and_lists_every_failure_with_why(storm: Nights) -> None:
    assert storm.first_status == "succeeded"
    requests = [f for f in storm.failures if f["kind"] == "request"]
    records = [f for f in storm.failures if f["kind"] == "record"]
    assert all(f["reason"] and f["subject"] for f in storm.failures)
    # Every answer the servers broke is one failed attempt listed, and so is every 503 of
    # ORCID's burst queue; the researchers' tokens refused come on top.
    assert set(storm.injected) == {"server_error", "drop", "malformed", "slow"}
    broken = storm.injected["server_error"] + storm.injected["drop"] + storm.injected["malformed"]
    transport = [f for f in requests if not f["reason"].startswith(REFUSED_TOKEN)]
    assert len(transport) == broken + storm.rejected_503
    assert {re.sub(r"\d{3}", "5xx", f["reason"].split(":")[0]) for f in transport} <= {
        "HTTP 5xx",
        "RemoteProtocolError",
        "ReadError",
        "JSONDecodeError",
    }
    assert any(f["reason"].startswith(REFUSED_TOKEN) for f in requests)
    assert len(records) == storm.record_errors
    # The iD the storm deprecated is followed to the primary it named.
    [(deprecated, primary)] = storm.merged.items()
    assert storm.record_status[deprecated] == ("deprecated", primary)


def test_the_report_of_the_storm_night_shows_every_failure(storm: Nights) -> None:
    shown = dict(re.findall(r'data-figure="(\w+)" data-value="(\d+)"', storm.report))
    requests = [f for f in storm.failures if f["kind"] == "request"]
    assert int(shown["requests_failed"]) == len(requests)
    assert int(shown["requests_retried"]) == sum(f["retried"] for f in requests)
    assert int(shown["records_failed"]) == storm.record_errors
    assert storm.report.count('<tr data-kind="request">') == len(requests)
    assert storm.report.count('<tr data-kind="record">') == storm.record_errors


def test_a_quiet_night_lists_no_failure(quiet: Nights) -> None:
    assert quiet.first_status == "succeeded"
    assert quiet.failures == []
    assert "Nothing failed while Pure and ORCID were read" in quiet.report


def test_after_the_storm_the_next_night_heals_to_the_state_of_quiet_nights(
    storm: Nights, quiet: Nights
) -> None:
    differ = sorted(name for name in quiet.state if storm.state.get(name) != quiet.state[name])
    assert differ == []
    assert storm.tokens == quiet.tokens
