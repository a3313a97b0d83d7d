"""`pure-orcid sim`: run the synthetic institution's Pure and ORCID locally, for the demo and for
trying the pipeline against a world whose right answers are known.

The group is attached to the main `pure-orcid` command by `pipeline.cli`; it lives here, with the
simulators it serves.
"""

from __future__ import annotations

import shlex
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import click

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
