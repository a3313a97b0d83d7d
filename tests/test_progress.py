"""Long stages show how far they have got: bars in a terminal, counts in the run's log."""

import io
import logging
import threading

import pytest
from rich.console import Console

from pipeline.progress import LogDisplay, meter, showing, terminal_bars


def test_counts_go_to_the_log_first_then_at_most_every_so_often_then_when_done(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("test.progress")
    display = LogDisplay(logger, every=3600)
    with (
        caplog.at_level(logging.INFO, "test.progress"),
        showing(display),
        meter("extract-orcid: researchers", 1500) as counted,
    ):
        for _ in range(1500):
            counted.advance()
    assert [r.getMessage() for r in caplog.records] == [
        "extract-orcid: researchers: 0 of 1,500 (0%)",
        "extract-orcid: researchers: 1,500 of 1,500 (100%), done",
    ]


def test_a_total_learnt_on_the_way_and_threads_advancing_together(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("test.progress")
    with (
        caplog.at_level(logging.INFO, "test.progress"),
        showing(LogDisplay(logger, every=0)),
        meter("extract-pure: research-outputs") as counted,
    ):
        counted.expect(4000)
        workers = [
            threading.Thread(target=lambda: [counted.advance() for _ in range(1000)])
            for _ in range(4)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert counted.done == 4000
    assert caplog.records[-1].getMessage() == (
        "extract-pure: research-outputs: 4,000 of 4,000 (100%), done"
    )


def test_with_nothing_showing_a_meter_only_counts(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG), meter("match: researchers", 2) as counted:
        counted.advance(2)
    assert counted.done == 2
    assert not caplog.records


def test_a_terminal_shows_a_bar_per_count() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with terminal_bars(console), meter("match: researchers", 60) as counted:
        counted.advance(60)
    shown = screen.getvalue()
    assert "match: researchers" in shown
    assert "60/60" in shown
