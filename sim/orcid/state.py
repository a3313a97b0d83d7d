"""What the ORCID simulator changes while it runs, kept apart from the `Institution` it serves.

The institution stays untouched (it is also the ground truth the benchmarks score against);
writes go to a copy-on-write overlay per record, so a 10,000-researcher institution costs
nothing to serve until the pipeline writes, and `reset` returns to the generated world.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sim.model import Institution, MemberClient, OrcidRecord, OrcidWork

READ_PUBLIC = "/read-public"
READ_LIMITED = "/read-limited"
ACTIVITIES_UPDATE = "/activities/update"
TOKEN_LIFETIME_SECONDS = 631138518
"""ORCID's lifetime for client-credentials and refreshed tokens (about 20 years)."""


@dataclass(slots=True)
class Grant:
    """An access token as the server knows it: whose client, for which record, with what scopes."""

    access_token: str
    refresh_token: str
    client_id: str
    orcid: str | None
    name: str | None
    scopes: frozenset[str]
    expires_at: float
    revoked: bool = False
    from_institution: bool = False
    """Tokens the institution started with; only these are subject to the revocation fault."""
    broken: tuple[bool, float] | None = None
    """What a token fault changed: (revoked, expires_at) as they were before it struck."""

    def strike(self, *, revoke: bool, now: float) -> None:
        """Revoke or expire the token as the fault profile says, remembering how it was."""
        if self.broken is None:
            self.broken = (self.revoked, self.expires_at)
        if revoke:
            self.revoked = True
        else:
            self.expires_at = min(self.expires_at, now)

    def mend(self) -> None:
        if self.broken is not None:
            self.revoked, self.expires_at = self.broken
            self.broken = None


@dataclass(slots=True)
class StoredWork:
    """A work plus the fields of a posted body that `OrcidWork` does not model (url, citation,
    contributors as sent…), echoed back on reads as ORCID would."""

    work: OrcidWork
    extras: dict[str, Any] = field(default_factory=dict)


class OrcidState:
    def __init__(self, institution: Institution) -> None:
        self.institution = institution
        self.clients: dict[str, MemberClient] = {c.client_id: c for c in institution.clients}
        self.own_client = institution.clients[0]
        self.counters: Counter[str] = Counter()
        self.reset()

    def reset(self) -> None:
        self._works: dict[str, list[StoredWork]] = {}
        self._modified: dict[str, dt.datetime] = {}
        self.next_put_code = 1 + max(
            (w.put_code for r in self.institution.orcid_records.values() for w in r.works),
            default=0,
        )
        self.grants: dict[str, Grant] = {}
        self.refresh_grants: dict[str, Grant] = {}
        for token in self.institution.tokens:
            record = self.institution.orcid_records.get(token.orcid or "")
            self._remember(
                Grant(
                    access_token=token.access_token,
                    refresh_token=token.refresh_token,
                    client_id=self.own_client.client_id,
                    orcid=token.orcid,
                    name=f"{record.given_names} {record.family_name}" if record else None,
                    scopes=frozenset(token.scopes),
                    expires_at=token.expires_at.timestamp(),
                    revoked=token.revoked,
                    from_institution=True,
                )
            )
        self.counters.clear()

    def mend_broken_grants(self) -> None:
        """Every token a fault revoked or expired works again, as it did before."""
        for grant in self.grants.values():
            grant.mend()

    def record(self, orcid: str) -> OrcidRecord | None:
        return self.institution.orcid_records.get(orcid)

    def works(self, orcid: str) -> list[StoredWork]:
        stored = self._works.get(orcid)
        if stored is not None:
            return stored
        record = self.record(orcid)
        return [StoredWork(w) for w in record.works] if record else []

    def find(self, orcid: str, put_code: int) -> StoredWork | None:
        return next((s for s in self.works(orcid) if s.work.put_code == put_code), None)

    def last_modified(self, orcid: str) -> dt.datetime:
        record = self.record(orcid)
        assert record is not None
        return self._modified.get(orcid, record.last_modified)

    def _writable(self, orcid: str) -> list[StoredWork]:
        if orcid not in self._works:
            self._works[orcid] = self.works(orcid)
        return self._works[orcid]

    def add(self, stored: StoredWork, now: dt.datetime) -> None:
        self._writable(stored.work.orcid).append(stored)
        self._modified[stored.work.orcid] = now
        self.counters["works_created"] += 1

    def replace(self, stored: StoredWork, now: dt.datetime) -> None:
        works = self._writable(stored.work.orcid)
        index = next(i for i, s in enumerate(works) if s.work.put_code == stored.work.put_code)
        works[index] = stored
        self._modified[stored.work.orcid] = now
        self.counters["works_updated"] += 1

    def remove(self, orcid: str, put_code: int, now: dt.datetime) -> None:
        works = self._writable(orcid)
        works[:] = [s for s in works if s.work.put_code != put_code]
        self._modified[orcid] = now
        self.counters["works_deleted"] += 1

    def new_put_code(self) -> int:
        self.next_put_code += 1
        return self.next_put_code - 1

    def issue(
        self,
        client_id: str,
        orcid: str | None,
        name: str | None,
        scopes: frozenset[str],
        now: float,
        lifetime: int = TOKEN_LIFETIME_SECONDS,
    ) -> Grant:
        grant = Grant(
            access_token=str(uuid.uuid4()),
            refresh_token=str(uuid.uuid4()),
            client_id=client_id,
            orcid=orcid,
            name=name,
            scopes=scopes,
            expires_at=now + lifetime,
        )
        self._remember(grant)
        self.counters["tokens_issued"] += 1
        return grant

    def _remember(self, grant: Grant) -> None:
        self.grants[grant.access_token] = grant
        self.refresh_grants[grant.refresh_token] = grant
