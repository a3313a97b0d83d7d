"""`link_csv_files`, behind `pure-orcid link`: reading exports as they come, writing the pairs,
and the whole path measured on a slice of the DBLP-ACM benchmark."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.link_csv import link_csv_files, read_records
from tests.conftest import SHARED

DBLP_ACM = SHARED / "benchmarks" / "dblp-acm"


def test_headers_matched_without_regard_to_case_and_latin1_read(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_bytes(
        b'"ID"," Title ","AUTHORS","Venue","YEAR","Doi"\r\n'
        b'"k1","Sch\xe4tzung der Varianz","J\xfcrgen M\xfcller, Anna Smith","VLDB",1999,'
        b'"https://doi.org/10.1145/304182.304190"\r\n'
        b'"k2","Untitled &amp; unknown","","","",""\r\n'
    )
    first, second = read_records(path, "left", encoding="latin-1").records
    assert (first.record_id, first.title, first.year) == ("k1", "Schätzung der Varianz", 1999)
    assert {a.family for a in first.authors if not a.corporate} == {"muller", "smith"}
    assert first.identifiers == {"doi": frozenset({"10.1145/304182.304190"})}
    assert (second.title_key, second.year, second.authors) == ("untitled unknown", None, ())


def test_wrong_encoding_and_missing_column_are_explained(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_bytes(b"id,title\r\n1,Sch\xe4tzung\r\n")
    with pytest.raises(ValueError, match="--encoding latin-1"):
        read_records(path, "left")
    path.write_text("key,title\n1,A\n")
    with pytest.raises(ValueError, match="no column id"):
        read_records(path, "left")


def test_link_writes_left_id_right_id_score(tmp_path: Path) -> None:
    left, right, out = tmp_path / "l.csv", tmp_path / "r.csv", tmp_path / "pairs.csv"
    left.write_text(
        "id,title,authors,venue,year\n"
        "a1,Efficient query processing in sensor networks,Ann Lee,VLDB,2001\n"
        "a2,Correction to: Efficient query processing in sensor networks,Ann Lee,VLDB,2002\n"
    )
    right.write_text(
        "Id,Title,Authors,Venue,Year\n"
        "7,EFFICIENT QUERY PROCESSING IN SENSOR NETWORKS.,A. Lee,Very Large Data Bases,2001\n"
    )
    summary = link_csv_files(left, right, out, encoding="utf-8")
    assert (summary.left_records, summary.right_records, summary.links) == (2, 1, 1)
    assert out.read_text().splitlines() == ["left_id,right_id,score", "a1,7,1.0000"]


def test_one_file_searched_for_its_own_duplicates(tmp_path: Path) -> None:
    path, out = tmp_path / "refs.csv", tmp_path / "pairs.csv"
    path.write_text(
        "id,title,authors,year\n"
        "1,Sleepers and workaholics: caching strategies in mobile environments,Barbara,1994\n"
        "2,Sleepers and Workaholics - Caching Strategies in Mobile Environments,D. Barbara,1994\n"
        "3,Caching strategies in mobile environments,Barbara,1994\n"
    )
    summary = link_csv_files(path, None, out)
    assert (summary.right_records, summary.links) == (None, 1)
    assert out.read_text().splitlines()[1].startswith("1,2,")


def _slice(source: Path, target: Path, ids: list[str], encoding: str) -> None:
    with source.open(newline="", encoding=encoding) as handle:
        rows = list(csv.reader(handle))
    wanted = set(ids)
    with target.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows([rows[0], *(r for r in rows[1:] if r[0] in wanted)])


def test_dblp_acm_slice_reaches_high_f1(tmp_path: Path) -> None:
    """150 mapped pairs and 50 unmapped rows on each side, read and linked exactly as the
    full benchmark is (`bench/linkage.py`). The unmapped rows are there to be left alone."""
    with (DBLP_ACM / "DBLP-ACM_perfectMapping.csv").open(newline="") as handle:
        mapping = [(row["idDBLP"], row["idACM"]) for row in csv.DictReader(handle)]
    truth = set(mapping[::14][:150])
    unmapped: dict[str, list[str]] = {}
    for name, column in (("DBLP2.csv", 0), ("ACM.csv", 1)):
        with (DBLP_ACM / name).open(newline="", encoding="latin-1") as handle:
            ids = [row[0] for row in list(csv.reader(handle))[1:]]
        mapped = {pair[column] for pair in mapping}
        unmapped[name] = [i for i in ids if i not in mapped][:50]
    left, right, out = tmp_path / "dblp.csv", tmp_path / "acm.csv", tmp_path / "pairs.csv"
    _slice(DBLP_ACM / "DBLP2.csv", left, [d for d, _ in truth] + unmapped["DBLP2.csv"], "latin-1")
    _slice(DBLP_ACM / "ACM.csv", right, [a for _, a in truth] + unmapped["ACM.csv"], "latin-1")

    summary = link_csv_files(left, right, out, encoding="latin-1")

    assert (summary.left_records, summary.right_records) == (200, 200)
    with out.open(newline="") as handle:
        predicted = {(row["left_id"], row["right_id"]) for row in csv.DictReader(handle)}
    correct = len(predicted & truth)
    precision, recall = correct / len(predicted), correct / len(truth)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.97, (precision, recall, sorted(predicted ^ truth))


def test_a_work_held_twice_in_the_right_file_is_linked_to_both_copies(tmp_path: Path) -> None:
    """An ORCID export holds one work once per source: every copy is linked, unless
    --one-to-one asks for the old behaviour of one partner per row."""
    left, right, out = tmp_path / "l.csv", tmp_path / "r.csv", tmp_path / "pairs.csv"
    left.write_text(
        "id,title,authors,venue,year,doi\n"
        "a1,Efficient query processing in sensor networks,Ann Lee; Bo Chen,VLDB,2001,"
        "10.1000/q.1\n"
    )
    right.write_text(
        "id,title,authors,venue,year,doi\n"
        "c,Efficient query processing in sensor networks,Ann Lee; Bo Chen,VLDB,2001,10.1000/q.1\n"
        "s,Efficient query processing in sensor networks.,A. Lee,,2001,\n"
    )
    link_csv_files(left, right, out, encoding="utf-8")
    assert {tuple(r.split(",")[:2]) for r in out.read_text().splitlines()[1:]} == {
        ("a1", "c"),
        ("a1", "s"),
    }
    link_csv_files(left, right, out, encoding="utf-8", one_to_one=True)
    assert out.read_text().splitlines()[1:] == ["a1,c,1.0000"]
