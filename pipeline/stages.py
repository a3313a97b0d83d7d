"""The nightly run's stages, in the order they run, each one call into the library, so that the
flow (flows/nightly.py) only decides which stages run and records nothing itself.

A stage imports its module when it runs: the command line lists the stage names without paying
for numpy, Great Expectations or openpyxl.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Engine

from pipeline.config import Settings
from pipeline.runs import run_stage

StageWork = Callable[[Engine, Settings, int, bool], Any]
"""(engine, settings, run id, full scan) → the stage's figures (a dataclass)."""


def _extract_pure(engine: Engine, settings: Settings, run_id: int, full_scan: bool) -> Any:
    from pipeline.extract.pure import extract_pure

    return extract_pure(engine, settings, run_id, full=full_scan)


def _extract_orcid(engine: Engine, settings: Settings, run_id: int, full_scan: bool) -> Any:
    from pipeline.extract.orcid import extract_orcid

    return extract_orcid(engine, settings, run_id, incremental=not full_scan)


def _match(engine: Engine, settings: Settings, run_id: int, full_scan: bool) -> Any:
    from pipeline.match.institution import match_institution

    return match_institution(engine, run_id)


def _validate(engine: Engine, settings: Settings, run_id: int, full_scan: bool) -> Any:
    from pipeline.quality import validate

    return validate(engine, settings, run_id)


def _publish(engine: Engine, settings: Settings, run_id: int, full_scan: bool) -> Any:
    from pipeline.publish import publish

    return publish(engine, settings, run_id)


STAGES: dict[str, StageWork] = {
    "extract-pure": _extract_pure,
    "extract-orcid": _extract_orcid,
    "match": _match,
    "validate": _validate,
    "publish": _publish,
}


def stages_to_run(asked: Iterable[str] | None = None) -> list[str]:
    """The stages asked for (all by default), in their order. Publishing needs this run's
    validation to have passed, so asking for `publish` runs `validate` too."""
    wanted = set(asked or STAGES)
    unknown = wanted - STAGES.keys()
    if unknown:
        raise ValueError(f"unknown stages: {', '.join(sorted(unknown))}")
    if "publish" in wanted:
        wanted.add("validate")
    return [name for name in STAGES if name in wanted]


def run_named_stage(
    engine: Engine, settings: Settings, run_id: int, name: str, *, full_scan: bool
) -> dict[str, Any]:
    """Run one stage of `run_id`, recorded in `ops.run_stages`; returns its figures."""
    work = STAGES[name]
    return run_stage(engine, run_id, name, lambda: work(engine, settings, run_id, full_scan))
