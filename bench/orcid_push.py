"""ORCID push benchmark: a full night against the simulators over HTTP (the researchers' tokens
imported as `pure-orcid tokens import` does), the load stage as a dry run and with
--apply-orcid, then the next (incremental) night with --apply-orcid. Prints what each load
did, the POST calls ORCID answered per night (0 on the second when pushing is exactly once),
duplicates on the records (two of the institution's works for one Pure output or one DOI), and
the pushed works against the simulator's truth.

    .venv/bin/python bench/orcid_push.py --researchers 100
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter
from pathlib import Path


def night(engine, settings, full: bool) -> int:  # noqa: ANN001
    """A night up to loading; its run."""
    from pipeline import runs
    from pipeline.context import StageContext
    from pipeline.stages import run_named_stage

    run_id = runs.start_run(engine, trigger="bench")
    ctx = StageContext(engine, settings, run_id, "full" if full else "incremental")
    for stage in ("extract-pure", "extract-orcid", "match", "validate"):
        run_named_stage(ctx, stage)
    return run_id


def measure(sims, institution) -> None:  # noqa: ANN001
    from pipeline.config import Settings
    from pipeline.context import StageContext
    from pipeline.db import make_engine, upgrade
    from pipeline.load.orcid import push_to_orcid
    from pipeline.sources.orcid.tokens import store_tokens, token_cipher
    from sim.tokens import granted_tokens
    from sim.truth import missing_and_pushable

    settings = Settings()
    engine = make_engine(settings)
    upgrade(engine)
    store_tokens(engine, token_cipher(settings), granted_tokens(institution))
    state = sims.orcid_faults.app.state.sim.state
    missing = missing_and_pushable(institution)

    def load(run_id: int, apply: frozenset[str], label: str) -> None:
        posts = state.counters["works_posts"]
        began = time.monotonic()
        done = push_to_orcid(StageContext(engine, settings, run_id, apply=apply))
        print(
            f"{label}: to push {done.to_push}, pushed {done.pushed} (adopted {done.adopted}), "
            f"updated {done.updated}, refused {done.refused}, held for review "
            f"{done.held_for_review}, without permission {done.without_permission}, "
            f"researchers {done.researchers}, POST calls {state.counters['works_posts'] - posts}, "
            f"requests {done.requests}, {time.monotonic() - began:.1f} s"
        )

    first = night(engine, settings, full=True)
    load(first, frozenset(), "night 1, dry run")
    load(first, frozenset({"orcid"}), "night 1, --apply-orcid")
    second = night(engine, settings, full=False)
    load(second, frozenset({"orcid"}), "night 2, --apply-orcid")

    client = settings.orcid_client_id
    truth = {o.uuid: o.true_work_id for o in institution.pure_outputs}
    ours = {
        orcid: [s.work for s in state.works(orcid) if s.work.source_client_id == client]
        for orcid in institution.orcid_records
    }
    twice = 0
    on_record = set()
    for orcid, works in ours.items():
        ids = [e.value for w in works for e in w.external_ids if e.type == "source-work-id"]
        dois = [
            e.value.lower()
            for w in works
            for e in w.external_ids
            if e.type == "doi" and e.relationship == "self"
        ]
        twice += sum(n - 1 for n in Counter(ids).values()) + sum(
            n - 1 for n in Counter(dois).values()
        )
        on_record |= {(orcid, truth[i]) for i in ids if i in truth}
    from sqlalchemy import text

    with engine.connect() as connection:
        held = {
            (orcid, truth[uuid])
            for orcid, uuid in connection.execute(
                text("SELECT orcid, pure_uuid FROM core.push_review")
            )
        }
    pushed = missing & on_record
    print(
        f"records holding one output or DOI twice: {twice}; eligible missing by truth "
        f"{len(missing)}, on the record now {len(pushed)} ({len(pushed) / max(1, len(missing)):.1%}"
        f"), held for review {len(missing & held - on_record)}, neither "
        f"{len(missing - on_record - held)}"
    )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--researchers", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=100.0)
    args = parser.parse_args()
    from sim.institution import InstitutionConfig, generate_institution
    from sim.serve import running_simulators

    data_dir = Path(tempfile.mkdtemp(prefix="bench-orcid-push-"))
    institution = generate_institution(
        InstitutionConfig(researchers=args.researchers, seed=args.seed)
    )
    with running_simulators(institution, orcid_rate=args.rate, orcid_burst=40) as sims:
        os.environ.update(sims.environment())
        os.environ.update({"PURE_ORCID_DATA_DIR": str(data_dir), "ORCID_RATE": str(args.rate)})
        os.environ.pop("DATABASE_URL", None)
        try:
            measure(sims, institution)
        finally:
            from pipeline.db.embedded import stop_embedded

            stop_embedded(data_dir)


if __name__ == "__main__":
    main()
