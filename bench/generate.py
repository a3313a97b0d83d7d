"""How long generating a synthetic institution takes and how much memory it needs.

Usage: python bench/generate.py [RESEARCHERS] [--seed N]. Peak memory is the process's maximum
resident set size, which includes the interpreter; tracemalloc would slow generation several-fold
and so distort the time being measured.
"""

from __future__ import annotations

import argparse
import resource
import time

from sim.institution import InstitutionConfig, generate_institution


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("researchers", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    institution = generate_institution(
        InstitutionConfig(researchers=args.researchers, seed=args.seed)
    )
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    orcid_works = sum(len(record.works) for record in institution.orcid_records.values())
    print(f"researchers     {len(institution.persons):>10,}")
    print(f"true works      {len(institution.true_works):>10,}")
    print(f"Pure outputs    {len(institution.pure_outputs):>10,}")
    print(f"ORCID records   {len(institution.orcid_records):>10,}")
    print(f"ORCID works     {orcid_works:>10,}")
    print(f"tokens          {len(institution.tokens):>10,}")
    print(f"wall time       {elapsed:>10.1f} s")
    print(f"peak memory     {peak_kib / 1024:>10.0f} MiB (max RSS)")


if __name__ == "__main__":
    main()
