"""A simulated institution served over real HTTP on loopback, and the pipeline pointed at it.

The `world` fixture (tests/conftest.py) gives a test one of these. Its database starts empty,
or as a copy of a template the session built once (the institution extracted from both
simulators; then matched; validated; published). A test that needs a fault profile calls
`serve_world` itself."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, create_engine

from pipeline import match, runs
from pipeline.config import Settings
from pipeline.context import ScanMode, StageContext
from pipeline.extract import orcid as extract_orcid
from pipeline.extract import pure as extract_pure
from pipeline.publish.lists import publish_lists
from pipeline.quality import ValidateSummary
from pipeline.sources.orcid.tokens import store_tokens, token_cipher
from pipeline.stages import run_named_stage
from sim.faults import FaultProfile
from sim.institution import InstitutionConfig, generate_institution
from sim.model import Institution
from sim.serve import Simulators, running_simulators
from sim.tokens import granted_tokens
from tests.databases import (
    create_database,
    drop_database,
    new_database,
    sqlalchemy_url,
    unique_name,
)
from tests.settings import clear_caches, isolate

RATE = 100.0
"""Fast enough for a test; the limit itself is what the benchmarks measure at 24 and 100."""


@dataclass
class World:
    institution: Institution
    sims: Simulators
    settings: Settings
    engine: Engine
    run_id: int | None = None
    """The run that extracted (and matched, validated, published) the database this world
    started from; None for a world that started empty."""

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


@contextmanager
def simulators(
    institution: Institution, faults: FaultProfile | None = None
) -> Iterator[Simulators]:
    """Both simulators serving `institution`, at the rate the tests read ORCID."""
    with running_simulators(institution, faults, orcid_rate=RATE, orcid_burst=40) as sims:
        yield sims


def point_at(monkeypatch: pytest.MonkeyPatch, sims: Simulators, token_key: str) -> Settings:
    """Point the pipeline's settings at the simulators; `token_key` encrypts the ORCID tokens."""
    for name, value in sims.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ORCID_RATE", str(RATE))
    monkeypatch.setenv("ORCID_TOKEN_KEY", token_key)
    return Settings()


def store_granted_tokens(world: World) -> None:
    """The researcher tokens the institution granted, stored as the pipeline keeps them."""
    store_tokens(world.engine, token_cipher(world.settings), granted_tokens(world.institution))


def forty_researchers() -> Institution:
    """The institution every world serves: every planted case, quick to extract."""
    return generate_institution(InstitutionConfig(researchers=40, seed=7))


def serve_world(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, *, faults: FaultProfile | None = None
) -> Iterator[World]:
    """A world apart, for a test whose simulators misbehave: the institution generated anew,
    served with `faults`, its researchers' ORCID tokens stored in `engine`'s empty database."""
    institution = forty_researchers()
    with simulators(institution, faults) as sims:
        settings = point_at(monkeypatch, sims, Fernet.generate_key().decode())
        world = World(institution, sims, settings, engine)
        store_granted_tokens(world)
        yield world


def world_marker(request: pytest.FixtureRequest, default: str = "empty") -> tuple[str, bool]:
    """The template a test's world starts from, and whether it gets simulators of its own, as
    its `world` marker says; unmarked, `default`, with simulators of its own if empty."""
    marker = request.node.get_closest_marker("world")
    if marker is None:
        return default, default == "empty"
    return marker.args[0], marker.kwargs.get("own_simulators", False)


@dataclass(frozen=True)
class Template:
    """A world's database the session built once, copied for each test that starts from it."""

    database: str
    run_id: int | None
    data_dir: Path | None
    """The world's data folder, with what the build wrote there (Data Docs, once validated)."""
    built: object = None
    """What the last step of the build returned (the validate stage's summary, say)."""


def _context(world: World, mode: ScanMode = "incremental") -> StageContext:
    assert world.run_id is not None
    return StageContext(world.engine, world.settings, world.run_id, mode)


def _extract(world: World) -> None:
    world.run_id = world.new_run()
    extract_pure.run(_context(world, "full"))
    extract_orcid.run(_context(world, "full"))


def _match(world: World) -> None:
    match.run(_context(world))


def _validate(world: World) -> ValidateSummary:
    return ValidateSummary(**run_named_stage(_context(world), "validate"))


def _publish(world: World) -> None:
    with world.engine.begin() as connection:
        publish_lists(connection, world.run_id)


