"""Matching records as messy sources write them: one work in several versions, missing years
and venues, junk author lists, titles scraped from reference lists; and the look-alikes that
must stay apart however alike they look, each vetoed with its reason in the evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.link_csv import link_csv_files
from pipeline.match.config import MatchConfig
from pipeline.match.records import MatchRecord, make_record
from pipeline.match.score import TitleRarity, score_pair, title_class
from pipeline.normalize.names import author_names, same_author, shared_authors
from pipeline.normalize.titles import citation_context, repair_mojibake, title_key
from pipeline.sources.model import Identifier

CONFIG = MatchConfig()
TITLE = "Sparse coding of natural images in the primary visual cortex"
KEY = "sparse coding of natural images in the primary visual cortex"
AUTHORS = "Jan de Vries; Maria Jansen; Pieter Bakker"


def record(record_id: str, side: str = "left", **fields: Any) -> MatchRecord:
    values: dict[str, Any] = {
        "title": TITLE,
        "year": 2019,
        "venue": "Journal of Vision",
        "authors": AUTHORS,
    } | fields
    return make_record(record_id, side, "csv", **values)


@pytest.mark.parametrize(
    "scraped",
    [
        f"de Vries, J., Jansen, M.: {TITLE}",
        f"J. de Vries and M. Jansen. {TITLE}. Journal of Vision, 2019.",
        f"de Vries J, Jansen M (2019) {TITLE}. J Vis 12(3)",
        f"In: {TITLE}",
        f"“{TITLE}”",
        f"â€œ{TITLE}â€\x9d Journal of Vision, 2019.",
        f'"{TITLE}." Journal of Vision 19(4), pp. 1-12',
        f"{TITLE} (2019)",
    ],
)
def test_citation_noise_around_a_title_is_stripped_from_its_key(scraped: str) -> None:
    assert title_key(scraped) == KEY


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Networks, Graphs and Trees: A survey", "networks graphs and trees a survey"),
        ('"Big data": hype or hope?', "big data hype or hope"),
        ("Jeffrey D. Ullman speaks out", "jeffrey d ullman speaks out"),
        ("Workshop 2000", "workshop 2000"),
        ("Comment on “Sparse coding”", "comment on sparse coding"),
    ],
)
def test_an_ordinary_title_keeps_every_word(title: str, key: str) -> None:
    assert title_key(title) == key


def test_utf8_read_as_windows_1252_is_repaired_and_correct_accents_are_left_alone() -> None:
    assert repair_mojibake("MÃ¼ller â€œquotedâ€\x9d") == "Müller “quoted”"
    assert repair_mojibake("Müller, ÀÉ and Ørsted") == "Müller, ÀÉ and Ørsted"


def test_a_cited_title_gives_the_year_that_ends_its_citation_and_the_whole_venue() -> None:
    cited = f"{TITLE}. Proceedings of the 36th International Conference on Vision (ICV 2021), 2014."
    assert citation_context(cited) == (
        "Proceedings of the 36th International Conference on Vision",
        2014,
    )


def test_venue_and_year_in_a_scraped_title_fill_the_fields_a_record_lacks() -> None:
    scraped = f"{TITLE}. Journal of Vision, 2019."
    assert citation_context(scraped) == ("Journal of Vision", 2019)
    assert citation_context(TITLE) == (None, None)
    filled = record("r", "right", title=scraped, venue=None, year=None)
    assert (filled.title_key, filled.venue_key, filled.year) == (KEY, "journal of vision", 2019)


@pytest.mark.parametrize(
    "junk",
    [
        "N/A",
        "Anonymous",
        "[No author name available]",
        "www.researchgate.net",
        "academia.edu",
        "Unknown; et al.",
        "Department of Computer Science, University of Twente",
        "IEEE",
    ],
)
def test_a_junk_author_list_counts_as_unknown_not_as_disagreeing(junk: str) -> None:
    assert shared_authors(author_names(junk), author_names(AUTHORS)) is None
    verdict = score_pair(record("l"), record("r", "right", authors=junk, year=None), CONFIG)
    assert verdict.linked
    assert "authors" not in verdict.evidence


def test_swapped_and_run_together_names_are_one_person() -> None:
    (anna,) = author_names("Anna Smith")
    assert same_author(author_names("Smith Anna")[0], anna)
    assert same_author(author_names("AnnaSmith")[0], anna)
    assert not same_author(author_names("AnnaSmithson")[0], anna)


def test_a_missing_year_or_venue_is_unknown_not_a_disagreement() -> None:
    verdict = score_pair(record("l"), record("r", "right", year=None, venue=None), CONFIG)
    assert verdict.linked
    assert "year" not in verdict.evidence
    assert "venue" not in verdict.evidence


def test_two_shared_authors_of_longer_lists_support_the_pair() -> None:
    """Two of four authors in common (a scraped page kept two): the overlap is partial, not a
    disagreement, and with a title one word apart the pair still links."""
    left = record("l", authors="Jan de Vries; Maria Jansen; Pieter Bakker; Anna Smit")
    right = record(
        "r",
        "right",
        title=TITLE.replace("natural", "complex"),
        authors="Maria Jansen; Pieter Bakker; Li Wei; Omar Haddad",
        venue=None,
    )
    verdict = score_pair(left, right, CONFIG)
    assert verdict.evidence["authors_partial"] is True
    assert verdict.linked


def test_one_shared_author_of_two_long_lists_is_no_support() -> None:
    left = record("l", authors="Jan de Vries; Maria Jansen; Pieter Bakker; Anna Smit")
    right = record("r", "right", authors="Jan de Vries; Li Wei; Omar Haddad; Eva Kim")
    assert "authors_partial" not in score_pair(left, right, CONFIG).evidence


def _rarity(*titles: str) -> TitleRarity:
    """Word frequencies as over a table of 2,000 titles, the given ones among them."""
    filler = [f"filler title number {n} about topic {n % 50}" for n in range(2000)]
    return TitleRarity([title_key(t) for t in (*titles, *filler)])


def test_a_long_title_of_rare_words_carries_a_link_alone() -> None:
    rarity = _rarity(TITLE)
    bare = record("r", "right", authors="N/A", year=None, venue=None)
    assert title_class(record("l"), bare, CONFIG, rarity) == "distinctive"
    assert score_pair(record("l"), bare, CONFIG, rarity=rarity).linked


def test_a_title_of_common_words_needs_co_authors_year_or_venue() -> None:
    common = "filler title number about retina lesions"
    rarity = _rarity(common)
    left = record("l", title=common)
    bare = record("r", "right", title=common, authors="N/A", year=None, venue=None)
    assert title_class(left, bare, CONFIG, rarity) == "common"
    verdict = score_pair(left, bare, CONFIG, rarity=rarity)
    assert not verdict.linked
    assert "unconfirmed" in verdict.evidence
    dated = record("r", "right", title=common, authors="N/A", venue=None)
    assert score_pair(left, dated, CONFIG, rarity=rarity).linked


def test_a_short_title_needs_agreeing_co_authors_and_the_same_year() -> None:
    left = record("l", title="Editorial", authors="Jan de Vries")
    assert score_pair(
        left, record("r", "right", title="Editorial", authors="Jan de Vries"), CONFIG
    ).linked
    for missing in ({"authors": "N/A"}, {"year": None}):
        verdict = score_pair(left, record("r", "right", title="Editorial", **missing), CONFIG)
        assert not verdict.linked
        assert verdict.evidence["unconfirmed"].startswith("a generic title")


def test_a_reworded_title_with_nothing_else_known_is_not_linked() -> None:
    reworded = TITLE.replace("natural", "complex")
    verdict = score_pair(
        record("l"),
        record("r", "right", title=reworded, authors="", year=None, venue=None),
        CONFIG,
    )
    assert not verdict.linked
    assert verdict.evidence["unconfirmed"].startswith("a reworded title")


def test_a_reworded_distinctive_title_without_a_year_is_confirmed_by_its_venue() -> None:
    """A scraped copy with a word changed, junk authors and no year: the same venue confirms
    a distinctive title as the same year would; another venue does not."""
    reworded = TITLE.replace("natural", "complex")
    copy = record("r", "right", title=reworded, authors="N/A", year=None)
    assert score_pair(record("l"), copy, CONFIG).linked
    elsewhere = record("r", "right", title=reworded, authors="N/A", year=None, venue="Neuron")
    assert not score_pair(record("l"), elsewhere, CONFIG).linked


def test_a_note_without_a_year_is_linked_by_its_authors_and_venue() -> None:
    """A comment on an article, its copy without a year: the same commenters in the same
    venue (or none given) confirm it; a generic title such as "Foreword" still needs the year,
    since an editor writes one every year."""
    fields = {"title": f"Comment on “{TITLE}”", "authors": "Li Wei; Omar Haddad"}
    comment = record("l", **fields)
    assert score_pair(comment, record("r", "right", year=None, **fields), CONFIG).linked
    bare = record("r", "right", year=None, venue=None, **fields)
    assert score_pair(comment, bare, CONFIG).linked
    elsewhere = record("r", "right", year=None, venue="Neuron", **fields)
    assert not score_pair(comment, elsewhere, CONFIG).linked
    foreword = {"title": "Foreword", "authors": "Li Wei"}
    verdict = score_pair(
        record("l", **foreword), record("r", "right", year=None, **foreword), CONFIG
    )
    assert not verdict.linked


# Look-alikes: each a different work, vetoed with the reason in the evidence.


def test_a_reply_is_not_the_comment_it_answers() -> None:
    comment = record("l", title=f"Comment on “{TITLE}”", authors="Li Wei; Omar Haddad")
    reply = record("r", "right", title=f"Reply to comment on “{TITLE}”")
    assert score_pair(comment, reply, CONFIG).evidence["veto"] == "note-kind"


def test_a_reply_titled_like_the_comment_is_told_apart_by_its_authors() -> None:
    comment = record("l", title=f"Comment on “{TITLE}”", authors="Li Wei; Omar Haddad")
    reply = record("r", "right", title=f"Comment on “{TITLE}”")
    verdict = score_pair(comment, reply, CONFIG)
    assert (verdict.linked, verdict.evidence["veto"]) == (False, "note-authors")
    same = record("r", "right", title=f"Comment on “{TITLE}”", authors="Li Wei; Omar Haddad")
    assert score_pair(comment, same, CONFIG).linked


def test_a_generic_title_in_the_same_venue_by_the_same_author_a_year_later_is_another_work() -> (
    None
):
    first = record("l", title="Editorial", authors="Jan de Vries")
    later = record("r", "right", title="Editorial", authors="Jan de Vries", year=2020)
    verdict = score_pair(first, later, CONFIG)
    assert (verdict.linked, verdict.evidence["veto"]) == (False, "generic-title-other-year")


def test_an_erratum_is_not_its_article() -> None:
    erratum = record("r", "right", title=f"Erratum to: {TITLE}")
    assert score_pair(record("l"), erratum, CONFIG).evidence["veto"] == "note"


def test_a_scraped_erratum_is_still_an_erratum() -> None:
    erratum = record("r", "right", title=f"In: Correction to: {TITLE}", venue=None)
    assert erratum.note == "correction"
    assert score_pair(record("l"), erratum, CONFIG).evidence["veto"] == "note"


def test_an_erratum_to_a_correction_is_not_the_correction() -> None:
    correction = record("l", title=f"Correction to: {TITLE}")
    on_it = record("r", "right", title=f"Erratum to: Correction to: {TITLE}")
    assert score_pair(correction, on_it, CONFIG).evidence["veto"] == "note-on-note"
    assert score_pair(correction, record("r", "right", title=f"Erratum: {TITLE}"), CONFIG).linked


def test_a_correction_in_capitals_is_still_a_correction() -> None:
    shouted = record("r", "right", title=f"CORRECTION TO: {TITLE.upper()}")
    assert shouted.note == "correction"
    assert score_pair(record("l"), shouted, CONFIG).evidence["veto"] == "note"
    assert title_key(f"DE VRIES, J., JANSEN, M.: {TITLE.upper()}") == KEY


@pytest.mark.parametrize("server", ["arXiv", "arXiv preprint arXiv:1901.00001", "bioRxiv", "SSRN"])
def test_a_preprint_is_not_its_version_of_record(server: str) -> None:
    preprint = record("r", "right", venue=server)
    verdict = score_pair(record("l"), preprint, CONFIG)
    assert (verdict.linked, verdict.evidence["veto"]) == (False, "preprint-and-published")


def test_part_1_is_not_part_2() -> None:
    title = "Type 2 diabetes in primary care"
    first = record("l", title=f"{title}, Part 1")
    second = record("r", "right", title=f"{title}, Part 2")
    verdict = score_pair(first, second, CONFIG)
    assert (verdict.linked, verdict.evidence["veto"]) == (False, "numbering")


def test_a_part_is_not_the_whole_it_belongs_to() -> None:
    """ "Database tuning … (part I)" and the tutorial "Database tuning …" by the same people
    in the same year are two works; a part's title cut short may have lost its part."""
    title = "Database tuning: principles, experiments, and troubleshooting techniques"
    part = record("l", title=f"{title} (part I)")
    whole = record("r", "right", title=title)
    verdict = score_pair(part, whole, CONFIG)
    assert (verdict.linked, verdict.evidence["veto"]) == (False, "numbering")
    cut = record("r", "right", title="Database tuning: principles, experiments, and...")
    assert score_pair(part, cut, CONFIG).linked
    assert score_pair(part, record("r", "right", title=f"{title}, Part I"), CONFIG).linked


