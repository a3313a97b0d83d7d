"""How soon a second `pure-orcid run` gives up when another holds the database.

Starts a fresh embedded database under a temporary folder, holds the pipeline's lock from this
process as a run would, and starts `pure-orcid run` there N times one after the other, then N
times two at once; prints each process's wall time from start to exit and its CPU time, with
the machine's load average beside them (the figures are only as quiet as the machine).

    .venv/bin/python bench/lock.py --times 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PURE_ORCID = str(Path(sys.executable).parent / "pure-orcid")


def _start(environment: dict[str, str], directory: Path) -> tuple[subprocess.Popen[str], float]:
    process = subprocess.Popen(
        [PURE_ORCID, "run"],
        cwd=directory,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, time.monotonic()


def _finish(process: subprocess.Popen[str], started: float) -> tuple[float, float]:
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    message = process.stderr.read()
    if process.returncode != 1 or "the database is busy" not in message:
        raise SystemExit(f"expected the busy message, got {process.returncode}: {message}")
    return wall, usage.ru_utime + usage.ru_stime


def _show(label: str, figures: list[tuple[float, float]]) -> None:
    walls = [wall for wall, _ in figures]
    cpus = [cpu for _, cpu in figures]
    print(
        f"{label}: wall median {statistics.median(walls):.2f} s, max {max(walls):.2f} s; "
        f"CPU median {statistics.median(cpus):.2f} s ({len(figures)} processes)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=5)
    arguments = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="pure-orcid-lock-bench-"))
    environment = {
        name: value
        for name, value in os.environ.items()
        if name != "DATABASE_URL" and not name.startswith("PURE_ORCID_")
    }
    environment["PURE_ORCID_DATA_DIR"] = str(directory / "var")
    os.environ.update(environment)
    os.chdir(directory)

    from pipeline import db, lock

    engine = db.get_engine()
    db.upgrade(engine)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with lock.exclusive(engine, "run 1 (the benchmark)"):
        alone = [_finish(*_start(environment, directory)) for _ in range(arguments.times)]
        together = []
        for _ in range(arguments.times):
            pair = [_start(environment, directory), _start(environment, directory)]
            together.extend(_finish(*started) for started in pair)
    _show("one at a time", alone)
    _show("two at once", together)
    print(f"load average {os.getloadavg()[0]:.1f}")
    from pipeline.db.embedded import stop_embedded

    stop_embedded(directory / "var")


if __name__ == "__main__":
    main()
