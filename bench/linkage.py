"""Linkage benchmark: the matcher on DBLP-ACM, and the match stage on a synthetic institution.

DBLP-ACM (`shared/benchmarks/dblp-acm/`), full task: both whole tables are read by exactly the
code behind `pure-orcid link` (`link_csv_files`), linked without any label, and the pairs written
are scored against the whole perfect mapping, once with `--one-to-one` (the benchmark's own
assumption: each table lists a work once) and once with the default same-work groups. Prints
precision, recall, F1, wall time and the peak memory of this process.

    .venv/bin/python bench/linkage.py
    .venv/bin/python bench/linkage.py --synthetic 1000
    .venv/bin/python bench/linkage.py --noisy 300
    .venv/bin/python bench/linkage.py --noisy 1000 --left 3000

`--noisy N` writes the noisy profile of a synthetic institution of N researchers
(`sim.institution.noisy`: a clean record per work on the left, several noisy versions per work on
the right, look-alikes planted) as two CSV files, links them with `pure-orcid link`'s own code
(same-work groups, its default) and prints precision, recall, the look-alike pairs linked, wall
time and peak memory. With `--left K` only K works are on the left: 1,000 researchers and
`--left 3000` is the 3,000 × 65,000 speed case.

`--synthetic N` generates an institution of N researchers and stages it into an embedded
PostgreSQL exactly as extraction leaves it: every Pure person and output rendered as Pure's Web
Service 5.24 serves it and read back by the pipeline's parser, every ORCID work rendered as the
ORCID API serves it and read by the pipeline's parser, written by the staging writer, and the
deprecated iDs recorded. (Only the HTTP is left out; `bench/extract.py` measures that.) Then it
runs the match stage itself, `pipeline.match.run`, in a process of its own, and prints its wall
time end to end (reading the staged works, building match records, candidates, scoring,
clustering, writing links), per phase, and that process's peak memory. Finally it scores the
links the stage wrote in `core.match_links` against the institution's ground truth: Pure-to-ORCID
links (target: precision >= 0.995, recall >= 0.99), duplicates within each source (target:
recall >= 0.95 at precision >= 0.99), and every planted hard negative that was linked.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

ROOT = Path(__file__).resolve().parents[1]
DBLP_ACM = ROOT.parent / "shared" / "benchmarks" / "dblp-acm"


def embedded_engine(data_dir: Path, *, migrate: bool = True) -> Engine:
    """The embedded server with its data in `data_dir` (started if it is not running)."""
    os.environ["PURE_ORCID_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    from pipeline.config import Settings
    from pipeline.db import make_engine, upgrade

    engine = make_engine(Settings())
    if migrate:
        upgrade(engine)
    return engine


def figures(name: str, predicted: set, truth: set) -> None:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    print(
        f"{name}: {len(predicted)} linked, {len(truth)} true, {hits} correct; "
        f"precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}"
    )


def peak_memory() -> str:
    return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"


def dblp_acm(work_dir: Path) -> None:
    from pipeline.link_csv import link_csv_files

    with (DBLP_ACM / "DBLP-ACM_perfectMapping.csv").open(newline="") as handle:
        truth = {(row["idDBLP"], row["idACM"]) for row in csv.DictReader(handle)}
    out = work_dir / "pairs.csv"
    for one_to_one in (True, False):
        began = time.monotonic()
        summary = link_csv_files(
            DBLP_ACM / "DBLP2.csv",
            DBLP_ACM / "ACM.csv",
            out,
            encoding="latin-1",
            one_to_one=one_to_one,
        )
        seconds = time.monotonic() - began
        with out.open(newline="") as handle:
            predicted = {(row["left_id"], row["right_id"]) for row in csv.DictReader(handle)}
        mode = "--one-to-one" if one_to_one else "same-work groups (the default)"
        print(f"DBLP-ACM full task, {mode}: {summary.left_records} x {summary.right_records}")
        figures("DBLP-ACM", predicted, truth)
        print(f"wall time {seconds:.1f} s (read, link, write); peak memory {peak_memory()}")


def noisy(researchers: int, seed: int, work_dir: Path, *, left_works: int | None) -> None:
    """The noisy profile of the synthetic institution (`sim.institution.noisy`), written as two
    CSV files and linked by `pure-orcid link`'s own code, as a user would link two exports."""
    from pipeline.link_csv import link_csv_files
    from sim.institution import InstitutionConfig, generate_institution
    from sim.institution.noisy import noisy_profile

    institution = generate_institution(InstitutionConfig(researchers=researchers, seed=seed))
    profile = noisy_profile(institution, seed, left_works=left_works)
    del institution
    left, right = profile.write(work_dir)
    out = work_dir / "noisy-pairs.csv"
    began = time.monotonic()
    summary = link_csv_files(left, right, out)
    seconds = time.monotonic() - began
    with out.open(newline="") as handle:
        predicted = {(row["left_id"], row["right_id"]) for row in csv.DictReader(handle)}
    print(
        f"noisy profile: {researchers} researchers, seed {seed}: {summary.left_records} x "
        f"{summary.right_records} records, {len(profile.hard)} look-alike pairs"
    )
    figures("noisy", predicted, profile.truth)
    wrong = sorted(pair for pair in predicted if pair in profile.hard)
    print(f"hard negatives linked: {len(wrong)} (of {len(profile.hard)} pairs)")
    rows = {row.id: row for row in (*profile.left, *profile.right)}
    for pair in wrong[:20]:
        print(f"  {profile.hard[pair]}: {rows[pair[0]].values()} ~ {rows[pair[1]].values()}")
    print(f"wall time {seconds:.1f} s (read, link, write); peak memory {peak_memory()}")


