"""Named fault profiles: how badly the simulated Pure and ORCID misbehave in one run.

A profile is chosen when the simulators start (`pure-orcid sim serve --faults NAME`). The
transport-level faults (errors, slowness, dropped connections, broken bodies) are applied by one
ASGI middleware to both servers; the data-level faults (revoked tokens, records changing under a
paged scan, an iD deprecated, missing ORCID records) are applied by each simulator where it owns
the data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FaultProfile:
    name: str
    description: str
    server_error_rate: float = 0.0
    """Share of requests answered with a 500, 502 or 503 before reaching the application."""
    slow_rate: float = 0.0
    """Share of requests delayed by `slow_seconds` before they are answered."""
    slow_seconds: float = 0.0
    drop_rate: float = 0.0
    """Share of requests whose connection is closed without a complete response."""
    malformed_rate: float = 0.0
    """Share of JSON responses sent truncated or otherwise not parseable."""
    revoke_token_share: float = 0.0
    """Share of researcher tokens revoked or expired part-way through a run."""
    revoke_after_requests: int = 0
    """How many member-API requests the ORCID simulator answers before those tokens fail."""
    deprecate_record_count: int = 0
    """How many researchers' ORCID records are deprecated (merged into another researcher's
    record) once `deprecate_after_requests` member-API requests have been answered."""
    deprecate_after_requests: int = 0
    mutate_while_paging: bool = False
    """Add and remove Pure records between the pages of a paged scan."""
    hide_orcid_record_share: float = 0.0
    """Share of ORCID records that answer with no works at all (a corrupted batch)."""


PROFILES: dict[str, FaultProfile] = {
    profile.name: profile
    for profile in (
        FaultProfile("none", "Well-behaved servers."),
        FaultProfile(
            "flaky",
            "A few 5xx answers, slow answers and dropped connections: what a long night brings.",
            server_error_rate=0.02,
            slow_rate=0.02,
            slow_seconds=0.5,
            drop_rate=0.01,
            malformed_rate=0.005,
        ),
        FaultProfile(
            "tokens",
            "A fifth of the researchers' ORCID tokens are revoked or expire during the run.",
            revoke_token_share=0.2,
            revoke_after_requests=50,
        ),
        FaultProfile(
            "moving",
            "Pure records are added and removed while a paged scan is under way.",
            mutate_while_paging=True,
        ),
        FaultProfile(
            "half-orcid",
            "Half of the ORCID records come back empty: a batch that must fail validation.",
            hide_orcid_record_share=0.5,
        ),
        FaultProfile(
            "hostile",
            "Everything at once, at higher rates.",
            server_error_rate=0.05,
            slow_rate=0.05,
            slow_seconds=1.0,
            drop_rate=0.02,
            malformed_rate=0.02,
            revoke_token_share=0.2,
            revoke_after_requests=50,
            mutate_while_paging=True,
        ),
        FaultProfile(
            "storm",
            "A stormy night: 5 % 5xx, 1 % broken bodies, slow answers, dropped connections, "
            "researcher tokens revoked or expiring part-way through, an iD deprecated, Pure "
            "records moving during the scan. Without faults again, all it broke is back.",
            server_error_rate=0.05,
            slow_rate=0.02,
            slow_seconds=0.5,
            drop_rate=0.01,
            malformed_rate=0.01,
            revoke_token_share=0.4,
            revoke_after_requests=2,
            deprecate_record_count=1,
            mutate_while_paging=True,
        ),
    )
}


def fault_profile(name: str) -> FaultProfile:
    """Look a profile up by name, with the known names in the error so a typo is easy to fix."""
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(f"unknown fault profile {name!r}; known profiles: {known}") from None
