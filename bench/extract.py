"""Extraction benchmark: a whole institution from the simulators, at ORCID's rate limit.

For each rate R (ORCID's member API allows 24 requests/s; 100 shows the client is not the
bottleneck) it starts `pure-orcid sim serve` in a process of its own, extracts Pure and then
ORCID in full into a fresh embedded database, changes 2 % of the ORCID records and extracts
incrementally. It prints, per rate:

- the full ORCID extraction's requests, time, requests per researcher, achieved rate ÷ R, the
  bound it must meet (time ≤ 1.10 × requests / R) and the simulator's count of 503s;
- the incremental extraction's requests against its budget (changed researchers +
  researchers / 50);
- the peak memory of this process (Pure and ORCID extraction together).

    .venv/bin/python bench/extract.py --researchers 10000 --rate 24 --rate 100
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def start_simulators(researchers: int, seed: int, rate: float, tokens: Path) -> tuple:
    command = [
        str(ROOT / ".venv/bin/pure-orcid"),
        "sim",
        "serve",
        f"--researchers={researchers}",
        f"--seed={seed}",
        f"--orcid-rate={rate}",
        "--orcid-burst=40",
        f"--tokens-file={tokens}",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    environment: dict[str, str] = {}
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").strip().partition("=")
            environment[name] = shlex.split(value)[0]
        if "ORCID_CLIENT_SECRET" in environment:
            break
    return process, environment


def run(researchers: int, seed: int, rate: float) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="bench-extract-"))
    tokens = data_dir / "tokens.csv"
    began = time.monotonic()
    sims, environment = start_simulators(researchers, seed, rate, tokens)
    # One process parses and stages about 70 requests/s; beyond that the README says to share
    # the extraction among processes, and so does the benchmark (unless told otherwise).
    processes = os.environ.get("ORCID_PROCESSES") or ("2" if rate > 70 else "1")
    print(
        f"\n== {researchers} researchers, ORCID limit R = {rate:g} requests/s, "
        f"ORCID_PROCESSES={processes} =="
    )
    print(f"simulators ready in {time.monotonic() - began:.1f} s")
    try:
        os.environ.update(environment)
        os.environ.update(
            {
                "PURE_ORCID_DATA_DIR": str(data_dir),
                "ORCID_RATE": str(rate),
                "ORCID_PROCESSES": processes,
                "PURE_RATE": "50",
            }
        )
        os.environ.pop("DATABASE_URL", None)
        measure(researchers, rate, environment, tokens)
    finally:
        sims.terminate()
        sims.wait()
        from pipeline.db.embedded import stop_embedded

        stop_embedded(data_dir)


def measure(researchers: int, rate: float, environment: dict[str, str], tokens: Path) -> None:
    from pipeline import runs
    from pipeline.config import Settings
    from pipeline.context import StageContext
    from pipeline.db import make_engine, upgrade
    from pipeline.extract import orcid as extract_orcid
    from pipeline.extract import pure as extract_pure
    from pipeline.sources.orcid.tokens import read_token_file, store_tokens, token_cipher

    settings = Settings()
    engine = make_engine(settings)
    upgrade(engine)
    store_tokens(engine, token_cipher(settings), read_token_file(tokens))
    orcid_url = environment["ORCID_MEMBER_API_URL"].removesuffix("/v3.0")

    run_id = runs.start_run(engine, trigger="bench")
    pure = extract_pure.run(StageContext(engine, settings, run_id, "full"))
    print(
        f"Pure full scan: {pure.persons} persons, {pure.research_outputs} outputs, "
        f"{pure.requests} requests, {pure.seconds:.1f} s"
    )

    orcid = extract_orcid.run(StageContext(engine, settings, run_id, "full"))
    stats = httpx.get(f"{orcid_url}/__sim/stats", timeout=30).json()["member"]
    bound = 1.10 * orcid.requests / rate
    achieved = orcid.requests / orcid.seconds
    print(
        f"ORCID full: {orcid.researchers} iDs, {orcid.works_fetched} works, "
        f"{orcid.requests} requests in {orcid.seconds:.1f} s; "
        f"{orcid.requests / max(orcid.researchers, 1):.2f} requests per researcher"
    )
    print(
        f"  achieved rate / allowed rate = {achieved:.2f} / {rate:g} = {achieved / rate:.3f}; "
        f"time {orcid.seconds:.1f} s {'<=' if orcid.seconds <= bound else '>'} "
        f"1.10 x requests / R = {bound:.1f} s"
    )
    print(f"  simulator: 503s = {stats['rejected_503']}, delayed (queued) = {stats['delayed']}")

    changed = httpx.post(f"{orcid_url}/__sim/churn", params={"share": 0.02}, timeout=60).json()
    changed_researchers = sum(changed.values())
    next_run = runs.start_run(engine, trigger="bench")
    incremental = extract_orcid.run(StageContext(engine, settings, next_run, "incremental"))
    budget = changed_researchers + researchers / 50
    print(
        f"ORCID incremental after 2 % changed ({changed}): {incremental.requests} requests, "
        f"{incremental.researchers_read} researchers read, {incremental.seconds:.1f} s; "
        f"budget {changed_researchers} + {researchers} / 50 = {budget:.0f} -> "
        f"{'within' if incremental.requests <= budget else 'OVER'}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak memory of the extracting process: {peak:.0f} MiB "
        f"(largest extraction worker process, if any: {workers:.0f} MiB)"
    )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--researchers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, action="append")
    arguments = parser.parse_args()
    rates = arguments.rate or [24.0, 100.0]
    if len(rates) == 1:
        run(arguments.researchers, arguments.seed, rates[0])
        return
    for rate in rates:  # one process per rate, so each peak memory is its own
        subprocess.run(
            [
                sys.executable,
                __file__,
                f"--researchers={arguments.researchers}",
                f"--seed={arguments.seed}",
                f"--rate={rate}",
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
