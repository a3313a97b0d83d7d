"""Nightly benchmark: a whole night, then an incremental one, against the simulators over HTTP.

It generates an institution of N researchers, serves it from the simulators (a process of their
own, ORCID limited to R requests/s with ORCID's queue of 40), and runs `pure-orcid run --full`
as a user would, in a process of its own, against a fresh embedded database. Then it changes
SHARE of the records (ORCID records: works added, retitled, deleted or hidden; Pure outputs:
retitled or deleted) and runs `pure-orcid run` (incremental). For each night it prints the wall
time of the command, each stage's start and duration within it, the ORCID requests and the
floor they set (requests ÷ R), the peak memory of the command's processes together, and the
machine's load average; and ends with one line:

    full_s=… floor_s=… full_ratio=… incremental_s=… incremental_orcid_requests=… peak_rss_mib=…

By default the nights run against a long-lived Prefect server that the benchmark starts first
(as the README advises for production; its start is not part of a night); `--ephemeral` runs
them as a bare `pure-orcid run` does, each starting Prefect's temporary server.

    .venv/bin/python bench/nightly.py --researchers 1000 --rate 24
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
from sqlalchemy import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract import start_simulators  # the benchmarks' own helper

ROOT = Path(__file__).resolve().parents[1]
CLI = str(ROOT / ".venv/bin/pure-orcid")


@dataclass
class Night:
    seconds: float
    run_id: int
    stages: list[tuple[str, float, float, dict]]
    """(stage, start offset within the night, duration, figures)."""
    peak_rss_mib: float
    load: tuple[float, float, float]
    orcid_requests: int = 0
    orcid_503: int = 0
    extra: dict = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_prefect_server(home: Path) -> tuple[subprocess.Popen, str]:
    """A Prefect server of the benchmark's own, as a deployment keeps one running."""
    port = _free_port()
    environment = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    environment.pop("PREFECT_API_URL", None)
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/prefect"),
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise RuntimeError("the Prefect server did not start in 120 s")


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def run_night(arguments: list[str], environment: dict[str, str]) -> tuple[float, float, str]:
    """`pure-orcid run …` in a process of its own; its wall time, the peak of the resident
    memory of it and its worker processes together, and its output."""
    began = time.monotonic()
    process = subprocess.Popen(
        [CLI, "run", *arguments],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watched = psutil.Process(process.pid)
    peak = 0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout or []), daemon=True)
    reader.start()
    while process.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, _tree_rss(watched))
        time.sleep(0.2)
    reader.join()
    seconds = time.monotonic() - began
    if process.returncode != 0:
        sys.stdout.write("".join(output[-60:]))
        raise SystemExit(f"pure-orcid run {' '.join(arguments)} failed ({process.returncode})")
    return seconds, peak / 2**20, "".join(output)


def stage_times(engine: Engine, run_id: int) -> list[tuple[str, float, float, dict]]:
    from sqlalchemy import text

    with engine.connect() as connection:
        begun = connection.execute(
            text("SELECT started_at FROM ops.runs WHERE run_id = :run"), {"run": run_id}
        ).scalar_one()
        rows = connection.execute(
            text(
                "SELECT stage, started_at, finished_at, summary FROM ops.run_stages "
                "WHERE run_id = :run ORDER BY started_at, stage"
            ),
            {"run": run_id},
        ).all()
    return [
        (
            row.stage,
            (row.started_at - begun).total_seconds(),
            (row.finished_at - row.started_at).total_seconds(),
            row.summary,
        )
        for row in rows
    ]


def night(
    engine: Engine, arguments: list[str], environment: dict[str, str], orcid_url: str
) -> Night:
    from sqlalchemy import text

    before = httpx.get(f"{orcid_url}/__sim/stats", timeout=60).json()["member"]
    seconds, peak, _ = run_night(arguments, environment)
    load = os.getloadavg()
    after = httpx.get(f"{orcid_url}/__sim/stats", timeout=60).json()["member"]
    with engine.connect() as connection:
        run_id = connection.execute(text("SELECT max(run_id) FROM ops.runs")).scalar_one()
    stages = stage_times(engine, run_id)
    orcid = next((figures for name, _, _, figures in stages if name == "extract-orcid"), {})
    return Night(
        seconds=seconds,
        run_id=run_id,
        stages=stages,
        peak_rss_mib=peak,
        load=load,
        orcid_requests=int(orcid.get("requests", 0)),
        orcid_503=after["rejected_503"] - before["rejected_503"],
    )


