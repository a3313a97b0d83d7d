"""Both simulators over real HTTP on loopback, as the pipeline and `sim serve` use them."""

from __future__ import annotations

import shlex
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from starlette.applications import Starlette

from pipeline.config import Settings
from sim.cli import sim
from sim.faults import PROFILES, fault_profile
from sim.model import Institution
from sim.serve import Simulators, SimulatorStartError, running_simulators, serving

ENVIRONMENT = {
    "PURE_WS_URL",
    "PURE_API_URL",
    "PURE_API_KEY",
    "ORCID_PUBLIC_API_URL",
    "ORCID_MEMBER_API_URL",
    "ORCID_TOKEN_URL",
    "ORCID_CLIENT_ID",
    "ORCID_CLIENT_SECRET",
}
ORCID_JSON = {"accept": "application/vnd.orcid+json"}


@pytest.fixture(scope="module")
def sims(small_institution: Institution) -> Iterator[Simulators]:
    with running_simulators(small_institution, fault_profile("none")) as running:
        yield running


def read_public_token(client: httpx.Client, sims: Simulators) -> str:
    answer = client.post(
        sims.orcid_token_url,
        data={
            "client_id": sims.orcid_client_id,
            "client_secret": sims.orcid_client_secret,
            "grant_type": "client_credentials",
            "scope": "/read-public",
        },
        headers={"accept": "application/json"},
    )
    answer.raise_for_status()
    return answer.json()["access_token"]


def researcher_with_works(institution: Institution) -> str:
    return next(
        orcid
        for orcid, record in institution.orcid_records.items()
        if record.status == "active" and any(w.visibility == "public" for w in record.works)
    )


def test_orcid_answers_with_a_token_over_http(
    sims: Simulators, small_institution: Institution
) -> None:
    orcid = researcher_with_works(small_institution)
    with httpx.Client(timeout=5) as client:
        token = read_public_token(client, sims)
        member = client.get(
            f"{sims.orcid_member_api_url}/{orcid}/works",
            headers={**ORCID_JSON, "authorization": f"Bearer {token}"},
        )
        public = client.get(f"{sims.orcid_public_api_url}/{orcid}/works", headers=ORCID_JSON)
    assert member.status_code == 200
    assert member.json()["group"]
    assert public.status_code == 200
    assert public.json()["group"]


def test_pure_answers_with_the_api_key_over_http(sims: Simulators) -> None:
    with httpx.Client(timeout=5, headers={"accept": "application/json"}) as client:
        ws = client.get(
            f"{sims.pure_ws_url}/research-outputs",
            params={"size": 5},
            headers={"api-key": sims.pure_api_key},
        )
        api = client.post(
            f"{sims.pure_api_url}/research-outputs/search",
            json={"size": 5},
            headers={"api-key": sims.pure_api_key},
        )
        refused = client.get(f"{sims.pure_ws_url}/research-outputs")
    assert ws.status_code == 200
    assert len(ws.json()["items"]) == 5
    assert api.status_code == 200
    assert len(api.json()["items"]) == 5
    assert refused.status_code == 401


def test_environment_is_what_the_pipeline_reads(
    sims: Simulators, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = sims.environment()
    assert set(environment) == ENVIRONMENT
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert str(settings.pure_ws_url).rstrip("/") == sims.pure_ws_url
    assert str(settings.orcid_member_api_url).rstrip("/") == sims.orcid_member_api_url
    assert str(settings.orcid_token_url) == sims.orcid_token_url
    assert settings.secret("pure_api_key") == sims.pure_api_key
    assert settings.secret("orcid_client_secret") == sims.orcid_client_secret
    assert sims.pure_api_key not in repr(sims)
    assert sims.orcid_client_secret not in repr(sims)


def test_faults_spare_the_token_endpoint_and_control_paths(
    small_institution: Institution,
) -> None:
    failing = replace(fault_profile("none"), name="failing", server_error_rate=1.0)
    orcid = researcher_with_works(small_institution)
    with (
        running_simulators(small_institution, failing) as faulty,
        httpx.Client(timeout=5) as client,
    ):
        token = read_public_token(client, faulty)
        works = client.get(
            f"{faulty.orcid_member_api_url}/{orcid}/works",
            headers={**ORCID_JSON, "authorization": f"Bearer {token}"},
        )
        ws = client.get(
            f"{faulty.pure_ws_url}/research-outputs", headers={"api-key": faulty.pure_api_key}
        )
        stats = client.get(f"{faulty.pure_url}/__sim/stats")
        injected = faulty.injected_faults()
    assert works.status_code in {500, 502, 503}
    assert ws.status_code in {500, 502, 503}
    assert stats.status_code == 200
    assert injected == {"server_error": 2}


def test_ports_are_released_on_exit(small_institution: Institution) -> None:
    with running_simulators(small_institution) as running:
        url = running.pure_url
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/__sim/stats", timeout=2)


def test_a_server_that_cannot_start_is_reported() -> None:
    @asynccontextmanager
    async def broken(app: Starlette) -> AsyncIterator[None]:
        raise RuntimeError("no database")
        yield

    with (
        pytest.raises(SimulatorStartError, match="broken-app"),
        serving(Starlette(lifespan=broken), "broken-app"),
    ):
        pytest.fail("the block must not run")


def test_serve_help_lists_every_fault_profile() -> None:
    result = CliRunner().invoke(sim, ["serve", "--help"])
    assert result.exit_code == 0
    for name in PROFILES:
        assert name in result.output


def test_serve_prints_exports_serves_and_stops_on_sigterm(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "from sim.cli import sim; sim()", "serve"]
    options = ["--researchers", "8", "--seed", "5", "--truth-dir", str(tmp_path / "truth")]
    process = subprocess.Popen(
        [*command, *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert process.stdout is not None
        environment: dict[str, str] = {}
        while len(environment) < len(ENVIRONMENT):
            line = process.stdout.readline()
            assert line, f"serve ended early: {process.stderr.read() if process.stderr else ''}"
            if line.startswith("export "):
                name, _, value = shlex.split(line)[1].partition("=")
                environment[name] = value
        assert set(environment) == ENVIRONMENT
        answer = httpx.get(
            f"{environment['PURE_WS_URL']}/research-outputs",
            headers={"api-key": environment["PURE_API_KEY"], "accept": "application/json"},
            timeout=5,
        )
        assert answer.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=10)
    assert returncode == 0
    assert (tmp_path / "truth" / "true_works.csv").is_file()
