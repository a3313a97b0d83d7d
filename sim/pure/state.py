"""The simulated Pure instance's mutable state: what is visible now, record versions, the change
log, and the data-level fault `mutate_while_paging`.

Both API generations read the same state, as both read the same Pure database. Requests are
served from a thread pool, so every read of the ordering and every write takes the lock.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sim.faults import FaultProfile
from sim.model import Institution, PureOutput
from sim.pure.changes import WINDOW, Change, ChangeLog, ChangeType
from sim.pure.context import RenderContext
from sim.pure.derived import api_version, stable_uuid
from sim.pure.journals import Journal, journals

Clock = Callable[[], dt.datetime]

_RESERVE_EVERY = 25
"""With `mutate_while_paging`, one output in this many is held back and appears mid-scan."""
_ADDED_PER_STEP = 2


class VersionConflict(Exception):
    def __init__(self, current: PureOutput) -> None:
        super().__init__(current.uuid)
        self.current = current


@dataclass(slots=True)
class Mutations:
    """What `mutate_while_paging` did, so tests and benchmarks can score a harvest against it."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class PureState:
    def __init__(
        self,
        institution: Institution,
        faults: FaultProfile | None,
        clock: Clock,
        zone: dt.tzinfo,
    ) -> None:
        self.institution = institution
        self.clock = clock
        self.zone = zone
        self.persons = {p.uuid: p for p in institution.persons}
        self.org_units = {u.uuid: u for u in institution.org_units}
        self.requests: Counter[str] = Counter()
        self._lock = threading.RLock()
        self.reset(faults)

    def reset(self, faults: FaultProfile | None) -> None:
        """Back to the generated institution, under `faults`: as the simulator restarted, with
        every record the last profile moved (and everything written) as it was generated."""
        with self._lock:
            self._load(faults)

    def _load(self, faults: FaultProfile | None) -> None:
        institution = self.institution
        self.mutations = Mutations()
        self._mutate = bool(faults and faults.mutate_while_paging)
        self._steps = 0
        outputs = list(institution.pure_outputs)
        self._reserve: list[PureOutput] = []
        if self._mutate and len(outputs) >= 2:
            self._reserve = outputs[_RESERVE_EVERY - 1 :: _RESERVE_EVERY] or [outputs[-1]]
            held = {o.uuid for o in self._reserve}
            outputs = [o for o in outputs if o.uuid not in held]
        self._outputs = {o.uuid: o for o in outputs}
        self._order = [o.uuid for o in outputs]
        self._revisions = {o.uuid: int(o.modified > o.created) for o in outputs}
        self.changes = ChangeLog(self._initial_changes(outputs))

    def _initial_changes(self, outputs: list[PureOutput]) -> list[Change]:
        changes = [Change(p.modified, p.uuid, "CREATE", "Person", 0) for p in self.persons.values()]
        for o in outputs:
            changes.append(Change(o.created, o.uuid, "CREATE", "ResearchOutput", 0))
            if o.modified > o.created:
                changes.append(Change(o.modified, o.uuid, "UPDATE", "ResearchOutput", 1))
        changes.sort(key=lambda c: c.at)
        return self._with_confidential_burst(changes)

    @staticmethod
    def _with_confidential_burst(changes: list[Change]) -> list[Change]:
        """Insert two windows of changes the key cannot see, as a batch job on confidential
        content would: any paging of the feed then meets at least one `count: 0` page."""
        middle = len(changes) // 2
        at = changes[middle].at if changes else dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        burst = [
            Change(at, stable_uuid("confidential", str(i)), "UPDATE", "ResearchOutput", 1, False)
            for i in range(2 * WINDOW)
        ]
        return changes[:middle] + burst + changes[middle:]

    def context(self, base_url: str) -> RenderContext:
        return RenderContext(
            persons=self.persons,
            org_units=self.org_units,
            base_url=base_url.rstrip("/"),
            zone=self.zone,
            institution_name=self.institution.name,
        )

    def count(self, key: str) -> None:
        with self._lock:
            self.requests[key] += 1

    def outputs(self) -> list[PureOutput]:
        with self._lock:
            return [self._outputs[u] for u in self._order]

    def output(self, uuid: str) -> PureOutput | None:
        with self._lock:
            return self._outputs.get(uuid)

    def journals(self) -> dict[str, Journal]:
        """The journals the outputs (including any held back) are published in."""
        with self._lock:
            return journals([*self._outputs.values(), *self._reserve])

    def output_version(self, output: PureOutput) -> str:
        with self._lock:
            return api_version(output.uuid, output.version, self._revisions.get(output.uuid, 0))

    def person_version(self, uuid: str) -> str:
        return api_version(uuid, "person", 0)

    def next_pure_id(self) -> int:
        with self._lock:
            known = [o.pure_id for o in self._outputs.values()] + [o.pure_id for o in self._reserve]
            return max(known, default=0) + 1

    def before_page(self, offset: int) -> None:
        """Between the pages of a scan (any request with offset > 0), remove one output that the
        scan has already passed, so later records shift forward and one is skipped, and release
        held-back outputs at seeded positions. Both show up in the change feed."""
        if not self._mutate or offset <= 0:
            return
        with self._lock:
            if not self._reserve:
                return
            rng = random.Random(f"{self.institution.seed}:pure-paging:{self._steps}")  # noqa: S311
            self._steps += 1
            now = self.clock()
            if self._order:
                victim = self._order.pop(rng.randrange(min(offset, len(self._order))))
                del self._outputs[victim]
                version = self._revisions.pop(victim) + 1
                self.changes.append(Change(now, victim, "DELETE", "ResearchOutput", version))
                self.mutations.removed.append(victim)
            for _ in range(min(_ADDED_PER_STEP, len(self._reserve))):
                output = replace(self._reserve.pop(0), modified=now)
                self._order.insert(rng.randrange(len(self._order) + 1), output.uuid)
                self._store(output, revision=0, change="CREATE")
                self.mutations.added.append(output.uuid)

    def _store(self, output: PureOutput, revision: int, change: ChangeType) -> None:
        self._outputs[output.uuid] = output
        self._revisions[output.uuid] = revision
        self.changes.append(
            Change(output.modified, output.uuid, change, "ResearchOutput", revision)
        )

    def create(self, output: PureOutput) -> None:
        with self._lock:
            self._order.append(output.uuid)
            self._store(output, revision=0, change="CREATE")

    def delete(self, uuid: str) -> None:
        """Remove an output, as a deletion in Pure does (the change feed says so)."""
        with self._lock:
            self._order.remove(uuid)
            del self._outputs[uuid]
            version = self._revisions.pop(uuid) + 1
            self.changes.append(Change(self.clock(), uuid, "DELETE", "ResearchOutput", version))

    def update(self, output: PureOutput, expected_version: str | None) -> None:
        """Replace a stored output; a stale `version` is refused, a missing one is a dirty write."""
        with self._lock:
            current = self._outputs[output.uuid]
            if expected_version is not None and expected_version != self.output_version(current):
                raise VersionConflict(current)
            self._store(output, revision=self._revisions[output.uuid] + 1, change="UPDATE")
