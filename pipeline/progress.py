"""How far a long stage has got, while it runs: a bar per count in a terminal, and the counts in
the log (Prefect's run log, for a run nobody watches) every so often.

A stage says what it counts and, when it knows, how many there will be (`meter`), and advances
the meter as it goes. Whoever runs the stage decides where that shows (`showing`): the command
line adds bars when its output is a terminal, the flow adds its run logger. With nothing
showing, a meter only counts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rich.console import Console

LOG_EVERY = 30.0
"""Seconds between two log lines of one count: a night's log, not a film."""


class Display(Protocol):
    def update(self, meter: Meter) -> None: ...

    def finish(self, meter: Meter) -> None: ...


_displays: list[Display] = []


class Meter:
    """One count of a stage: `done` of `total` (None: not known yet)."""

    def __init__(self, what: str, total: int | None) -> None:
        self.what = what
        self.total = total
        self.done = 0
        self._lock = threading.Lock()

    def expect(self, total: int) -> None:
        """The total, once known (e.g. from a first page that says how many there are)."""
        self.total = total
        self._show()

    def advance(self, amount: int = 1) -> None:
        with self._lock:
            self.done += amount
        self._show()

    def _show(self) -> None:
        for display in _displays:
            display.update(self)

    def __enter__(self) -> Meter:
        self._show()
        return self

    def __exit__(self, *exc: object) -> None:
        for display in _displays:
            display.finish(self)

    def __str__(self) -> str:
        if self.total:
            return f"{self.what}: {self.done:,} of {self.total:,} ({self.done / self.total:.0%})"
        return f"{self.what}: {self.done:,}"


def meter(what: str, total: int | None = None) -> Meter:
    """A count to advance, shown wherever the runner asked (`with meter(...) as m:`)."""
    return Meter(what, total)


@contextmanager
def showing(display: Display) -> Iterator[None]:
    """Show every meter advanced in this process on `display` while the block runs."""
    _displays.append(display)
    try:
        yield
    finally:
        _displays.remove(display)


class LogDisplay:
    """Counts as log lines: the first, then at most one each `every` seconds, and the last."""

    def __init__(
        self, logger: logging.Logger | logging.LoggerAdapter[Any], every: float = LOG_EVERY
    ) -> None:
        self.logger = logger
        self.every = every
        self._last: dict[int, float] = {}

    def update(self, meter: Meter) -> None:
        now = time.monotonic()
        last = self._last.get(id(meter))
        if last is None or now - last >= self.every:
            self._last[id(meter)] = now
            self.logger.info("%s", str(meter))  # now: the meter moves on before a handler formats

    def finish(self, meter: Meter) -> None:
        self._last.pop(id(meter), None)
        self.logger.info("%s, done", str(meter))


@contextmanager
def terminal_bars(console: Console | None = None) -> Iterator[None]:
    """A bar per meter on the terminal (rich; `console`: standard output's), for as long as the
    block runs."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        redirect_stderr=True,
        redirect_stdout=True,
    )

    class Bars:
        def __init__(self) -> None:
            self.tasks: dict[int, Any] = {}

        def update(self, meter: Meter) -> None:
            task = self.tasks.get(id(meter))
            if task is None:
                task = self.tasks[id(meter)] = bars.add_task(meter.what, total=meter.total)
            bars.update(task, completed=meter.done, total=meter.total)

        def finish(self, meter: Meter) -> None:
            task = self.tasks.pop(id(meter), None)
            if task is not None:
                bars.update(task, completed=meter.done, total=meter.total or meter.done)

    with bars, showing(Bars()):
        yield