def test_a_copy_is_linked_to_its_own_work_not_to_the_look_alike_with_the_same_title() -> None:
    """A journal article and the conference paper of the same title and author (two DOIs) on
    the left; on the right three copies of the conference paper, its proceedings as venue and
    no year. Each copy resembles the article too, and each other copy resembles it as much,
    but the proceedings name the paper: the copies are linked to it only."""
    from pipeline.match.link import link

    title = "Beyond Mesopotamian astronomy: rethinking Golden Age painting"
    fields = {"title": title, "authors": "Joost Nguyen"}
    proceedings = "Proceedings of the 31st International Conference on Digital Humanities"
    left = [
        record(
            record_id, venue=venue, year=year, identifiers=[Identifier("doi", doi, doi)], **fields
        )
        for record_id, venue, year, doi in (
            ("article", "Classics Review", 2002, "10.1017/s965"),
            ("paper", proceedings, 2001, "10.1109/icdh.42909"),
        )
    ]
    right = [record(f"copy{n}", "right", venue=proceedings, year=None, **fields) for n in range(3)]
    groups = MatchConfig(assignment="same-work-groups")
    linked = {(k.left_id, k.right_id) for k in link(left, right, groups)}
    assert linked == {("paper", f"copy{n}") for n in range(3)}


def test_the_noisy_profile_never_rewords_the_words_that_make_a_look_alike() -> None:
    """A changed title word is a source's slip; "Correction to:" turned into "Photosynthetic
    to:" would be no correction at all, so the noise leaves the marker words alone."""
    import random

    from sim.institution.noisy import _Noise

    noise = _Noise(random.Random(1), ["Photosynthetic", "Monastic"])
    title = "Correction to: Hidden Hanseatic trade across Leiden University Library"
    comment = "Comment on “Historical type 2 diabetes in low-income countries”"
    for _ in range(50):
        assert noise._reworded(title).startswith("Correction to:")
        assert noise._reworded(comment).startswith("Comment on")


