"""The deployments of prefect.yaml, as an operator sets them up: a local Prefect server of its
own, a process work pool, `prefect deploy --all` with the project's file, and one run of the
`nightly` deployment through a process worker, to completion against the simulators. Then the
automation of `pure-orcid alerts prefect`, seen posting a failed run to a webhook."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
import yaml
from sqlalchemy import text

from sim.institution import InstitutionConfig, generate_institution
from tests.production import PURE_ORCID, production_world

PROJECT = Path(__file__).resolve().parents[2]
PREFECT = str(Path(sys.executable).parent / "prefect")

pytestmark = [pytest.mark.xdist_group("deployment"), pytest.mark.timeout(900)]


def test_the_prefect_version_of_prefect_yaml_is_the_pinned_one() -> None:
    declared = yaml.safe_load((PROJECT / "prefect.yaml").read_text())["prefect-version"]
    pinned = next(
        line.split("==")[1].strip('",')
        for line in (PROJECT / "pyproject.toml").read_text().splitlines()
        if line.strip().startswith('"prefect==')
    )
    assert declared == pinned == version("prefect")


def test_the_deployments_are_scheduled_at_night_in_amsterdam() -> None:
    deployments = {
        d["name"]: d for d in yaml.safe_load((PROJECT / "prefect.yaml").read_text())["deployments"]
    }
    assert set(deployments) == {"nightly", "weekly-full"}
    assert deployments["nightly"]["parameters"]["mode"] == "incremental"
    assert deployments["weekly-full"]["parameters"]["mode"] == "full"
    crons = {name: d["schedules"][0]["cron"] for name, d in deployments.items()}
    assert crons == {"nightly": "0 2 * * 1-6", "weekly-full": "0 2 * * 0"}  # never both at once
    assert {d["schedules"][0]["timezone"] for d in deployments.values()} == {"Europe/Amsterdam"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _prefect(environment: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(
        [PREFECT, "--no-prompt", *arguments],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class _Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        self.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *arguments: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[str]:
    _Hook.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/alerts"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """`prefect server start` on a free port with a home of its own: the environment that
    points Prefect's command line (and a worker) at it."""
    port = _free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")},
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
    }
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the Prefect server did not start"
            time.sleep(0.5)
        yield {**environment, "PREFECT_API_URL": api}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _flow_run_state(api: str, flow_run_id: str) -> str:
    return httpx.get(f"{api}/flow_runs/{flow_run_id}", timeout=10).json()["state"]["type"]


def _start_deployment_run(environment: dict[str, str], *arguments: str) -> str:
    output = _prefect(environment, "deployment", "run", *arguments)
    return next(line.split()[-1] for line in output.splitlines() if "UUID" in line)


def test_a_deployment_run_goes_through_a_process_worker_to_completion(
    prefect_server: dict[str, str],
    admin_uri: str,
    migrated_template: str,
    tmp_path: Path,
    webhook: str,
) -> None:
    began = time.monotonic()
    institution = generate_institution(InstitutionConfig(researchers=8, seed=3))
    with production_world(admin_uri, migrated_template, institution, tmp_path / "w") as world:
        environment = {
            **world.environment,
            **prefect_server,
            "PURE_ORCID_HOME": str(PROJECT),
            "ALERT_WEBHOOK_URL": webhook,
        }
        _prefect(environment, "work-pool", "create", "pure-orcid", "--type", "process")
        deployed = _prefect(
            environment, "deploy", "--all", "--prefect-file", str(PROJECT / "prefect.yaml")
        )
        assert "nightly/nightly" in deployed
        assert "nightly/weekly-full" in deployed
        installed = subprocess.run(
            [PURE_ORCID, "alerts", "prefect"],
            cwd=world.directory,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert installed.returncode == 0, installed.stdout + installed.stderr

        flow_run = _start_deployment_run(environment, "nightly/nightly")
        _prefect(environment, "worker", "start", "--pool", "pure-orcid", "--run-once")
        api = prefect_server["PREFECT_API_URL"]
        assert _flow_run_state(api, flow_run) == "COMPLETED"
        with world.engine.connect() as connection:
            run = connection.execute(
                text("SELECT trigger, status, parameters, flow_run_id::text FROM ops.runs")
            ).one()
        assert run.trigger == "schedule"
        assert run.status == "succeeded"
        assert run.parameters["mode"] == "incremental"
        assert run.flow_run_id == flow_run

        # A run that fails: the server's automation posts it to the webhook.
        failing = _start_deployment_run(
            environment, "nightly/nightly", "--param", 'stages=["no-such-stage"]'
        )
        _prefect(environment, "worker", "start", "--pool", "pure-orcid", "--run-once")
        assert _flow_run_state(api, failing) == "FAILED"
        deadline = time.monotonic() + 120
        while not any(notice.get("flow_run_id") == failing for notice in _Hook.received):
            assert time.monotonic() < deadline, f"no notice from the automation: {_Hook.received}"
            time.sleep(1)
        [notice] = [n for n in _Hook.received if n.get("flow_run_id") == failing]
        assert notice["source"] == "prefect"
        assert notice["state"] == "Failed"
        assert "unknown stages: no-such-stage" in notice["text"]
    print(f"deployment smoke test: {time.monotonic() - began:.0f} s")
