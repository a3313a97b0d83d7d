"""The fan-out the ORCID extraction and the match stage share: shares come back in order from
other processes, and their figures add up into the stage's by the rules its fields carry."""

import os
from dataclasses import dataclass, field

from sqlalchemy import Engine, create_engine

from pipeline.fanout import LARGEST, WHOLE, fan_out, merge


@dataclass
class _Figures:
    researchers: int = field(default=0, metadata=WHOLE)
    works: int = 0
    phase_seconds: dict[str, float] = field(default_factory=dict)
    peak_mib: float = field(default=0.0, metadata=LARGEST)


def test_a_share_adds_its_counts_and_phases_but_not_the_whole_and_only_a_larger_peak() -> None:
    total = _Figures(researchers=10, works=3, phase_seconds={"read": 1.0}, peak_mib=5.0)

    merge(total, _Figures(researchers=4, works=2, phase_seconds={"read": 0.5, "write": 2.0}))
    merge(total, _Figures(works=1, peak_mib=7.5))

    assert total == _Figures(
        researchers=10, works=6, phase_seconds={"read": 1.5, "write": 2.0}, peak_mib=7.5
    )


def _square_where(engine: Engine, number: int) -> tuple[int, int, str | None]:
    return number * number, os.getpid(), engine.url.database


def test_shares_run_in_worker_processes_each_with_an_engine_and_come_back_in_order() -> None:
    engine = create_engine("postgresql+psycopg://someone@/nightly")  # never connected

    results = list(fan_out(engine, _square_where, [1, 2, 3, 4, 5], processes=2))

    assert [square for square, _, _ in results] == [1, 4, 9, 16, 25]
    assert os.getpid() not in {pid for _, pid, _ in results}
    assert {database for _, _, database in results} == {"nightly"}


def test_with_one_process_the_shares_run_here_with_the_stage_engine() -> None:
    engine = create_engine("postgresql+psycopg://someone@/nightly")

    results = list(fan_out(engine, _square_where, [3, 1], processes=1))

    assert results == [(9, os.getpid(), "nightly"), (1, os.getpid(), "nightly")]