def stage_institution(engine: Engine, institution: Any) -> int:
    """Stage the institution as a full extraction would, through the pipeline's own parsers
    and staging writer; the run id."""
    from pipeline import runs
    from pipeline.db.queries import query
    from pipeline.sources.orcid import parse_work
    from pipeline.sources.pure.parse_ws import parse_ws_person, parse_ws_research_output
    from pipeline.staging.writer import StagingWriter
    from sim.orcid.render import work_full
    from sim.orcid.state import StoredWork
    from sim.pure import render_ws524
    from sim.pure.context import RenderContext

    run_id = runs.start_run(engine, trigger="benchmark")
    context = RenderContext(
        persons={p.uuid: p for p in institution.persons},
        org_units={u.uuid: u for u in institution.org_units},
        base_url="http://pure.invalid",
        zone=dt.UTC,
        institution_name=institution.name,
    )
    with StagingWriter(engine, run_id, batch_size=5000) as writer:
        for person in institution.persons:
            writer.add_person(parse_ws_person(render_ws524.person(context, person)))
        for output in institution.pure_outputs:
            item = render_ws524.research_output(context, output)
            writer.add_work(parse_ws_research_output(item))
        for record in institution.orcid_records.values():
            for work in record.works:
                writer.add_work(parse_work(work_full(StoredWork(work)), orcid=record.orcid))
    statuses = [
        {"orcid": r.orcid, "status": r.status, "primary_orcid": r.primary_orcid, "run_id": run_id}
        for r in institution.orcid_records.values()
    ]
    with engine.begin() as connection:
        connection.execute(query("ops/upsert_orcid_record_status"), statuses)
    return run_id


def _match_in_child(data_dir: str, run_id: int, answers: Any) -> None:
    """The match stage in a fresh process, as the nightly flow runs it (not in this one, which
    holds the whole generated institution): its figures and its own peak memory go back
    through `answers`."""
    from pipeline import match
    from pipeline.config import Settings
    from pipeline.context import StageContext
    from pipeline.match.institution import peak_memory_mib

    engine = embedded_engine(Path(data_dir), migrate=False)
    try:
        summary = match.run(StageContext(engine, Settings(), run_id))
    finally:
        engine.dispose()
    answers.put((summary, peak_memory_mib()))


def run_match_stage(data_dir: Path, run_id: int) -> tuple[Any, float]:
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    child = context.Process(target=_match_in_child, args=(str(data_dir), run_id, answers))
    child.start()
    summary, peak = answers.get()
    child.join()
    return summary, peak