TEMPLATE_STEPS: dict[str, tuple[str, Callable[[World], object]]] = {
    "empty": ("migrated", store_granted_tokens),
    "extracted": ("empty", _extract),
    "matched": ("extracted", _match),
    "validated": ("matched", _validate),
    "published": ("validated", _publish),
}
"""Each template: the one it is built from, and the step that builds it. The empty world is
migrated and holds the researchers' ORCID tokens, as before the first night; then one run
extracts, matches, validates and publishes, as in one night."""


class Worlds:
    """The session's worlds: one institution, generated once (the simulators keep their
    changes apart from the institution they serve, which nothing changes); simulators shared
    by the templates' builds and the tests that only read them; and the templates, each built
    the first time a test asks for it. Everything ends with `stack`."""

    def __init__(
        self, admin_uri: str, migrated: str, folders: pytest.TempPathFactory, stack: ExitStack
    ) -> None:
        self.admin_uri = admin_uri
        self.institution = forty_researchers()
        self.sims = stack.enter_context(simulators(self.institution))
        self._token_key = Fernet.generate_key().decode()
        """One key for the session: the templates hold the tokens it encrypted."""
        self._folders = folders
        self._stack = stack
        self._templates = {"migrated": Template(migrated, run_id=None, data_dir=None)}

    def template(self, stage: str) -> Template:
        """The template of `stage`: a key of TEMPLATE_STEPS."""
        if stage not in self._templates:
            parent, step = TEMPLATE_STEPS[stage]
            self._templates[stage] = self._stack.enter_context(
                self._built(self.template(parent), stage, step)
            )
        return self._templates[stage]

    @contextmanager
    def copy(
        self, monkeypatch: pytest.MonkeyPatch, stage: str, sims: Simulators | None = None
    ) -> Iterator[World]:
        """A copy of the `stage` template's database, dropped afterwards, and the settings (set
        through `monkeypatch`, already isolated) pointing the pipeline at it and at `sims` (the
        shared simulators unless given)."""
        template = self.template(stage)
        with (
            new_database(self.admin_uri, template.database) as url,
            self._world_in(monkeypatch, url, template, sims or self.sims) as world,
        ):
            yield world

    @contextmanager
    def copy_apart(self, stage: str, directory: Path) -> Iterator[World]:
        """A copy, as `copy` makes, in an environment of its own with a copy of the template's
        data folder in `directory`: for a fixture that outlives one test."""
        with pytest.MonkeyPatch.context() as monkeypatch:
            self._isolate(monkeypatch, directory, self.template(stage))
            with self.copy(monkeypatch, stage) as world:
                yield world

    @contextmanager
    def _built(
        self, parent: Template, stage: str, step: Callable[[World], object]
    ) -> Iterator[Template]:
        """The `stage` template: a copy of `parent` changed by `step`, which may read the
        shared simulators only. Its connections are closed before it becomes a template:
        PostgreSQL copies only a database nobody is connected to."""
        name = unique_name(f"template_{stage}")
        create_database(self.admin_uri, name, parent.database)
        try:
            with pytest.MonkeyPatch.context() as monkeypatch:
                data_dir = self._isolate(monkeypatch, self._folders.mktemp(stage), parent)
                url = sqlalchemy_url(self.admin_uri, name)
                with self._world_in(monkeypatch, url, parent, self.sims) as world:
                    built = step(world)
            yield Template(name, world.run_id, data_dir, built)
        finally:
            drop_database(self.admin_uri, name)

    @staticmethod
    def _isolate(monkeypatch: pytest.MonkeyPatch, directory: Path, template: Template) -> Path:
        """Settings of their own in `directory`, the data folder a copy of the template's."""
        isolate(monkeypatch, directory)
        data_dir = Settings().data_dir
        if template.data_dir is not None and template.data_dir.exists():
            shutil.copytree(template.data_dir, data_dir)
        return data_dir

    @contextmanager
    def _world_in(
        self, monkeypatch: pytest.MonkeyPatch, url: str, template: Template, sims: Simulators
    ) -> Iterator[World]:
        monkeypatch.setenv("DATABASE_URL", url)
        engine = create_engine(url)
        try:
            settings = point_at(monkeypatch, sims, self._token_key)
            yield World(self.institution, sims, settings, engine, template.run_id)
        finally:
            engine.dispose()
            clear_caches()