def test_the_noisy_profile_links_no_look_alike_and_most_versions(tmp_path: Path) -> None:
    """The noisy profile of a small synthetic institution, linked by `pure-orcid link`: none
    of its look-alike pairs is linked, and most versions of each work are."""
    from sim.institution import InstitutionConfig, generate_institution
    from sim.institution.noisy import LOOK_ALIKES, noisy_profile

    institution = generate_institution(InstitutionConfig(researchers=20, seed=3))
    profile = noisy_profile(institution, 3, look_alikes=0.2)
    assert set(LOOK_ALIKES) <= set(profile.hard.values())
    left, right = profile.write(tmp_path)
    out = tmp_path / "pairs.csv"
    link_csv_files(left, right, out)
    linked = {tuple(line.split(",")[:2]) for line in out.read_text().splitlines()[1:]}
    planted = {pair for pair, kind in profile.hard.items() if kind in LOOK_ALIKES}
    assert not linked & planted
    assert len(linked & profile.truth) >= 0.85 * len(profile.truth)
    assert len(linked & profile.truth) >= 0.99 * len(linked)


def test_every_copy_of_a_work_in_the_other_file_is_linked_however_little_each_says() -> None:
    """Four copies of one work on the right: a clean one, one with only the first author,
    one with two other authors and no venue, one with junk authors and no year. None says
    enough about the others to be their duplicate, but each is the left record's work, so all
    four are linked to it; one-to-one keeps the best only."""
    from pipeline.match.link import link

    left = [record("l", authors="Jan de Vries; Maria Jansen; Pieter Bakker; Anna Smit")]
    right = [
        record("r1", "right", authors="Jan de Vries; Maria Jansen; Pieter Bakker; Anna Smit"),
        record("r2", "right", authors="Jan de Vries et al.", year=None),
        record("r3", "right", authors="Pieter Bakker; Anna Smit", venue=None),
        record("r4", "right", authors="www.researchgate.net", year=None),
    ]
    groups = MatchConfig(assignment="same-work-groups")
    assert {k.right_id for k in link(left, right, groups)} == {"r1", "r2", "r3", "r4"}
    assert [k.right_id for k in link(left, right)] == ["r1"]