def synthetic(researchers: int, seed: int, work_dir: Path) -> None:
    from sim.institution import InstitutionConfig, generate_institution, hard_negative_pairs

    data_dir = work_dir / "var"
    engine = embedded_engine(data_dir)
    began = time.monotonic()
    institution = generate_institution(InstitutionConfig(researchers=researchers, seed=seed))
    generated = time.monotonic() - began
    began = time.monotonic()
    run_id = stage_institution(engine, institution)
    staged = time.monotonic() - began
    orcid_works = sum(len(r.works) for r in institution.orcid_records.values())
    print(
        f"synthetic institution: {researchers} researchers, seed {seed}: "
        f"{len(institution.pure_outputs)} Pure outputs, {orcid_works} ORCID works; "
        f"generated in {generated:.1f} s, staged in {staged:.1f} s (not part of matching)",
        flush=True,
    )
    work_of = {o.uuid: o.true_work_id for o in institution.pure_outputs}
    work_of |= {
        f"{w.orcid}/work/{w.put_code}": w.true_work_id
        for record in institution.orcid_records.values()
        for w in record.works
    }
    hard = {
        frozenset((p.a, p.b)): p.reason
        for p in hard_negative_pairs(institution.true_works.values())
    }
    titles = {o.uuid: o.title for o in institution.pure_outputs}
    titles |= {
        f"{w.orcid}/work/{w.put_code}": w.title
        for record in institution.orcid_records.values()
        for w in record.works
    }
    del institution

    summary, peak = run_match_stage(data_dir, run_id)
    print(
        f"match stage (pipeline.match.run, end to end): {summary.seconds:.1f} s for "
        f"{summary.researchers} researchers, {summary.pure_records} Pure and "
        f"{summary.orcid_records} ORCID records (one per owner), {summary.processes} "
        f"process(es); peak memory {peak:.0f} MiB (stage), "
        f"{summary.peak_memory_mib:.0f} MiB (largest worker)"
    )
    print(
        "  phases, summed over the processes: "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.phase_seconds.items())
    )
    score_stage(engine, work_of, hard, titles)
    engine.dispose()


def score_stage(
    engine: Engine, work_of: dict[str, int], hard: dict[frozenset, str], titles: dict[str, str]
) -> None:
    """Score what the stage wrote: every pair of one owner's records that derive from one true
    work should be linked (across the sources, or within one as duplicates)."""
    with engine.connect() as connection:
        members = connection.execute(
            text("SELECT owner, source, record_id FROM core.work_clusters")
        ).all()
        links = connection.execute(
            text(
                "SELECT kind, left_source, left_record_id, right_source, right_record_id, "
                "score, method, evidence FROM core.match_links"
            )
        ).all()
    groups: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for owner, source, record_id in members:
        groups[(owner, work_of[record_id])][source].add(record_id)
    cross_truth: set = set()
    dup_truth: dict[str, set] = {"pure": set(), "orcid": set()}
    for by_source in groups.values():
        cross_truth |= set(itertools.product(by_source["pure"], by_source["orcid"]))
        for source in ("pure", "orcid"):
            dup_truth[source] |= {
                frozenset(p) for p in itertools.combinations(sorted(by_source[source]), 2)
            }
    cross = {(r.left_record_id, r.right_record_id) for r in links if r.kind == "same-work"}
    figures("Pure-ORCID", cross, cross_truth)
    for source, name in (("pure", "Pure"), ("orcid", "ORCID")):
        found = {
            frozenset((r.left_record_id, r.right_record_id))
            for r in links
            if r.kind == "duplicate" and r.left_source == source
        }
        figures(f"{name} duplicates", found, dup_truth[source])
    wrong = {
        (r.left_record_id, r.right_record_id): r
        for r in links
        if frozenset((work_of[r.left_record_id], work_of[r.right_record_id])) in hard
    }
    print(f"planted hard negatives linked: {len(wrong)} (of {len(hard)} pairs)")
    for (left, right), r in sorted(wrong.items()):
        reason = hard[frozenset((work_of[left], work_of[right]))]
        print(f"  {reason}: {left} ~ {right} score {r.score} {r.method} {r.evidence}")
        print(f"    {titles[left]!r}\n    {titles[right]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, metavar="N", help="researchers to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--noisy", type=int, metavar="N", help="link the noisy profile of N researchers"
    )
    parser.add_argument(
        "--left", type=int, metavar="K", help="with --noisy: only K works on the left"
    )
    arguments = parser.parse_args()
    work_dir = Path(tempfile.mkdtemp(prefix="bench-linkage-"))
    began = time.monotonic()
    try:
        if arguments.synthetic:
            synthetic(arguments.synthetic, arguments.seed, work_dir)
        elif arguments.noisy:
            noisy(arguments.noisy, arguments.seed, work_dir, left_works=arguments.left)
        else:
            dblp_acm(work_dir)
    finally:
        if arguments.synthetic:
            from pipeline.db.embedded import stop_embedded

            stop_embedded(work_dir / "var")
    print(f"benchmark wall time {time.monotonic() - began:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
