import hashlib
from collections import Counter

from sim.institution import InstitutionConfig, generate_institution, is_valid_orcid
from sim.truth import FILES, read_truth, write_truth


def digest(directory) -> str:
    sha = hashlib.sha256()
    for name in sorted(FILES):
        sha.update((directory / name).read_bytes())
    return sha.hexdigest()


def test_same_seed_writes_byte_identical_truth_files(tmp_path):
    config = InstitutionConfig(researchers=50, seed=42)
    write_truth(generate_institution(config), tmp_path / "a")
    write_truth(generate_institution(config), tmp_path / "b")

    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_truth_files_are_all_written(small_truth_dir):
    assert sorted(p.name for p in small_truth_dir.iterdir()) == sorted(FILES)


def test_truth_round_trips_through_the_csv_files(small_institution, small_truth_dir):
    truth = read_truth(small_truth_dir)

    assert len(truth.persons) == len(small_institution.persons)
    assert len(truth.org_units) == len(small_institution.org_units)
    assert truth.pure_work_ids() == {o.uuid: o.true_work_id for o in small_institution.pure_outputs}
    assert truth.orcid_work_ids() == {
        (w.orcid, w.put_code): w.true_work_id
        for r in small_institution.orcid_records.values()
        for w in r.works
    }
    for row in truth.true_works:
        work = small_institution.true_works[row.id]
        assert (row.title, row.subtitle, row.doi, row.isbn, row.year, row.version_of) == (
            work.title, work.subtitle, work.doi, work.isbn, work.year, work.version_of,
        )  # fmt: skip
        assert list(row.planted) == work.planted
    for row, output in zip(truth.pure_outputs, small_institution.pure_outputs, strict=True):
        assert (row.title, row.doi, list(row.planted)) == (output.title, output.doi, output.planted)


def test_persons_file_reveals_the_true_id_behind_each_orcid_problem(small_truth_dir):
    persons = read_truth(small_truth_dir).persons
    by_problem = Counter(p.orcid_problem for p in persons)
    records = {r.orcid: r for r in read_truth(small_truth_dir).orcid_records}

    assert by_problem["invalid-checksum"] >= 1
    for person in persons:
        if person.orcid_problem == "invalid-checksum":
            assert is_valid_orcid(person.true_orcid)
            assert person.orcid != person.true_orcid
        if person.orcid_problem == "deprecated":
            assert records[person.orcid].status == "deprecated"
            assert records[person.orcid].primary_orcid == person.true_orcid
        if person.orcid_problem == "deactivated":
            assert records[person.orcid].status == "deactivated"
        if person.orcid_problem == "none":
            assert person.orcid == person.true_orcid
        if person.token_granted:
            assert person.orcid_problem == "none"
    shared = [p for p in persons if p.orcid_problem == "shared"]
    assert len({p.orcid for p in shared}) == 1
    assert len({p.true_orcid for p in shared}) == 2


def test_org_units_form_one_tree_under_the_university(small_truth_dir):
    units = read_truth(small_truth_dir).org_units
    by_uuid = {u.uuid: u for u in units}

    assert [u.kind for u in units if u.parent_uuid is None] == ["university"]
    for unit in units:
        if unit.kind == "department":
            assert by_uuid[unit.parent_uuid].kind == "faculty"


def test_hard_negatives_file_names_each_case(small_truth_dir):
    truth = read_truth(small_truth_dir)
    reasons = {row.reason for row in truth.hard_negatives}
    ids = {row.id for row in truth.true_works}

    assert reasons == {
        "same-title-different-doi", "correction-note", "reply-note",
        "book-and-chapter-share-isbn", "chapters-share-isbn", "preprint-version-of",
    }  # fmt: skip
    assert all(row.work_a in ids and row.work_b in ids for row in truth.hard_negatives)