def show(title: str, result: Night, rate: float) -> None:
    floor = result.orcid_requests / rate
    print(
        f"\n{title}: {result.seconds:.1f} s (run {result.run_id}), "
        f"peak memory {result.peak_rss_mib:.0f} MiB"
    )
    print(f"  load average at its end: {' '.join(f'{x:.2f}' for x in result.load)}")
    print(
        f"  ORCID: {result.orcid_requests} requests, floor {floor:.1f} s at {rate:g}/s, "
        f"503s {result.orcid_503}"
    )
    for name, start, duration, figures in result.stages:
        keep = {
            k: v
            for k, v in figures.items()
            if k
            in (
                "researchers",
                "researchers_read",
                "researchers_matched",
                "requests",
                "works_fetched",
                "research_outputs",
                "files",
                "rewritten_researchers",
                "mode",
            )
        }
        print(f"  {name:<14} starts {start:7.1f} s  takes {duration:7.1f} s  {json.dumps(keep)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--researchers", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=24.0)
    parser.add_argument("--changed", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ephemeral", action="store_true", help="No long-lived Prefect server.")
    arguments = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="bench-nightly-"))
    tokens = data_dir / "tokens.csv"
    began = time.monotonic()
    sims, environment = start_simulators(
        arguments.researchers, arguments.seed, arguments.rate, tokens
    )
    print(
        f"== {arguments.researchers} researchers, ORCID limit R = {arguments.rate:g} requests/s; "
        f"simulators ready in {time.monotonic() - began:.1f} s; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    prefect = None
    try:
        environment = {
            **os.environ,
            **environment,
            "PURE_ORCID_DATA_DIR": str(data_dir / "var"),
            "ORCID_RATE": str(arguments.rate),
            "PURE_RATE": "50",
        }
        environment.pop("DATABASE_URL", None)
        if not arguments.ephemeral:
            prefect, api_url = start_prefect_server(data_dir / "prefect")
            environment["PREFECT_API_URL"] = api_url
        os.environ.update(environment)
        subprocess.run(
            [CLI, "db", "upgrade"], env=environment, check=True, stdout=subprocess.DEVNULL
        )
        subprocess.run(
            [CLI, "tokens", "import", str(tokens)],
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        from pipeline.config import Settings
        from pipeline.db import make_engine

        engine = make_engine(Settings())
        orcid_url = environment["ORCID_MEMBER_API_URL"].removesuffix("/v3.0")
        pure_url = environment["PURE_WS_URL"].split("/ws/")[0]

        full = night(engine, ["--full", "--trigger", "bench"], environment, orcid_url)
        show("Full night", full, arguments.rate)

        changed_orcid = httpx.post(
            f"{orcid_url}/__sim/churn", params={"share": arguments.changed}, timeout=120
        ).json()
        changed_pure = httpx.post(
            f"{pure_url}/__sim/churn", params={"share": arguments.changed}, timeout=120
        ).json()
        changed = sum(changed_orcid.values()) + sum(changed_pure.values())
        print(f"\nchanged: ORCID records {changed_orcid}, Pure outputs {changed_pure}")
        incremental = night(engine, ["--trigger", "bench"], environment, orcid_url)
        show("Incremental night", incremental, arguments.rate)
        budget = sum(changed_orcid.values()) + arguments.researchers / 50
        print(
            f"  ORCID requests {incremental.orcid_requests} vs changed ORCID records + N/50 = "
            f"{budget:.0f}: {'within' if incremental.orcid_requests <= budget else 'OVER'}"
        )
        engine.dispose()
        floor = full.orcid_requests / arguments.rate
        print(
            f"\nfull_s={full.seconds:.1f} floor_s={floor:.1f} "
            f"full_ratio={full.seconds / floor:.3f} "
            f"incremental_s={incremental.seconds:.1f} "
            f"incremental_orcid_requests={incremental.orcid_requests} "
            f"peak_rss_mib={max(full.peak_rss_mib, incremental.peak_rss_mib):.0f}"
        )
        del changed
    finally:
        if prefect is not None:
            prefect.terminate()
            prefect.wait()
        sims.terminate()
        sims.wait()
        from pipeline.db.embedded import stop_embedded

        stop_embedded(data_dir / "var")


if __name__ == "__main__":
    main()
