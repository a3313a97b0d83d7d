"""How long a title key takes: the match stage keys every title of the institution each night
(~600,000 at a large university), so the key must stay in the microseconds.

Keys the titles of both DBLP-ACM files (real titles, with their markup and accents) a few times
over and prints the time a title, the time for 600,000 titles and the machine's load average
beside them (the figures are only as quiet as the machine).

    .venv/bin/python bench/title_keys.py --rounds 5
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import time
from pathlib import Path

from pipeline.normalize.titles import title_key

DBLP_ACM = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "dblp-acm"


def _titles(folder: Path) -> list[str]:
    titles = []
    for name, encoding in (("ACM.csv", "utf-8"), ("DBLP2.csv", "latin-1")):
        with (folder / name).open(encoding=encoding, newline="") as handle:
            titles += [row["title"] for row in csv.DictReader(handle)]
    return titles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dblp-acm", type=Path, default=DBLP_ACM, help="folder of the benchmark")
    arguments = parser.parse_args()
    titles = _titles(arguments.dblp_acm)
    per_title = []
    for _ in range(arguments.rounds):
        started = time.perf_counter()
        for title in titles:
            title_key(title)
        per_title.append((time.perf_counter() - started) / len(titles))
    best, median = min(per_title), statistics.median(per_title)
    print(f"{len(titles)} titles × {arguments.rounds} rounds, load {os.getloadavg()[0]:.2f}")
    print(f"best {best * 1e6:.1f} µs a title, median {median * 1e6:.1f} µs")
    print(f"600,000 titles: {best * 600_000:.1f} s (goal: well under 30 s)")


if __name__ == "__main__":
    main()