def test_copies_of_one_piece_of_a_series_are_all_linked_to_it() -> None:
    """ "Introduction" by one author in the right file in 2022 twice (a clean copy and one
    marked up) and in 2025; the left file holds the 2022 piece once: both 2022 copies are
    its. Four columns of a series in one year in both files stay four pieces, each linked
    once at most."""
    from pipeline.match.link import link

    piece = {"title": "Introduction", "authors": "Anna Owusu", "venue": "DANS Data Station"}
    left = [record("l", year=2022, **piece)]
    right = [
        record("r1", "right", year=2022, **piece),
        record("r2", "right", year=2022, **(piece | {"title": "\\emph{Introduction}"})),
        record("r3", "right", year=2025, **piece),
    ]
    groups = MatchConfig(assignment="same-work-groups")
    assert sorted(k.right_id for k in link(left, right, groups)) == ["r1", "r2"]
    column = {"title": "Book review column", "authors": "Karl Aberer", "venue": "SIGMOD Record"}
    years = (2002, 2002, 2002, 2002, 2003)
    left = [record(f"l{n}", year=year, **column) for n, year in enumerate(years)]
    right = [record(f"r{n}", "right", year=year, **column) for n, year in enumerate(years)]
    links = link(left, right, groups)
    assert len({k.left_id for k in links}) == len({k.right_id for k in links}) == len(links)


