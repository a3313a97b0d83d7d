"""The demo: the pipeline run for real against a simulated institution on this machine.

It shows a research office what the tool does without any credentials: a synthetic university
is generated (its right answers kept beside it), served by the Pure and ORCID simulators over
HTTP on loopback, and the nightly flow runs against them as it would against the real systems.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import get_settings
from pipeline.db import get_engine, upgrade
from pipeline.publish.report import run_directory
from pipeline.sources.orcid.tokens import store_tokens, token_cipher
from sim.faults import fault_profile
from sim.institution import InstitutionConfig, generate_institution
from sim.serve import running_simulators
from sim.tokens import granted_tokens
from sim.truth import write_truth


@dataclass(frozen=True)
class DemoResult:
    run_id: int
    truth_dir: Path
    researchers: int
    report: Path
    """The run's HTML report; its lists and per-researcher files are beside it."""
    data_docs: Path
    """The Great Expectations Data Docs of every validation so far."""


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Point the process's settings at the simulators for the duration of the demo."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()
        get_engine.cache_clear()


def run_demo(researchers: int = 300, seed: int = 1, faults: str = "none") -> DemoResult:
    from flows.nightly import nightly

    institution = generate_institution(InstitutionConfig(researchers=researchers, seed=seed))
    truth_dir = get_settings().data_dir / "sim-truth"
    write_truth(institution, truth_dir)
    with (
        running_simulators(institution, fault_profile(faults)) as sims,
        _environment(sims.environment()),
    ):
        engine = get_engine()
        upgrade(engine)
        store_tokens(engine, token_cipher(get_settings()), granted_tokens(institution))
        run_id = nightly(trigger="demo")
    settings = get_settings()
    return DemoResult(
        run_id=run_id,
        truth_dir=truth_dir,
        researchers=researchers,
        report=run_directory(settings, run_id) / "index.html",
        data_docs=settings.data_docs_dir / "index.html",
    )
