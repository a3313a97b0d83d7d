"""Linkage benchmark: the matcher on DBLP-ACM, and on a synthetic institution's ground truth.

DBLP-ACM (`shared/benchmarks/dblp-acm/`), full task: both whole tables are read by exactly the
code behind `pure-orcid link` (`link_csv_files`), linked without any label, and the pairs written
are scored against the whole perfect mapping. Prints precision, recall, F1, wall time and the
peak memory of this process (the PostgreSQL server is a process of its own).

    .venv/bin/python bench/linkage.py
    .venv/bin/python bench/linkage.py --synthetic 300

`--synthetic N` generates an institution of N researchers, writes its ground truth with
`sim.truth.write_truth`, reads it back and scores, per researcher, the Pure-to-ORCID links
(target: precision >= 0.995, recall >= 0.99) and the duplicates within each source (target:
recall >= 0.95 at precision >= 0.99), and prints every planted hard negative that was linked.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parents[1]
DBLP_ACM = ROOT.parent / "shared" / "benchmarks" / "dblp-acm"


def embedded_engine(data_dir: Path) -> Engine:
    os.environ["PURE_ORCID_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    from pipeline.config import Settings
    from pipeline.db import make_engine, upgrade

    engine = make_engine(Settings())
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


def dblp_acm(engine: Engine, work_dir: Path) -> None:
    from pipeline.link_csv import link_csv_files

    out = work_dir / "pairs.csv"
    began = time.monotonic()
    summary = link_csv_files(
        engine, DBLP_ACM / "DBLP2.csv", DBLP_ACM / "ACM.csv", out, encoding="latin-1"
    )
    seconds = time.monotonic() - began
    with out.open(newline="") as handle:
        predicted = {(row["left_id"], row["right_id"]) for row in csv.DictReader(handle)}
    with (DBLP_ACM / "DBLP-ACM_perfectMapping.csv").open(newline="") as handle:
        truth = {(row["idDBLP"], row["idACM"]) for row in csv.DictReader(handle)}
    print(f"DBLP-ACM full task: {summary.left_records} x {summary.right_records} records")
    figures("DBLP-ACM", predicted, truth)
    print(f"wall time {seconds:.1f} s (read, link, write); peak memory {peak_memory()}")


def synthetic(engine: Engine, researchers: int, seed: int, work_dir: Path) -> None:
    from pipeline.match.config import MatchConfig
    from pipeline.match.link import link
    from sim.institution import InstitutionConfig, generate_institution
    from sim.truth import read_truth, write_truth

    began = time.monotonic()
    institution = generate_institution(InstitutionConfig(researchers=researchers, seed=seed))
    write_truth(institution, work_dir / "truth")
    truth = read_truth(work_dir / "truth")
    owners = {row.orcid: row.person_uuid for row in truth.orcid_records if row.person_uuid}
    pure = pure_records(institution)
    orcid = orcid_records(institution, owners)
    print(
        f"synthetic institution: {researchers} researchers, seed {seed}: "
        f"{len(pure)} Pure records (one per owner), {len(orcid)} ORCID works; "
        f"built in {time.monotonic() - began:.1f} s"
    )
    pure_work = truth.pure_work_ids()
    orcid_work = {f"{o}/work/{p}": w for (o, p), w in truth.orcid_work_ids().items()}
    work_of = pure_work | orcid_work
    hard = {frozenset((r.work_a, r.work_b)): r.reason for r in truth.hard_negatives}

    began = time.monotonic()
    groups = MatchConfig(assignment="same-work-groups")
    cross = link(engine, pure, orcid, groups)
    print(f"Pure-to-ORCID linking: {time.monotonic() - began:.1f} s")
    figures("Pure-ORCID", {(k.left_id, k.right_id) for k in cross}, same_work(pure, orcid, work_of))
    for side, records in (("Pure", pure), ("ORCID", orcid)):
        began = time.monotonic()
        duplicates = link(engine, records, None, groups)
        print(f"{side} duplicates: {time.monotonic() - began:.1f} s")
        predicted = {frozenset((k.left_id, k.right_id)) for k in duplicates}
        figures(f"{side} duplicates", predicted, same_work(records, None, work_of))
        cross += duplicates
    print(f"peak memory {peak_memory()}")
    wrong = [
        (hard[pair], k)
        for k in cross
        if (pair := frozenset((work_of[k.left_id], work_of[k.right_id]))) in hard
    ]
    print(f"planted hard negatives linked: {len(wrong)} (of {len(truth.hard_negatives)} pairs)")
    titles = {r.record_id: r.title for r in (*pure, *orcid)}
    for reason, k in wrong:
        print(f"  {reason}: {k.left_id} ~ {k.right_id} score {k.score} {k.method} {k.evidence}")
        print(f"    {titles[k.left_id]!r}\n    {titles[k.right_id]!r}")


PURE_ID_TYPES = {"PubMed": "pmid", "Scopus": "eid", "arXiv": "arxiv", "ORCID": "orcid-work"}
"""Pure's `idSource` names of the additional ids the simulator writes, as ORCID types."""