def test_a_short_title_of_a_series_is_not_taken_for_copies_of_one_piece() -> None:
    """ "Book review column" in the right file in 2002 and 2003: a series, so the 2002 column
    on the left is linked to the 2002 one only."""
    from pipeline.match.link import link

    column = {"title": "Book review column", "authors": "Karl Aberer", "venue": "SIGMOD Record"}
    left = [record("l", year=2002, **column)]
    right = [
        record("r02", "right", year=2002, **column),
        record("r03", "right", year=2003, **column),
    ]
    groups = MatchConfig(assignment="same-work-groups")
    assert [k.right_id for k in link(left, right, groups)] == ["r02"]


def test_a_journal_is_not_the_conference_it_is_named_after() -> None:
    """ "VLDB J." 2000 and "VLDB" 1999 with the same authors and nearly the same title: the
    journal version and the conference paper. Their years differ, and the venues do not confirm
    it ("VLDB" and "VLDB J." are two venues), so they are two works; while the journal's own
    copy ("The VLDB Journal") is linked by its venue across a year."""
    from pipeline.match.venues import venue_similarity

    fields = {"authors": "Peter Boncz; Stefan Manegold; Martin Kersten"}
    journal = record(
        "l", title="Optimizing database architecture for the new bottleneck: memory access",
        venue="VLDB J.", year=2000, **fields,
    )  # fmt: skip
    conference = record(
        "r", "right", title="Database architecture optimized for the new bottleneck: memory access",
        venue="VLDB", year=1999, **fields,
    )  # fmt: skip
    assert not score_pair(journal, conference, CONFIG).linked
    assert venue_similarity("vldb j", "vldb") < CONFIG.venue_agreement
    assert venue_similarity("vldb j", "the vldb journal") >= CONFIG.venue_agreement


