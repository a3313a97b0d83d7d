"""A simulated institution served over real HTTP on loopback, and the pipeline pointed at it.

The `world` fixture (tests/conftest.py) gives a test one of these; a test that needs another
size or fault profile calls `serve_world` itself."""

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine

from pipeline import runs
from pipeline.config import Settings
from pipeline.sources.orcid.tokens import store_tokens, token_cipher
from sim.faults import FaultProfile
from sim.institution import InstitutionConfig, generate_institution
from sim.model import Institution
from sim.serve import Simulators, running_simulators
from sim.tokens import granted_tokens

RATE = 100.0
"""Fast enough for a test; the limit itself is what the benchmarks measure at 24 and 100."""


@dataclass
class World:
    institution: Institution
    sims: Simulators
    settings: Settings
    engine: Engine

    def new_run(self) -> int:
        return runs.start_run(self.engine, trigger="test")

    def orcid_stats(self) -> dict:
        return httpx.get(f"{self.sims.orcid_url}/__sim/stats").json()

    @property
    def orcid_sim(self):
        return self.sims.orcid_faults.app.state.sim

    @property
    def orcid_state(self):
        return self.orcid_sim.state

    @property
    def pure_state(self):
        return self.sims.pure_faults.app.state.pure


def serve_world(
    monkeypatch: pytest.MonkeyPatch,
    engine: Engine,
    *,
    researchers: int = 40,
    seed: int = 7,
    faults: FaultProfile | None = None,
) -> Iterator[World]:
    institution = generate_institution(InstitutionConfig(researchers=researchers, seed=seed))
    with running_simulators(institution, faults, orcid_rate=RATE, orcid_burst=40) as sims:
        for name, value in sims.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("ORCID_RATE", str(RATE))
        monkeypatch.setenv("ORCID_TOKEN_KEY", Fernet.generate_key().decode())
        settings = Settings()
        store_tokens(engine, token_cipher(settings), granted_tokens(institution))
        yield World(institution, sims, settings, engine)
