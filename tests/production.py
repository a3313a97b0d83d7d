"""Real `pure-orcid` processes against the simulators, as the office runs them: a database and
both simulators serving a small institution, and the environment such a process needs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from prefect.settings import get_current_settings
from psycopg import sql
from pydantic import SecretStr
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from pipeline.config import Settings
from pipeline.probes import PROBE, PROBE_FILE
from pipeline.sources.orcid.tokens import store_tokens, token_cipher
from sim.model import Institution
from sim.serve import Simulators, running_simulators
from sim.tokens import granted_tokens

PURE_ORCID = str(Path(sys.executable).parent / "pure-orcid")


@dataclass
class ProductionWorld:
    """A database and both simulators serving one small institution, and the environment a
    `pure-orcid` process needs to work on them."""

    engine: Engine
    environment: dict[str, str]
    directory: Path
    sims: Simulators

    def start(self, *arguments: str, probe: str | None = None, own_server: bool = False):
        """`pure-orcid run …` in a process of its own. With `probe`, it stops in the middle of
        that stage; with `own_server`, it starts Prefect's temporary server as it does with no
        PREFECT_API_URL (otherwise it uses the session's test server, to save the seconds)."""
        environment = dict(self.environment)
        if probe is not None:
            environment[PROBE] = probe
            environment[PROBE_FILE] = str(self.directory / f"{probe}.reached")
        if own_server:
            del environment["PREFECT_API_URL"]
            environment["PREFECT_HOME"] = str(self.directory / "prefect-home")
            environment["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
        return subprocess.Popen(
            [PURE_ORCID, *arguments],
            cwd=self.directory,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def command(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PURE_ORCID, *arguments],
            cwd=self.directory,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def history(self):
        with self.engine.connect() as connection:
            return connection.execute(
                text("SELECT * FROM reporting.run_history ORDER BY run_id")
            ).all()

    def reached(self, probe: str, process: subprocess.Popen[str], timeout: float = 300) -> None:
        signal_file = self.directory / f"{probe}.reached"
        deadline = time.monotonic() + timeout
        while not signal_file.exists():
            if process.poll() is not None:
                pytest.fail(f"the run ended before reaching {probe}: {process.stdout.read()}")
            assert time.monotonic() < deadline, f"the run never reached {probe}"
            time.sleep(0.2)


@contextmanager
def production_world(
    admin_uri: str, template: str, institution: Institution, directory: Path
) -> Iterator[ProductionWorld]:
    name = f"prod_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_uri, autocommit=True) as connection:
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    url = (
        make_url(admin_uri)
        .set(drivername="postgresql+psycopg", database=name, password=None)
        .render_as_string(hide_password=False)
    )
    engine = create_engine(url)
    key = Fernet.generate_key().decode()
    directory.mkdir(parents=True)
    try:
        with running_simulators(institution, orcid_rate=100.0, orcid_burst=40) as sims:
            settings = Settings(_env_file=None, orcid_token_key=SecretStr(key))
            store_tokens(engine, token_cipher(settings), granted_tokens(institution))
            yield ProductionWorld(engine, _environment(sims, url, key, directory), directory, sims)
    finally:
        engine.dispose()
        with psycopg.connect(admin_uri, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _environment(sims: Simulators, url: str, key: str, directory: Path) -> dict[str, str]:
    names = {name.upper() for name in Settings.model_fields} | {"PURE_ORCID_DATA_DIR"}
    environment = {k: v for k, v in os.environ.items() if k not in names}
    environment.update(sims.environment())
    environment.update(
        DATABASE_URL=url,
        ORCID_TOKEN_KEY=key,
        ORCID_RATE="100",
        PURE_ORCID_DATA_DIR=str(directory / "var"),
        PREFECT_API_URL=str(get_current_settings().api.url),
    )
    return environment