def test_a_reworded_title_in_another_venue_without_a_year_needs_more_than_one_author() -> None:
    """ "A large-scale meta-analysis…" in Nature Neurology and "A transient meta-analysis…" in
    Nature Immunology by one shared author, no year on one side: two works of one researcher.
    The same year, or two shared authors, would confirm it."""
    left = record(
        "l", title="A large-scale meta-analysis for atrial fibrillation",
        authors="Håkon de Groot; Åsa Jones; Amélie Okafor", venue="Nature Neurology",
    )  # fmt: skip
    fields = {
        "title": "A transient meta-analysis for atrial fibrillation",
        "venue": "Nature Immunology",
    }
    verdict = score_pair(
        left, record("r", "right", authors="Amélie Okafor", year=None, **fields), CONFIG
    )
    assert not verdict.linked
    assert "another venue" in verdict.evidence["unconfirmed"]
    assert score_pair(left, record("r", "right", authors="Amélie Okafor", **fields), CONFIG).linked
    two = record("r", "right", authors="Åsa Jones; Amélie Okafor", year=None, **fields)
    assert score_pair(left, two, CONFIG).linked


def test_a_bare_copy_as_like_the_preprint_beside_it_as_the_article_is_left_unlinked() -> None:
    """The published article on the left; on the right its preprint ("arXiv", no year) and a
    bare copy (junk authors, the year, no venue) of one of the two. The article's year on the
    bare copy does not outrank the preprint, which has no year to compare: the copy is as much
    the preprint's, and is left unlinked."""
    from pipeline.match.link import link

    title = "Transient transnational copyright exceptions across the Caribbean Netherlands"
    left = [record("article", title=title, authors="Chiara Rossi", year=2021)]
    right = [
        record("preprint", "right", title=title, authors="Chiara Rossi", venue="arXiv", year=None),
        record("bare", "right", title=title, authors="N/A", venue=None, year=2021),
    ]
    groups = MatchConfig(assignment="same-work-groups")
    assert link(left, right, groups) == []


def test_the_noisy_profile_plants_no_preprint_look_alike_of_a_preprint() -> None:
    """A preprint's copy on another server is the same work: the profile plants the preprint
    look-alike on published works only, and another look-alike on a preprint."""
    from sim.institution import InstitutionConfig, generate_institution
    from sim.institution.noisy import noisy_profile

    institution = generate_institution(InstitutionConfig(researchers=20, seed=3))
    for work in institution.true_works.values():
        work.type = "preprint"
    kinds = set(noisy_profile(institution, 3, look_alikes=0.5).hard.values())
    assert "preprint" not in kinds
    assert {"reply", "erratum", "part"} <= kinds


def test_a_title_cited_with_a_preprint_server_behind_it_is_the_preprint() -> None:
    """ "In: <title>. arXiv." is the preprint, never the published article of that title."""
    cited = record("r", "right", title=f"In: {TITLE}. arXiv.", venue=None, year=None)
    assert (cited.title_key, cited.venue_key, cited.work_type) == (KEY, "arxiv", "preprint")
    verdict = score_pair(record("l"), cited, CONFIG)
    assert (verdict.linked, verdict.evidence["veto"]) == (False, "preprint-and-published")
