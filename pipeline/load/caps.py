"""Caps on how much the load stage writes in one run: a bug upstream (a matching that lost its
links, a Pure that returned every output twice) would otherwise become thousands of public
writes before anyone reads the report. Past a cap the run stops writing and says whom it
stopped, and the next run carries on from where this one stopped."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from pipeline.config import Settings

log = logging.getLogger(__name__)


@dataclass
class WriteCaps:
    """The writes one run may still make to one outside system (`target`, for the messages):
    at most `per_researcher` for anyone, at most `per_run` in all."""

    target: str
    per_researcher: int
    per_run: int
    made: Counter[str] = field(default_factory=Counter)
    stopped: set[str] = field(default_factory=set)
    """The researchers who had more to write than their cap allowed."""
    run_stopped: bool = False
    """Whether the run reached its cap (everything after it waits for the next run)."""

    @classmethod
    def of(cls, settings: Settings, target: str) -> WriteCaps:
        return cls(target, settings.load_max_per_researcher, settings.load_max_per_run)

    def take(self, researcher: str) -> bool:
        """Whether one more write for `researcher` is allowed; counted if so. The first refusal
        of each kind is logged as a warning that names the cap to raise."""
        if sum(self.made.values()) >= self.per_run:
            if not self.run_stopped:
                log.warning(
                    "%s: the run's cap of %d writes is reached (LOAD_MAX_PER_RUN); the rest "
                    "wait for the next run",
                    self.target,
                    self.per_run,
                )
            self.run_stopped = True
            return False
        if self.made[researcher] >= self.per_researcher:
            if researcher not in self.stopped:
                log.warning(
                    "%s: %s has more than %d writes (LOAD_MAX_PER_RESEARCHER); the rest wait "
                    "for the next run",
                    self.target,
                    researcher,
                    self.per_researcher,
                )
            self.stopped.add(researcher)
            return False
        self.made[researcher] += 1
        return True
