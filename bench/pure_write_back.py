"""Pure write-back benchmark: one night up to loading against the simulators over HTTP (Pure
API configuration), then the load stage as a dry run, with --apply-pure, and once more after
the next night has read Pure back. Prints the candidates, what was created and enriched, what
the second night wrote (0 when write-back is exactly once) and the stage times.

    .venv/bin/python bench/pure_write_back.py --researchers 300 --rate 100
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract import start_simulators  # the benchmarks' own helper


def night(engine, settings, full: bool) -> int:  # noqa: ANN001
    from pipeline import runs
    from pipeline.context import StageContext
    from pipeline.stages import run_named_stage

    run_id = runs.start_run(engine, trigger="bench")
    ctx = StageContext(engine, settings, run_id, "full" if full else "incremental")
    for stage in ("extract-pure", "extract-orcid", "match", "validate"):
        run_named_stage(ctx, stage)
    return run_id


def measure(tokens: Path) -> None:
    from pipeline.config import Settings
    from pipeline.context import StageContext
    from pipeline.db import make_engine, upgrade
    from pipeline.load.pure import load_pure
    from pipeline.sources.orcid.tokens import read_token_file, store_tokens, token_cipher

    settings = Settings()
    engine = make_engine(settings)
    upgrade(engine)
    store_tokens(engine, token_cipher(settings), read_token_file(tokens))
    first = night(engine, settings, full=True)
    for label, apply in (("dry run", frozenset()), ("--apply-pure", frozenset({"pure"}))):
        began = time.monotonic()
        summary = load_pure(StageContext(engine, settings, first, apply=apply))
        print(
            f"{label}: candidates={summary.candidates} to_create={summary.to_create} "
            f"created={summary.created} unplaceable={summary.unplaceable} "
            f"doi_candidates={summary.doi_candidates} doi_to_update={summary.doi_to_update} "
            f"doi_updated={summary.doi_updated} conflicts={summary.conflicts} "
            f"failed={summary.failed} seconds={time.monotonic() - began:.1f}"
        )
    second = night(engine, settings, full=False)
    began = time.monotonic()
    again = load_pure(StageContext(engine, settings, second, apply=frozenset({"pure"})))
    print(
        f"second night --apply-pure: candidates={again.candidates} created={again.created} "
        f"doi_updated={again.doi_updated} already_proposed={again.already_proposed} "
        f"seconds={time.monotonic() - began:.1f}"
    )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--researchers", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=100.0)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-pure-write-back-"))
    tokens = data_dir / "tokens.csv"
    sims, environment = start_simulators(args.researchers, args.seed, args.rate, tokens)
    try:
        os.environ.update(environment)
        os.environ.update(
            {
                "PURE_ORCID_DATA_DIR": str(data_dir),
                "ORCID_RATE": str(args.rate),
                "PURE_RATE": "50",
                "PURE_INTERFACE": "api",
            }
        )
        os.environ.pop("DATABASE_URL", None)
        measure(tokens)
    finally:
        sims.terminate()
        sims.wait()
        from pipeline.db.embedded import stop_embedded

        stop_embedded(data_dir)


if __name__ == "__main__":
    main()
