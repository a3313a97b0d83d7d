import random
import re
import statistics
from collections import Counter, defaultdict

import pytest

from sim.institution import (
    InstitutionConfig,
    generate_institution,
    hard_negative_pairs,
    is_valid_orcid,
    orcid_check_digit,
)
from sim.institution.identifiers import isbn13_check_digit, issn_check_digit
from sim.institution.variants import DOI_VARIANTS, TITLE_VARIANTS, vary_doi, vary_title
from sim.model import Institution, OrcidWork

ALL_PROBLEMS = {"none", "missing", "invalid-checksum", "shared", "deprecated", "deactivated"}


@pytest.fixture(scope="module")
def institution() -> Institution:
    """Large enough for shares to be measured to within a few percentage points."""
    return generate_institution(InstitutionConfig(researchers=300, seed=11))


def orcid_works(institution: Institution) -> list[OrcidWork]:
    return [w for record in institution.orcid_records.values() for w in record.works]


def all_tags(institution: Institution) -> set[str]:
    tags = {t for w in institution.true_works.values() for t in w.planted}
    tags |= {t for o in institution.pure_outputs for t in o.planted}
    tags |= {t for w in orcid_works(institution) for t in w.planted}
    return tags


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): words padded with two spaces in front and one behind."""

    def trigrams(text: str) -> set[str]:
        grams = set()
        for word in re.findall(r"\w+", text.lower()):
            padded = f"  {word} "
            grams |= {padded[i : i + 3] for i in range(len(padded) - 2)}
        return grams

    left, right = trigrams(a), trigrams(b)
    return len(left & right) / len(left | right)


def test_same_seed_and_config_give_the_identical_institution():
    config = InstitutionConfig(researchers=40, seed=5)

    assert generate_institution(config) == generate_institution(config)


def test_another_seed_gives_another_institution():
    first = generate_institution(InstitutionConfig(researchers=40, seed=5))
    second = generate_institution(InstitutionConfig(researchers=40, seed=6))

    assert {p.uuid for p in first.persons}.isdisjoint({p.uuid for p in second.persons})


@pytest.mark.parametrize(
    "orcid", ["0000-0002-1825-0097", "0000-0002-1694-233X", "0009-0001-5055-9262"]
)
def test_check_digit_agrees_with_published_orcid_ids(orcid):
    assert orcid_check_digit(orcid[:-1]) == orcid[-1]
    assert is_valid_orcid(orcid)


def test_a_wrong_last_character_fails_the_check():
    assert not is_valid_orcid("0000-0002-1825-0098")
    assert not is_valid_orcid("0000-0002-1825-009")


def test_orcid_ids_are_valid_except_the_planted_bad_checksums(institution):
    for person in institution.persons:
        if person.orcid is None:
            assert person.orcid_problem == "missing"
        else:
            assert is_valid_orcid(person.orcid) == (person.orcid_problem != "invalid-checksum")
    assert all(is_valid_orcid(orcid) for orcid in institution.orcid_records)


def test_every_orcid_problem_occurs_even_in_a_small_institution(small_institution):
    problems = Counter(p.orcid_problem for p in small_institution.persons)

    assert set(problems) == ALL_PROBLEMS
    shared = Counter(p.orcid for p in small_institution.persons if p.orcid_problem == "shared")
    assert list(shared.values()) == [2]


def test_deprecated_ids_redirect_to_an_active_primary_record(small_institution):
    records = small_institution.orcid_records
    deprecated = [r for r in records.values() if r.status == "deprecated"]

    assert deprecated
    for record in deprecated:
        assert record.works == []
        assert records[record.primary_orcid].status == "active"
        assert records[record.primary_orcid].works


def test_deactivated_records_have_a_date_and_no_works(small_institution):
    deactivated = [r for r in small_institution.orcid_records.values() if r.status == "deactivated"]

    assert deactivated
    assert all(r.deactivation_date is not None and not r.works for r in deactivated)


def test_only_researchers_with_a_sound_id_granted_member_tokens(institution):
    by_orcid = {p.orcid: p for p in institution.persons if p.orcid}
    sound = [p for p in institution.persons if p.orcid_problem == "none"]

    assert institution.tokens
    for token in institution.tokens:
        assert token.scopes == ["/read-limited", "/activities/update"]
        assert by_orcid[token.orcid].orcid_problem == "none"
    assert len(institution.tokens) / len(sound) == pytest.approx(0.45, abs=0.01)


def test_member_clients_list_the_institution_first(small_institution):
    names = [c.name for c in small_institution.clients]

    assert names[0].endswith("Pure")
    assert set(names[1:]) == {"Crossref", "DataCite", "Scopus - Elsevier"}
    assert all(c.client_id.startswith("APP-") for c in small_institution.clients)


def test_every_planted_case_occurs_even_in_a_small_institution(small_institution):
    tags = all_tags(small_institution)
    expected = {
        "presence:both", "presence:pure-only", "presence:orcid-only", "coauthored",
        "pure:not-validated", "pure:campus", "pure:backend", "pure:in-press",
        "pure:imported-from-orcid", "pure:duplicate", "no-identifiers",
        "orcid:multi-source", "orcid:limited", "orcid:private", "orcid:duplicate",
        "orcid:pushed-by-pure",
        *(f"hard-negative:{case}" for case in
          ("same-title", "correction", "reply", "book-chapter", "preprint")),
        *(f"title:{kind}" for kind in TITLE_VARIANTS),
        *(f"doi:{kind}" for kind in DOI_VARIANTS),
    }  # fmt: skip

    assert expected <= tags


def test_multi_source_groups_share_a_doi_across_different_clients(small_institution):
    groups: dict[tuple[str, int], list[OrcidWork]] = defaultdict(list)
    for work in orcid_works(small_institution):
        if "orcid:multi-source" in work.planted:
            groups[(work.orcid, work.true_work_id)].append(work)
    sources_seen = {w.source_name for group in groups.values() for w in group}
    truth = small_institution.true_works

    assert groups
    for group in groups.values():
        doi = truth[group[0].true_work_id].doi.lower()
        assert len({w.source_client_id for w in group}) == len(group) >= 2
        assert all(any(doi in e.value.lower() for e in w.external_ids) for w in group)
    assert {"Crossref", "DataCite", "Scopus - Elsevier"} <= sources_seen


def test_presence_shares_are_near_the_configured_shares(institution):
    active = {r.orcid for r in institution.orcid_records.values() if r.status == "active"}
    eligible = [
        w
        for w in institution.true_works.values()
        if not any(t.startswith("hard-negative") for t in w.planted)
        and all(a.orcid in active for a in w.authors if a.person_uuid)
    ]
    shares = Counter(t for w in eligible for t in w.planted if t.startswith("presence:"))

    assert shares["presence:both"] / len(eligible) == pytest.approx(0.60, abs=0.03)
    assert shares["presence:pure-only"] / len(eligible) == pytest.approx(0.25, abs=0.03)
    assert shares["presence:orcid-only"] / len(eligible) == pytest.approx(0.15, abs=0.03)


def test_record_state_shares_are_near_the_configured_shares(institution):
    originals = [o for o in institution.pure_outputs if "pure:duplicate" not in o.planted]
    pure = Counter(t for o in originals for t in o.planted)
    works = [w for w in orcid_works(institution) if "orcid:duplicate" not in w.planted]
    orcid = Counter(t for w in works for t in w.planted)

    assert pure["pure:not-validated"] / len(originals) == pytest.approx(0.12, abs=0.02)
    assert pure["pure:in-press"] / len(originals) == pytest.approx(0.05, abs=0.015)
    titled = sum(v for k, v in pure.items() if k.startswith("title:"))
    assert titled / len(originals) == pytest.approx(0.20, abs=0.02)
    assert orcid["orcid:limited"] / len(works) == pytest.approx(0.08, abs=0.015)
    assert orcid["orcid:private"] / len(works) == pytest.approx(0.05, abs=0.015)
    duplicated = sum("pure:duplicate" in o.planted for o in institution.pure_outputs)
    assert duplicated / len(originals) == pytest.approx(0.02, abs=0.01)


def test_works_per_researcher_are_skewed_with_a_long_tail(institution):
    counts = Counter(
        a.person_uuid for w in institution.true_works.values() for a in w.authors if a.person_uuid
    )
    per_person = [counts[p.uuid] for p in institution.persons]
    mean = statistics.mean(per_person)

    assert 30 <= mean <= 50
    assert statistics.median(per_person) < 0.8 * mean
    assert max(per_person) > 4 * mean


def test_a_coauthored_work_is_one_pure_output_and_one_entry_per_authors_record(institution):
    outputs = Counter(
        o.true_work_id for o in institution.pure_outputs if "pure:duplicate" not in o.planted
    )
    coauthored = [
        w
        for w in institution.true_works.values()
        if "coauthored" in w.planted and "presence:both" in w.planted
    ]
    on_records = defaultdict(set)
    for work in orcid_works(institution):
        on_records[work.true_work_id].add(work.orcid)
    pure_by_work = {
        o.true_work_id: o for o in institution.pure_outputs if "pure:duplicate" not in o.planted
    }

    assert coauthored
    for work in coauthored:
        members = [a.person_uuid for a in work.authors if a.person_uuid]
        assert outputs[work.id] == 1
        assert pure_by_work[work.id].person_uuids == members
    assert any(len(on_records[w.id]) >= 2 for w in coauthored)


def test_works_pushed_by_pure_carry_the_pure_uuid_and_need_a_token(institution):
    own = institution.clients[0].client_id
    outputs = {o.uuid: o for o in institution.pure_outputs}
    granted = {t.orcid for t in institution.tokens}
    pushed = [w for w in orcid_works(institution) if w.source_client_id == own]

    assert pushed
    for work in pushed:
        (uuid,) = [e.value for e in work.external_ids if e.type == "source-work-id"]
        assert outputs[uuid].true_work_id == work.true_work_id
        assert outputs[uuid].workflow_step == "approved"
        assert outputs[uuid].visibility == "FREE"
        assert work.orcid in granted


def test_outputs_imported_from_orcid_point_at_a_work_on_the_record(institution):
    put_codes = {(w.orcid, w.put_code): w.true_work_id for w in orcid_works(institution)}
    imported = [o for o in institution.pure_outputs if "pure:imported-from-orcid" in o.planted]

    assert imported
    for output in imported:
        (value,) = [e.value for e in output.additional_ids if e.type == "ORCID"]
        _, orcid, _, put_code = value.split("/")
        assert put_codes[(orcid, int(put_code))] == output.true_work_id


def test_duplicates_without_identifiers_carry_none(institution):
    bare_pure = [o for o in institution.pure_outputs if "no-identifiers" in o.planted]
    bare_orcid = [w for w in orcid_works(institution) if "no-identifiers" in w.planted]

    assert bare_pure
    assert bare_orcid
    assert all(o.doi is None and not o.additional_ids and not o.isbns for o in bare_pure)
    assert all(not w.external_ids for w in bare_orcid)


def test_hard_negatives_differ_in_doi_and_in_type_or_title(institution):
    works = institution.true_works
    pairs = hard_negative_pairs(works.values())
    reasons = Counter(p.reason for p in pairs)

    assert set(reasons) == {
        "same-title-different-doi", "correction-note", "reply-note",
        "book-and-chapter-share-isbn", "chapters-share-isbn", "preprint-version-of",
    }  # fmt: skip
    for pair in pairs:
        a, b = works[pair.a], works[pair.b]
        assert a.doi
        assert b.doi
        assert a.doi.lower() != b.doi.lower()
        if pair.reason == "same-title-different-doi":
            assert a.title == b.title
            assert a.type != b.type
        elif pair.reason == "book-and-chapter-share-isbn":
            assert (a.type, b.type) == ("book", "book-chapter")
            assert a.isbn == b.isbn
        elif pair.reason == "preprint-version-of":
            assert a.type == "preprint"
            assert a.arxiv
            assert b.type == "journal-article"
        elif pair.reason == "correction-note":
            assert b.title == f"Correction to: {a.title}"
        elif pair.reason == "reply-note":
            assert b.title.startswith("Reply to ")
            assert a.title in b.title


def test_orcid_groups_a_preprint_with_its_published_version_by_version_of(institution):
    works = institution.true_works
    preprints = [
        w
        for w in orcid_works(institution)
        if works[w.true_work_id].version_of and "orcid:duplicate" not in w.planted
    ]

    assert preprints
    for work in preprints:
        published = works[works[work.true_work_id].version_of]
        version_of = [e.value for e in work.external_ids if e.relationship == "version-of"]
        assert version_of == [published.doi]


def test_chapters_carry_the_book_isbn_as_part_of_on_orcid(institution):
    chapters = [
        w for w in orcid_works(institution) if institution.true_works[w.true_work_id].part_of
    ]

    assert chapters
    for work in chapters:
        isbns = [e for e in work.external_ids if e.type == "isbn"]
        assert all(e.relationship == "part-of" for e in isbns)


def test_true_works_never_share_a_doi(institution):
    dois = [w.doi.lower() for w in institution.true_works.values() if w.doi]

    assert len(dois) == len(set(dois))


def test_issns_and_isbns_have_valid_check_digits(institution):
    issns = {w.issn for w in institution.true_works.values() if w.issn}
    isbns = {w.isbn for w in institution.true_works.values() if w.isbn}

    assert issns
    assert isbns
    for issn in issns:
        digits = issn.replace("-", "")
        assert issn_check_digit(digits[:7]) == digits[7]
    for isbn in isbns:
        digits = isbn.replace("-", "")
        assert len(digits) == 13
        assert isbn13_check_digit(digits[:12]) == digits[12]


def test_identifiers_look_like_real_ones(institution):
    works = list(institution.true_works.values())

    assert all(re.fullmatch(r"10\.\d{4,5}/\S+", w.doi) for w in works if w.doi)
    assert all(re.fullmatch(r"2-s2\.0-8[45]\d{9}", w.eid) for w in works if w.eid)
    assert all(re.fullmatch(r"\d{4}\.\d{4,5}v\d", w.arxiv) for w in works if w.arxiv)
    assert all(re.fullmatch(r"\d{7,8}", w.pmid) for w in works if w.pmid)


def test_unrelated_titles_of_one_researcher_are_dissimilar(institution):
    by_person = defaultdict(list)
    for work in institution.true_works.values():
        if not any(t.startswith("hard-negative") for t in work.planted):
            by_person[work.authors[0].family_name].append(work.title)
    similarities = [
        trigram_similarity(titles[i], titles[i + 1])
        for titles in by_person.values()
        for i in range(len(titles) - 1)
    ]

    assert sum(s >= 0.5 for s in similarities) / len(similarities) < 0.01


def test_every_record_derives_from_a_true_work(small_institution):
    ids = small_institution.true_works.keys()

    assert all(o.true_work_id in ids for o in small_institution.pure_outputs)
    assert all(w.true_work_id in ids for w in orcid_works(small_institution))


def test_put_codes_are_unique(institution):
    put_codes = [w.put_code for w in orcid_works(institution)]

    assert len(put_codes) == len(set(put_codes))


@pytest.mark.parametrize(
    ("title", "kind", "expected"),
    [
        ("Erdős–Rényi limits", "diacritics", "Erdos-Renyi limits"),
        ("Schrödinger limits", "latex", 'Schr{\\"o}dinger limits'),
        ("Schrödinger limits", "html", "Schr&#246;dinger limits"),
        ("α-synuclein aggregation", "latex", "$\\alpha$-synuclein aggregation"),
    ],
)
def test_title_variants_write_what_real_sources_write(title, kind, expected):
    class Picks:
        """A stand-in rng that always picks the variant under test."""

        def choice(self, options):
            return kind if kind in options else options[0]

        def random(self):
            return 0.0

        def randrange(self, *args):
            return 0

    assert vary_title(Picks(), title, None)[1] == expected


def test_subtitle_split_folds_the_subtitle_into_the_title():
    class Picks:
        def choice(self, options):
            return "subtitle-split"

    assert vary_title(Picks(), "Dark matter", "a review") == (
        "subtitle-split",
        "Dark matter: a review",
        None,
    )


def test_doi_variants_keep_the_doi_recoverable():
    rng = random.Random(3)
    doi = "10.1016/j.jcp.2019.01.004"
    seen = {}
    for _ in range(60):
        kind, value = vary_doi(rng, doi)
        seen[kind] = value
        assert value.lower().endswith(doi.lower())

    assert set(seen) == set(DOI_VARIANTS)