def identifier(type_: str, raw: str, relationship: str = "self") -> Any:
    from pipeline.normalize.identifiers import normalise
    from pipeline.sources.model import Identifier

    return Identifier(type_, raw, normalise(type_, raw), relationship)  # type: ignore[arg-type]


def names(authors: Iterable[Any]) -> list[str]:
    return [f"{a.given_names} {a.family_name}" for a in authors]


def pure_records(institution: Any) -> list:
    """One record per output and institution author: each researcher's outputs are matched
    against their own ORCID works, as the pipeline does."""
    from pipeline.match.records import make_record

    records = []
    for o in institution.pure_outputs:
        book = o.type in ("book", "edited-book")
        ids = [identifier("doi", o.doi)] if o.doi else []
        ids += [identifier("isbn", i, "self" if book else "part-of") for i in o.isbns]
        ids += [identifier("issn", o.issn, "part-of")] if o.issn else []
        ids += [identifier(PURE_ID_TYPES[x.type], x.value) for x in o.additional_ids]
        for person in dict.fromkeys(o.person_uuids):
            records.append(
                make_record(
                    o.uuid,
                    "pure",
                    person,
                    title=o.title,
                    subtitle=o.subtitle,
                    year=o.year,
                    work_type=o.type,
                    venue=o.venue,
                    authors=names(o.authors),
                    identifiers=ids,
                )
            )
    return records


def orcid_records(institution: Any, owners: dict[str, str]) -> list:
    from pipeline.match.records import make_record

    records = []
    for record in institution.orcid_records.values():
        owner = owners.get(record.orcid)
        if owner is None:
            continue
        for w in record.works:
            ids = [identifier(x.type, x.value, x.relationship) for x in w.external_ids]
            records.append(
                make_record(
                    f"{w.orcid}/work/{w.put_code}",
                    "orcid",
                    owner,
                    title=w.title,
                    subtitle=w.subtitle,
                    year=w.year,
                    work_type=w.type,
                    venue=w.journal_title,
                    authors=names(w.contributors),
                    identifiers=ids,
                )
            )
    return records


def same_work(left: Iterable, right: Iterable | None, work_of: dict[str, int]) -> set:
    """Every pair of records of one owner that derive from one true work: across the tables as
    (left, right) tuples, within one table as unordered pairs."""
    groups: dict[tuple[str, int], tuple[set[str], set[str]]] = {}
    for index, records in enumerate((left, right or ())):
        for record in records:
            key = (record.owner, work_of[record.record_id])
            groups.setdefault(key, (set(), set()))[index].add(record.record_id)
    pairs: set = set()
    for mine, theirs in groups.values():
        if right is None:
            ordered = sorted(mine)
            pairs |= {frozenset((a, b)) for n, a in enumerate(ordered) for b in ordered[n + 1 :]}
        else:
            pairs |= {(a, b) for a in mine for b in theirs}
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, metavar="N", help="researchers to generate")
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    work_dir = Path(tempfile.mkdtemp(prefix="bench-linkage-"))
    engine = embedded_engine(work_dir / "var")
    try:
        if arguments.synthetic:
            synthetic(engine, arguments.synthetic, arguments.seed, work_dir)
        else:
            dblp_acm(engine, work_dir)
    finally:
        engine.dispose()
        from pipeline.db.embedded import stop_embedded

        stop_embedded(work_dir / "var")


if __name__ == "__main__":
    main()
