"""Who may see which work: the table of shared/reference/orcid-api.md §2.1, as ORCID's
`OrcidSecurityManagerImpl` and `PublicAPISecurityManagerV3Impl` apply it.

The same record gives different put-code sets per token, which is the point: the pipeline must
record which token it read with. Lists drop what the caller may not see; single reads and bulk
items name the reason with the code ORCID uses for that caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sim.model import OrcidWork
from sim.orcid import errors
from sim.orcid.errors import OrcidError
from sim.orcid.state import ACTIVITIES_UPDATE, READ_LIMITED

Api = Literal["public", "member"]


@dataclass(frozen=True, slots=True)
class Caller:
    api: Api
    client_id: str | None
    """The member client behind the token; None for an anonymous public-API call."""
    client_name: str | None
    orcid: str | None
    """The researcher a three-legged token was granted for; None for client credentials."""
    scopes: frozenset[str]
    ip: str

    def is_source(self, work: OrcidWork) -> bool:
        return self.client_id is not None and work.source_client_id == self.client_id

    def reads_limited(self, orcid: str) -> bool:
        return READ_LIMITED in self.scopes and self.orcid == orcid

    def updates(self, orcid: str) -> bool:
        return ACTIVITIES_UPDATE in self.scopes and self.orcid == orcid


def listed(caller: Caller, work: OrcidWork) -> bool:
    """Whether a works summary shows the work to this caller."""
    if work.visibility == "public":
        return True
    if caller.api == "public":
        return False
    if caller.is_source(work):
        return True
    return work.visibility == "limited" and caller.reads_limited(work.orcid)


def single_read_error(caller: Caller, work: OrcidWork) -> OrcidError | None:
    """`GET /work/{put-code}`: scope is checked before visibility, so a /read-public token gets
    9038 for a private work too, and only a /read-limited token meets 9013."""
    if listed(caller, work):
        return None
    if caller.api == "public":
        return errors.not_public()
    if not caller.reads_limited(work.orcid):
        return errors.missing_scope()
    return errors.private_item()


def bulk_read_error(caller: Caller, work: OrcidWork) -> OrcidError | None:
    """`GET /works/{put-codes}`: without /read-limited the member API falls back to public-only
    and reports each hidden item as private (9013), not as a scope problem."""
    if listed(caller, work):
        return None
    return errors.not_public() if caller.api == "public" else errors.private_item()
