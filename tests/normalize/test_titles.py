"""Two records of one work get one title key, whatever markup, case, accents or subtitle
handling their sources used; corrections and replies are recognised so they never match the
work they are about."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.normalize.titles import (
    is_note,
    is_truncation_of,
    looks_truncated,
    plain_text,
    text_key,
    title_core_key,
    title_key,
    title_keys,
    title_main_key,
)
from pipeline.sources.bibtex import parse_bibtex_file
from sim.institution import InstitutionConfig, generate_institution
from sim.institution.variants import TITLE_VARIANTS
from sim.model import Institution, TrueWork
from tests.conftest import SHARED

DBLP_ACM = SHARED / "benchmarks" / "dblp-acm"
TUDELFT_BIB = SHARED / "fixtures" / "pure" / "bibtex" / "tudelft_publications"


# The synthetic institution's planted title variants


@dataclass(frozen=True)
class Planted:
    kind: str
    title: str
    subtitle: str | None
    truth: TrueWork


@pytest.fixture(scope="module")
def institution() -> Institution:
    return generate_institution(InstitutionConfig(researchers=60, seed=1))


def _planted(institution: Institution) -> Iterator[Planted]:
    orcid_works = (w for record in institution.orcid_records.values() for w in record.works)
    for record in [*institution.pure_outputs, *orcid_works]:
        for tag in record.planted:
            if tag.startswith("title:"):
                truth = institution.true_works[record.true_work_id]
                yield Planted(tag.removeprefix("title:"), record.title, record.subtitle, truth)


def _of_kind(institution: Institution, kind: str) -> list[Planted]:
    records = [p for p in _planted(institution) if p.kind == kind]
    assert len(records) >= 10, f"too few {kind} variants planted to say anything"
    return records


@pytest.mark.parametrize("kind", ["case", "punctuation", "html", "latex", "diacritics"])
def test_a_variant_title_has_the_key_of_the_true_title(institution: Institution, kind: str) -> None:
    for record in _of_kind(institution, kind):
        expected = title_key(record.truth.title, record.truth.subtitle)
        assert title_key(record.title, record.subtitle) == expected, record


def test_a_subtitle_folded_in_or_split_off_gives_the_same_key(institution: Institution) -> None:
    for record in _of_kind(institution, "subtitle-split"):
        truth = record.truth
        assert title_key(record.title, record.subtitle) == title_key(truth.title, truth.subtitle)
        assert title_main_key(record.title, record.subtitle) == title_main_key(
            truth.title, truth.subtitle
        )


def test_a_truncated_title_is_recognised_as_the_start_of_the_true_one(
    institution: Institution,
) -> None:
    for record in _of_kind(institution, "truncated"):
        assert looks_truncated(record.title), record
        assert is_truncation_of(title_key(record.title), title_key(record.truth.title)), record


def test_every_title_variant_kind_of_the_generator_is_covered() -> None:
    covered = {"case", "punctuation", "html", "latex", "diacritics", "subtitle-split", "truncated"}
    assert set(TITLE_VARIANTS) == covered


def test_the_generators_corrections_and_replies_are_notes_and_nothing_else_is(
    institution: Institution,
) -> None:
    works = institution.true_works.values()
    notes = [w for w in works if w.note_on is not None]
    assert notes
    assert all(is_note(w.title) in {"correction", "reply"} for w in notes)
    assert [w.title for w in works if w.note_on is None and is_note(w.title)] == []


# Markup, case, accents and punctuation

SAME_KEY = [
    # HTML entities, once and twice escaped, as Crossref and ACM deliver them
    ("Baden-W&#252;rttemberg", "Baden-Württemberg"),
    (
        "The VLDB Journal &mdash; The International Journal",
        "The VLDB Journal — The International Journal",
    ),
    ("Caf&amp;eacute; culture", "Café culture"),
    ("Black &amp;amp; White", "Black & White"),
    ("Black &; White", "Black & White"),
    # inline markup from Crossref, JATS and MathML
    ("<i>Drosophila</i> wing discs", "Drosophila wing discs"),
    ("CO<sub>2</sub> uptake", "CO2 uptake"),
    ("<scp>dna</scp> repair", "DNA repair"),
    (
        "Uptake of <mml:math><mml:msub><mml:mi>H</mml:mi><mml:mn>2</mml:mn></mml:msub></mml:math>",
        "Uptake of H2",
    ),
    ("Part one<br/>part two", "Part one part two"),
    # LaTeX as Pure, Mendeley and Zotero export it
    ('B{\\"u}lthoff and Z\\"{u}rich', "Bülthoff and Zürich"),
    ("{{Title Protection}} in {B}ib{T}e{X}", "Title protection in BibTeX"),
    ("$\\alpha$-synuclein", "α-synuclein"),
    ("H$_2$O and CO$_2$", "H₂O and CO2"),
    ("Tom \\& Jerry, 50\\% off", "Tom & Jerry, 50% off"),
    ("\\emph{In vivo} imaging", "In vivo imaging"),
    ("{\\o}re, {\\l}{\\'o}d{\\'z}, Stra{\\ss}e", "Øre, Łódź, Straße"),
    ('Na\\"{\\i}ve Bayes', "Naïve Bayes"),
    ("Pi{\\k{e}}kna and {\\c e}", "Piękna and ę"),
    # diacritics and letters without a decomposition
    ("Über Straße", "Uber Strasse"),
    ("Ærø Øresund Łódź", "Aero Oresund Lodz"),
    ("Đorđević þing œuvre", "Dordevic thing oeuvre"),
    ("α-synuclein and β-cells", "alpha-synuclein and beta-cells"),
    ("ﬁnite ﬁelds", "finite fields"),
    # case, punctuation, apostrophes
    ("DEEP LEARNING FOR GRAPHS", "Deep Learning for Graphs"),
    ("Alzheimer’s disease", "Alzheimers disease"),
    ("Long-term effects", "Long term effects."),
    ("“Quoted” words, and (brackets)!", "quoted words and brackets"),
    ("Self-\u00adSupervised Learning", "Self-Supervised Learning"),
    ("  spaced \t  out  ", "spaced out"),
    # Elsevier's mark on a retracted article
    ("RETRACTED: A study of things", "A study of things"),
]


@pytest.mark.parametrize(("written", "plain"), SAME_KEY)
def test_a_title_written_differently_has_the_same_key(written: str, plain: str) -> None:
    assert title_key(written) == title_key(plain)


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Title: Sub", "title sub"),
        ("The &#961; operator", "the rho operator"),
        ("Graph Neural Networks — A Survey", "graph neural networks a survey"),
        ("", ""),
    ],
)
def test_the_key_is_lower_case_words_separated_by_single_spaces(title: str, key: str) -> None:
    assert title_key(title) == key


def test_a_separate_subtitle_is_joined_onto_the_title() -> None:
    assert title_key("Deep learning", "a survey") == title_key("Deep learning: a survey")
    assert title_key("Deep learning", None) == "deep learning"
    assert title_key(None, "a survey") == "a survey"
    assert title_key(None) == ""


def test_titles_that_differ_in_words_keep_different_keys() -> None:
    assert title_key("Correction of motion") != title_key("Correction of emotion")
    assert title_key("A study in 2019") != title_key("A study in 2020")
    assert title_key("α-synuclein") != title_key("β-synuclein")


LATEX_FORMS = [
    '{\\"u}ber \\"uber \\"{u}ber \\H{o} {\\r a} \\v s \\t{oo}',
    "\\o re, {\\o}re, \\ss x, \\ae \\AA \\L, \\'\\i",
    "\\k{e} \\c c \\c{e}",
    "$\\varepsilon \\vartheta \\Gamma$ and $\\alpha$-helix",
    "\\mathcal{A} \\mathbb{R} \\textsc{Dna} \\textbf{bold}~text",
    'Schr\\"odinger\\textquoteright s cat -- \\url{http://x.org}',
    "a\\,b x\\-y 50\\% \\& \\_ \\$",
]


@pytest.mark.parametrize("latex", LATEX_FORMS)
def test_the_fast_latex_reduction_gives_the_key_the_full_decoder_gives(latex: str) -> None:
    """Keys reduce common LaTeX themselves for speed; they must agree with the BibTeX reader's
    decoder, so a title imported from BibTeX and one typed with LaTeX in Pure compare equal."""
    assert title_key(latex) == title_key(plain_text(latex))


def test_plain_text_keeps_the_accents_a_reader_sees() -> None:
    assert plain_text('B{\\"u}lthoff &amp; <i>Caf&eacute;</i>') == "Bülthoff & Café"


def test_text_key_folds_venues_and_names_the_way_titles_are_folded() -> None:
    assert text_key("Journal of the ACM (JACM) ") == "journal of the acm jacm"
    assert text_key('Z\\"{u}rich') == text_key("ZÜRICH")


# Main titles and truncation


@pytest.mark.parametrize(
    ("title", "main"),
    [
        ("Deep learning: a survey", "deep learning"),
        ("Deep learning - a survey", "deep learning"),
        ("Deep learning — a survey", "deep learning"),
        ("Deep learning -- a survey", "deep learning"),
        ("Why do birds sing? Evidence from finches", "why do birds sing"),
        ("Deep learning. A survey", "deep learning"),
        ("Urban heat in St. Louis", "urban heat in st louis"),
        ("Long-term effects of x", "long term effects of x"),
        ("RETRACTED: Deep learning: a survey", "deep learning"),
        ("No separator here", "no separator here"),
    ],
)
def test_the_main_title_is_the_part_before_the_subtitle(title: str, main: str) -> None:
    assert title_main_key(title) == main


def test_a_record_without_its_subtitle_shares_the_main_key() -> None:
    assert title_main_key("Deep learning") == title_main_key("Deep learning: a survey")
    assert title_main_key("Deep learning", "a survey") == "deep learning"


@pytest.mark.parametrize(
    ("short", "long", "truncated"),
    [
        ("A very long title about graph", "A very long title about graph neural networks", True),
        ("A very long title about gra", "A very long title about graph neural networks", False),
        ("A study of the", "A study of the effects of things", False),  # too short to tell
        ("Same title, same length here", "Same title, same length here", False),
        ("A very long title about trees", "A very long title about graph neural networks", False),
    ],
)
def test_a_truncation_is_a_word_prefix_of_enough_length(
    short: str, long: str, truncated: bool
) -> None:
    assert is_truncation_of(title_key(short), title_key(long)) is truncated


@pytest.mark.parametrize(
    ("title", "marked"),
    [
        ("A very long title about...", True),
        ("A very long title about…", True),
        ("A very long title about&hellip;", True),
        ("A very long title about\\ldots", True),
        ("A complete title", False),
        (None, False),
    ],
)
def test_an_ellipsis_marks_a_title_as_truncated(title: str | None, marked: bool) -> None:
    assert looks_truncated(title) is marked


# Notes: corrections, replies, comments


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Correction to: Deep learning for graphs", "correction"),
        ("Correction: Deep learning for graphs", "correction"),
        ("Author Correction: Deep learning for graphs", "correction"),
        ("Publisher Correction: Deep learning for graphs", "correction"),
        ("Correction to “Deep learning for graphs”", "correction"),
        ("Correction for Smith et al., Deep learning for graphs", "correction"),
        ("Erratum to: Deep learning for graphs", "erratum"),
        ("Erratum: Deep learning for graphs", "erratum"),
        ("Erratum in: Deep learning for graphs", "erratum"),
        ("[Erratum to “Deep learning for graphs”]", "erratum"),
        ("ERRATUM", "erratum"),
        ("Corrigendum to “Deep learning for graphs” [J. Comp. 12 (2019) 1–10]", "corrigendum"),
        ("Addendum: Deep learning for graphs", "addendum"),
        ("Retraction Note: Deep learning for graphs", "retraction"),
        ("Retraction: Deep learning for graphs", "retraction"),
        ("Notice of Retraction: Deep learning for graphs", "retraction"),
        ("Retraction notice to “Deep learning for graphs”", "retraction"),
        ("Expression of Concern: Deep learning for graphs", "expression-of-concern"),
        ("Reply to Smith’s comment on “Deep learning for graphs”", "reply"),
        ("Reply to: Comment on Deep learning for graphs", "reply"),
        ("In reply to Smith", "reply"),
        ("Authors’ reply", "reply"),
        ("Author's response to the letter by Smith", "reply"),
        ("Response to comments on “Deep learning for graphs”", "reply"),
        ("Comment on “Deep learning for graphs”", "comment"),
        ("Comments on Deep learning for graphs", "comment"),
        ("Commentary: Deep learning for graphs", "comment"),
        ("Commentary on Smith et al.", "comment"),
        ("Correction to: <i>Drosophila</i> wings", "correction"),
    ],
)
def test_a_note_is_recognised_with_its_kind(title: str, kind: str) -> None:
    assert is_note(title) == kind


@pytest.mark.parametrize(
    "title",
    [
        "Correction of motion artefacts in cardiac MRI",
        "Correction for attenuation in PET imaging",
        "Response to treatment in rheumatoid arthritis",
        "Responses of soil microbes to drought",
        "Retraction of the tongue during swallowing",
        "Commenting practices in open-source code",
        "Addenda and errata culture in scholarly publishing",
        "Replication of a classic experiment",
        "A comment-aware recommender",
        "Deep learning for graphs",
        "RETRACTED: Deep learning for graphs",
        "",
        None,
    ],
)
def test_a_research_title_is_not_a_note(title: str | None) -> None:
    assert is_note(title) is None


# Real records: the DBLP-ACM benchmark and a Pure BibTeX export


def _csv(name: str, encoding: str) -> dict[str, dict[str, str]]:
    with (DBLP_ACM / name).open(encoding=encoding, newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def acm() -> dict[str, dict[str, str]]:
    return _csv("ACM.csv", "utf-8")


@pytest.fixture(scope="module")
def dblp() -> dict[str, dict[str, str]]:
    return _csv("DBLP2.csv", "latin-1")


@pytest.fixture(scope="module")
def mapping() -> list[tuple[str, str]]:
    with (DBLP_ACM / "DBLP-ACM_perfectMapping.csv").open(newline="") as handle:
        return [(row["idDBLP"], row["idACM"]) for row in csv.DictReader(handle)]


@pytest.mark.parametrize(
    ("acm_id", "key"),
    [
        ("637418", "the rho operator discovering and ranking associations on the semantic web"),
        ("248608", "uis management of data and services in the environmental information "
         "systems of baden wurttemberg"),
        ("671665", "datawarehousing has more colours than just black white"),
    ],
)  # fmt: skip
def test_acm_titles_with_entities_read_as_their_text(
    acm: dict[str, dict[str, str]], acm_id: str, key: str
) -> None:
    assert title_key(acm[acm_id]["title"]) == key


def test_acms_mdash_venue_has_the_key_of_its_plain_form(acm: dict[str, dict[str, str]]) -> None:
    venue = acm["615197"]["venue"]
    assert "&mdash;" in venue
    expected = "the vldb journal the international journal on very large data bases"
    assert title_key(venue) == expected
    assert title_main_key(venue) == "the vldb journal"


@pytest.mark.parametrize(
    ("acm_id", "dblp_id"),
    [
        ("673000", "conf/vldb/JagadishLRSS94"),  # Dali / Dalí
        ("615229", "journals/vldb/BenzakenD95"),  # Themis / Thémis
        ("673320", "conf/vldb/Ogawa96"),  # "&;" / "&"
        ("564710", "conf/sigmod/ChenGMV02"),  # B+-Trees / B±Trees
    ],
)
def test_the_same_paper_in_acm_and_dblp_has_one_key(
    acm: dict[str, dict[str, str]], dblp: dict[str, dict[str, str]], acm_id: str, dblp_id: str
) -> None:
    assert title_key(acm[acm_id]["title"]) == title_key(dblp[dblp_id]["title"])


def test_most_benchmark_pairs_agree_on_the_key_alone(
    acm: dict[str, dict[str, str]],
    dblp: dict[str, dict[str, str]],
    mapping: list[tuple[str, str]],
) -> None:
    """The rest differ in words (typos, "panel session", a dropped word): the matcher's fuzzy
    score is for those, not the key."""
    equal = sum(title_key(acm[a]["title"]) == title_key(dblp[d]["title"]) for d, a in mapping)
    assert equal >= 2020, f"{equal} of {len(mapping)}"


def test_a_pure_bibtex_title_has_the_key_of_the_title_the_reader_decodes() -> None:
    path = next(Path(TUDELFT_BIB).glob("*.bib"))
    raw = [
        line.split("=", 1)[1].strip().strip(",").strip('"')
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("title ") or line.strip().startswith("title=")
    ]
    works = [w for w in parse_bibtex_file(path) if not isinstance(w, Exception)]
    assert len(raw) == len(works) == 19
    for written, work in zip(raw, works, strict=True):
        assert title_key(written) == title_key(work.title)
    soft_hyphen = [w for w in raw if "\u00ad" in w]
    assert soft_hyphen
    assert title_key(soft_hyphen[0]).startswith("self supervised learning")


def test_an_erratum_joined_by_a_hyphen_is_a_note_but_a_compound_word_is_not() -> None:
    assert is_note("Erratum-A database model for object dynamics") == "erratum"
    assert is_note("Errata-free computing is a myth") is None


# Genre labels and asides: the core of a title


@pytest.mark.parametrize(
    ("title", "core"),
    [
        ("Index Research: Forest or Trees? (Panel Abstract)", "index research forest or trees"),
        ("Index research (panel session): forest or trees?", "index research forest or trees"),
        ("Data Warehousing for E-Commerce - Book Review", "data warehousing for e commerce"),
        ("Information Visualization, Guest Editors' Foreword", "information visualization"),
        ("SIGMOD challenges paper: database issues in network management",
         "database issues in network management"),
        ("Tutorial: Data Access", "data access"),
        ("InfoSleuth: Semantic Integration (Experience Paper)", "infosleuth semantic integration"),
    ],
)  # fmt: skip
def test_a_genre_label_or_aside_is_not_part_of_the_core(title: str, core: str) -> None:
    """DBLP writes "(Panel Abstract)" and "- Book Review" where ACM writes "(panel session)" or
    nothing: the core is what the piece is about."""
    assert title_core_key(title) == core


@pytest.mark.parametrize(
    "title",
    [
        "A review of mouse models of Parkinson's disease",
        "Panel data models: a review",
        "Database tuning: principles and techniques (part II)",
        "Editorial",
        "Deep learning",
    ],
)
def test_research_titles_and_numbered_parts_keep_their_core(title: str) -> None:
    """Only a whole segment that names a kind of piece is a label, and an aside with a number
    says which part a work is: these cores are the full keys."""
    assert title_core_key(title) == title_key(title)


def test_title_keys_at_once_equal_each_key_alone(
    acm: dict[str, dict[str, str]], dblp: dict[str, dict[str, str]], institution: Institution
) -> None:
    """`title_keys` decodes once and skips the label search where no label can be: it must
    give exactly what the three functions give one at a time."""
    titles = [(row["title"], None) for row in (*acm.values(), *dblp.values())]
    titles += [(p.title, p.subtitle) for p in _planted(institution)]
    titles += [("RETRACTED: Tutorial: Data access", None), ("Editorial (panel)", "Part two")]
    for title, subtitle in titles:
        keys = title_keys(title, subtitle)
        expected = (
            title_key(title, subtitle),
            title_main_key(title, subtitle),
            title_core_key(title, subtitle),
        )
        assert (keys.key, keys.main, keys.core) == expected, title
