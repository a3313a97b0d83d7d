"""`pure-orcid sim` and `pure-orcid demo`: the synthetic institution's Pure and ORCID run locally,
for trying the pipeline against a world whose right answers are known.

Both commands reach `pure-orcid` through the `pure_orcid.commands` entry points (pyproject.toml),
so the pipeline never imports the simulators, and needs them only with `pure-orcid-sync[sim]`.
"""

from __future__ import annotations

import shlex
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import click

from pipeline import db
from pipeline.cli import friendly_errors
from pipeline.config import get_settings
from pipeline.sources.orcid.tokens import write_token_file
from sim.faults import PROFILES, fault_profile
from sim.institution import InstitutionConfig, generate_institution
from sim.serve import Simulators, running_simulators
from sim.tokens import granted_tokens
from sim.truth import write_truth


@click.group("sim")
def sim() -> None:
    """Local simulators of Pure and ORCID serving a synthetic institution."""


_PROFILE_HELP = "\b\nFault profiles:\n" + "\n".join(
    f"  {name}: {profile.description}" for name, profile in sorted(PROFILES.items())
)


@sim.command("serve", epilog=_PROFILE_HELP)
@click.option(
    "--researchers",
    type=click.IntRange(min=1),
    default=300,
    show_default=True,
    help="Size of the synthetic institution.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same institution.")
@click.option(
    "--faults",
    type=click.Choice(sorted(PROFILES)),
    default="none",
    show_default=True,
    help="How badly the servers misbehave (profiles below).",
)
@click.option(
    "--orcid-rate",
    type=click.FloatRange(min=0, min_open=True),
    default=24.0,
    show_default=True,
    help="ORCID member-API requests a second per caller (ORCID's documented limit).",
)
@click.option(
    "--orcid-burst",
    type=click.IntRange(min=1),
    default=40,
    show_default=True,
    help="ORCID requests queued before it answers 503.",
)
@click.option(
    "--truth-dir",
    type=click.Path(file_okay=False, writable=True, path_type=Path),
    help="Write the institution's ground truth here, for scoring a pipeline run.",
)
@click.option(
    "--tokens-file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the researchers' ORCID tokens here, for `pure-orcid tokens import`.",
)
def serve(
    researchers: int,
    seed: int,
    faults: str,
    orcid_rate: float,
    orcid_burst: int,
    truth_dir: Path | None,
    tokens_file: Path | None,
) -> None:
    """Serve both simulators on loopback until Ctrl-C or SIGTERM.

    Prints `export NAME=value` lines for the pipeline's settings: paste them into a shell or a
    `.env` file.
    """
    profile = fault_profile(faults)
    institution = generate_institution(InstitutionConfig(researchers=researchers, seed=seed))
    if truth_dir is not None:
        write_truth(institution, truth_dir)
    if tokens_file is not None:
        write_token_file(tokens_file, granted_tokens(institution))
    with running_simulators(
        institution, faults=profile, orcid_rate=orcid_rate, orcid_burst=orcid_burst
    ) as sims:
        click.echo(
            f"# {institution.name}: {len(institution.persons)} researchers, seed {seed}, "
            f"faults {profile.name!r}. ORCID at {sims.orcid_url}, Pure at {sims.pure_url}. "
            "Ctrl-C to stop."
        )
        if truth_dir is not None:
            click.echo(f"# Ground truth in {truth_dir}")
        if tokens_file is not None:
            click.echo(f"# Researchers' ORCID tokens in {tokens_file}")
        click.echo(export_lines(sims))
        sys.stdout.flush()
        _wait_for_stop_signal()
        injected = sims.injected_faults()
    if injected:
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(injected.items()))
        click.echo(f"# Injected faults: {summary}", err=True)


def export_lines(sims: Simulators) -> str:
    """Shell-quoted, so the lines work in a shell and in a `.env` file alike."""
    return "\n".join(
        f"export {name}={shlex.quote(value)}" for name, value in sims.environment().items()
    )


def _wait_for_stop_signal() -> None:
    """Blocks until SIGINT or SIGTERM, so either ends the servers cleanly (a `kill` included)."""
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {
        signum: signal.signal(signum, request_stop) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        stop.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@click.command("demo")
@click.option("--researchers", default=300, show_default=True, help="Size of the institution.")
@click.option("--seed", default=1, show_default=True)
@friendly_errors
def demo(researchers: int, seed: int) -> None:
    """Run the nightly flow against a simulated institution and say where the output is."""
    from sim.demo import run_demo

    result = run_demo(researchers=researchers, seed=seed)
    shown = db.display_url(db.database_url(get_settings()))
    click.echo("")
    click.echo(f"Demo run {result.run_id} succeeded: {result.researchers} simulated researchers.")
    click.echo(f"The report (open it in a browser): {result.report.resolve()}")
    click.echo(
        "  with CSV/XLSX lists, a page per faculty (faculties/) and per researcher a page in"
    )
    click.echo("  Dutch and English and a BibTeX file (researchers/) beside it; `pure-orcid notify")
    click.echo("  --dry-run` shows who would be e-mailed their page")
    click.echo(f"The data checks (Great Expectations Data Docs): {result.data_docs.resolve()}")
    click.echo(f"Its output is in the database {shown}")
    click.echo("  what each run did:        reporting.run_history")
    click.echo("  coverage per faculty:     reporting.coverage_per_faculty")
    click.echo("  who must do what:         reporting.researchers, reporting.identity_problems,")
    click.echo("                            reporting.works_missing_from_orcid (and _from_pure)")
    click.echo("  every view, with example queries: docs/analysts.md")
    example = "SELECT * FROM reporting.coverage_per_faculty"
    click.echo(f"  e.g. .venv/bin/pure-orcid db psql -c '{example}'")
    click.echo(f"The simulated institution's right answers: {result.truth_dir}")
