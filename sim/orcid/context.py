"""Everything one simulator instance shares between its routes, built once by the app factory."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from sim.faults import FaultProfile
from sim.model import OrcidVisibility
from sim.orcid.access import Api
from sim.orcid.ratelimit import DailyQuota, Throttle
from sim.orcid.state import OrcidState

TokenFault = Literal["revoked", "expired"]


def pick_share(keys: Iterable[str], share: float, seed: int, salt: str) -> list[str]:
    """Exactly round(share × n) of the keys, the same ones on every run with the same seed,
    so a benchmark can name which records or tokens a fault hit."""
    ranked = sorted(keys, key=lambda k: hashlib.sha256(f"{seed}:{salt}:{k}".encode()).digest())
    return ranked[: round(share * len(ranked))]


@dataclass(slots=True)
class Sim:
    state: OrcidState
    faults: FaultProfile
    clock: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]]
    throttles: dict[Api, Throttle]
    anonymous_quota: DailyQuota
    default_visibility: Mapping[str, OrcidVisibility]
    hidden_records: frozenset[str] = field(init=False)
    """Records the `hide_orcid_record_share` fault answers with no works."""
    token_faults: dict[str, TokenFault] = field(init=False)
    """Researcher tokens the `revoke_token_share` fault breaks, alternately revoked and expired
    (an expired one can be refreshed, a revoked one cannot)."""
    merged_records: dict[str, str] = field(init=False)
    """Researchers' records the `deprecate_record_count` fault deprecates, each with the record
    it names as primary (the next one chosen, another researcher's)."""

    def __post_init__(self) -> None:
        self._choose_faults()

    def _choose_faults(self) -> None:
        institution = self.state.institution
        self.hidden_records = frozenset(
            pick_share(
                institution.orcid_records,
                self.faults.hide_orcid_record_share,
                institution.seed,
                "hide",
            )
        )
        researcher_tokens = [t.access_token for t in institution.tokens if t.orcid]
        chosen = pick_share(
            researcher_tokens, self.faults.revoke_token_share, institution.seed, "revoke"
        )
        self.token_faults = {
            token: "revoked" if i % 2 == 0 else "expired" for i, token in enumerate(chosen)
        }
        read = {p.orcid for p in institution.persons}
        active = [
            orcid
            for orcid, record in institution.orcid_records.items()
            if orcid in read and record.status == "active"
        ]
        count = min(self.faults.deprecate_record_count, len(active) - 1)
        ranked = pick_share(active, 1.0, institution.seed, "deprecate")
        self.merged_records = {ranked[i]: ranked[i + 1] for i in range(max(count, 0))}

    def merged_into(self, orcid: str) -> str | None:
        """The primary a deprecation fault names for `orcid`, once the fault has struck."""
        served = self.state.counters["member.served"]
        if served <= self.faults.deprecate_after_requests:
            return None
        return self.merged_records.get(orcid)

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), tz=dt.UTC)

    def visibility_for_new_work(self, orcid: str) -> OrcidVisibility:
        return self.default_visibility.get(orcid, "public")

    def set_faults(self, faults: FaultProfile) -> None:
        """Switch fault profile on a running simulator: a healthy night followed by a broken one,
        or the storm over. The faults were the simulator's weather, not the researchers' doing,
        so the tokens they broke work again; what the pipeline did (writes, tokens it was
        issued by a refresh) stays, as it would on a real ORCID."""
        self.faults = faults
        self.state.mend_broken_grants()
        self._choose_faults()

    def reset(self) -> None:
        self.state.reset()
        for throttle in self.throttles.values():
            throttle.reset()
        self.anonymous_quota.reset()
        self._choose_faults()
