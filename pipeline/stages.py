"""The nightly run's stages, in the order they run, each one call into the library, so that the
flow (flows/nightly.py) only decides which stages run and records nothing itself.

Every stage is a module with one entry, `run(ctx)`, which returns the stage's figures as a
dataclass. A stage's module is imported when it runs: the command line lists the stage names
without paying for numpy, Great Expectations or openpyxl.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from pipeline.context import StageContext
from pipeline.runs import run_stage

Stage = Callable[[StageContext], Any]
"""A stage's `run(ctx)`: it returns the stage's figures (a dataclass)."""


def _run_of(module: str) -> Stage:
    """`module.run`, imported on the first call."""

    def run(ctx: StageContext) -> Any:
        return importlib.import_module(module).run(ctx)

    return run


STAGES: dict[str, Stage] = {
    "extract-pure": _run_of("pipeline.extract.pure"),
    "extract-orcid": _run_of("pipeline.extract.orcid"),
    "match": _run_of("pipeline.match"),
    "validate": _run_of("pipeline.quality"),
    "publish": _run_of("pipeline.publish"),
    "load": _run_of("pipeline.load"),
}


def stages_to_run(asked: Iterable[str] | None = None) -> list[str]:
    """The stages asked for (all by default), in their order. Publishing and loading need this
    run's validation to have passed, so asking for `publish` or `load` runs `validate` too."""
    wanted = set(asked or STAGES)
    unknown = wanted - STAGES.keys()
    if unknown:
        raise ValueError(f"unknown stages: {', '.join(sorted(unknown))}")
    if wanted & {"publish", "load"}:
        wanted.add("validate")
    return [name for name in STAGES if name in wanted]


def run_named_stage(ctx: StageContext, name: str) -> dict[str, Any]:
    """Run one stage of `ctx.run_id`, recorded in `ops.run_stages`; returns its figures."""
    stage = STAGES[name]
    return run_stage(ctx.engine, ctx.run_id, name, lambda: stage(ctx))
