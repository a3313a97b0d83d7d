"""Every entry of a real Pure BibTeX export (TU Delft's portal, 2021) read as a user would read it.

The expected values were written by reading the .bib file, not by running the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.sources.bibtex import parse_bibtex_file
from pipeline.sources.model import Work

EXPORT = "pure/bibtex/tudelft_publications/pure_cs_2021-02-17_excerpt.bib"
FILE_NAME = "pure_cs_2021-02-17_excerpt.bib"
PORTAL = "https://research.tudelft.nl/en/publications/"


@dataclass(frozen=True)
class Entry:
    key: str
    type: str
    title: str
    year: int
    doi: str | None
    authors: list[tuple[str | None, str]]
    """(given names, family name) in author order."""
    portal_slug: str
    venue: str | None
    month: int | None = None
    day: int | None = None
    issn: str | None = None
    isbn: str | None = None
    editors: list[tuple[str | None, str]] = field(default_factory=list)


AIAA = "American Institute of Aeronautics and Astronautics Inc. (AIAA)"

ENTRIES = [
    Entry(
        key="5a62c555af994d55a695fa3044e2e37c",
        type="journal-article",
        title="Hear-and-avoid for unmanned air vehicles using convolutional neural networks",
        year=2021,
        month=2,
        day=10,
        doi="10.1177/1756829321992137",
        issn="1756-8293",
        venue="International Journal of Micro Air Vehicles",
        authors=[
            ("D.C.", "Wijnker"),
            ("Tom", "van Dijk"),
            ("M.", "Snellen"),
            ("G.C.H.E.", "de Croon"),
            ("C.", "de Wagter"),
        ],
        portal_slug="hear-and-avoid-for-unmanned-air-vehicles-using-convolutional-neur",
    ),
    Entry(
        key="29f976a5e24247568553fa0ec478029c",
        type="journal-article",
        title="Intelligent adaptive optimal control using incremental model-based global dual "
        "heuristic programming subject to partial observability",
        year=2021,
        doi="10.1016/j.asoc.2021.107153",
        issn="1568-4946",
        venue="Applied Soft Computing",
        authors=[("Bo", "Sun"), ("Erik Jan", "van Kampen")],
        portal_slug="intelligent-adaptive-optimal-control-using-incremental-model-base",
    ),
    Entry(
        key="a21b40d2c6624b5badb679e0357b9fc3",
        type="conference-paper",
        title="Validation of GPS by Ground Scanning Radar Generated with an on-board wide-angle "
        "FMCW radar for General Aviation",
        year=2020,
        doi=None,
        venue="ICRAT 2020",
        authors=[
            ("J.B.", "Maas"),
            ("V.", "Stefanovici"),
            ("R.N.H.W.", "van Gent"),
            ("J.M.", "Hoekstra"),
        ],
        portal_slug="validation-of-gps-by-ground-scanning-radar-generated-with-an-on-b",
    ),
    Entry(
        key="e6f3928b3a4140f1b640f8c774e6d50d",
        type="journal-article",
        title="Adaptive real-time clustering method for dynamic visual tracking of very "
        "flexible wings",
        year=2021,
        month=1,
        day=1,
        doi="10.2514/1.i010860",
        issn="2327-3097",
        venue="Journal of Aerospace Information Systems (online)",
        authors=[("Tigran", "Mkhoyan"), ("Coen C.", "de Visser"), ("Roeland", "De Breuker")],
        portal_slug="adaptive-real-time-clustering-method-for-dynamic-visual-tracking--2",
    ),
    Entry(
        key="53dcc4c7937547a6a8850a61e2abf964",
        type="journal-article",
        title="Analysis of Risk-Based Operational Bird Strike Prevention",
        year=2021,
        doi=None,
        issn="1270-9638",
        venue="Aerospace Science and Technology",
        authors=[
            ("I.C.", "Metz"),
            ("J.", "Ellerbroek"),
            ("Thorsten", "Mühlhausen"),
            ("Dirk", "Kügler"),
            ("J.M.", "Hoekstra"),
        ],
        portal_slug="analysis-of-risk-based-operational-bird-strike-prevention",
    ),
    Entry(
        key="2981a49c73714c449fd2c333ee01939c",
        type="journal-article",
        title="Solution Space Decision Support for Reducing Controller Workload in Route "
        "Merging Task",
        year=2021,
        doi="10.2514/1.c035852",
        issn="0021-8669",
        venue="Journal of Aircraft: devoted to aeronautical science and technology",
        authors=[
            ("G.A.", "Mercado Velasco"),
            ("C.", "Borst"),
            ("M.M.", "van Paassen"),
            ("Max", "Mulder"),
        ],
        portal_slug="solution-space-decision-support-for-reducing-controller-workload-",
    ),
    Entry(
        key="b5c27afbfe6a43688cb7dcf81d5d69ae",
        type="conference-paper",
        title="Linear Mixed-Effects Models for Human-in-the-Loop Tracking Experiment Data",
        year=2021,
        doi="10.2514/6.2021-1014",
        venue="AIAA Scitech 2021 Forum",
        authors=[("P.M.T.", "Zaal"), ("D.M.", "Pool"), ("Max", "Mulder")],
        portal_slug="linear-mixed-effects-models-for-human-in-the-loop-tracking-experi",
    ),
    Entry(
        key="a23f9362b84844479a62a4ce196df864",
        type="conference-paper",
        title="3D real-time path planning of UAVs in dynamic environments in the presence of "
        "uncertainty",
        year=2021,
        doi="10.2514/6.2021-1956",
        venue="AIAA Scitech 2021 Forum",
        authors=[("C.", "Zammit"), ("E.", "van Kampen")],
        portal_slug="3d-real-time-path-planning-of-uavs-in-dynamic-environments-in-the",
    ),
    Entry(
        key="24ed639c67db4200bf15cc91aa11ed28",
        type="conference-paper",
        title="Online Actor-Critic-Based Adaptive Control for a Tailless Aircraft with "
        "Innovative Control Effectors",
        year=2021,
        doi="10.2514/6.2021-0884",
        venue="AIAA Scitech 2021 Forum",
        authors=[("K.", "Shayan"), ("E.", "van Kampen")],
        portal_slug="online-actor-critic-based-adaptive-control-for-a-tailless-aircraf",
    ),
    Entry(
        key="de4078484028493ea9cdce4a6c255a63",
        type="journal-article",
        title="Enhancing optical-flow-based control by learning visual appearance cues for "
        "flying robots",
        year=2021,
        doi="10.1038/s42256-020-00279-7",
        issn="2522-5839",
        venue="Nature Machine Intelligence",
        authors=[("G.C.H.E.", "de Croon"), ("C.", "de Wagter"), ("T.", "Seidl")],
        portal_slug="enhancing-optical-flow-based-control-by-learning-visual-appearanc",
    ),
    Entry(
        key="c5f2dc7b81254d7a8461e7a0d35b1d0b",
        type="conference-paper",
        title="Intelligent Adaptive Control Using LADP and IADP Applied to F-16 Aircraft with "
        "Imperfect Measurements",
        year=2021,
        doi="10.2514/6.2021-1119",
        venue="AIAA Scitech 2021 Forum",
        authors=[("J.I.", "de Alvear Cardenas"), ("B.", "Sun"), ("E.", "van Kampen")],
        portal_slug="intelligent-adaptive-control-using-ladp-and-iadp-applied-to-f-16-",
    ),
    Entry(
        key="4a8fef4e25184c9192d12ba08426cae1",
        type="conference-paper",
        title="Measuring the Drag Latency of Touchscreen Displays for Human-in-the-Loop "
        "Simulator Experiments",
        year=2021,
        doi="10.2514/6.2021-0896",
        venue="AIAA Scitech 2021 Forum",
        authors=[("S.C.F.", "Vrouwenvelder"), ("F.N.", "Postema"), ("D.M.", "Pool")],
        portal_slug="measuring-the-drag-latency-of-touchscreen-displays-for-human-in-t",
    ),
    Entry(
        key="8acded3a2d7745779c1272c680a7c355",
        type="conference-paper",
        title="Developing the Model Reduction Framework in High Frame Rate Visual Tracking "
        "Environment",
        year=2021,
        doi="10.2514/6.2021-0663",
        venue="AIAA Scitech 2021 Forum",
        authors=[
            ("Abdul", "Abdul Rozak Rivai Fassah"),
            ("T.", "Mkhoyan"),
            ("C.C.", "de Visser"),
        ],
        portal_slug="developing-the-model-reduction-framework-in-high-frame-rate-visua",
    ),
    Entry(
        key="0c34b1dd2e364625b767a8c5063128d9",
        type="conference-paper",
        title="Optimizing an Optimization-Based MCA using Perceived Motion Incongruence Models",
        year=2020,
        doi=None,
        venue=None,
        authors=[
            ("D.", "Cleij"),
            ("D.M.", "Pool"),
            ("Max", "Mulder"),
            ("Heinrich H.", "Bülthoff"),
        ],
        portal_slug="optimizing-an-optimization-based-mca-using-perceived-motion-incon",
    ),
    Entry(
        key="bf982743f04349c1a50212f3a91b739e",
        type="book",
        # The export has a soft hyphen (U+00AD) after "Self-": invisible, so not kept.
        title="Self-Supervised Learning for Visual Obstacle Avoidance",
        year=2020,
        month=3,
        doi=None,
        venue="Micro Air Vehicle Lab (MAVLab), TU Delft",
        authors=[("Tom", "van Dijk")],
        portal_slug="self-supervised-learning-for-visual-obstacle-avoidance",
    ),
    Entry(
        key="23f82cd5875f4767a1852605313bc710",
        type="patent",
        title="Obstacle detection using horizon-based learning",
        year=2019,
        doi=None,
        venue=None,
        authors=[("Guido", "de Croon")],
        portal_slug="obstacle-detection-using-horizon-based-learning",
    ),
    Entry(
        key="d8a0f15bb7cb425da684d3426fa60ba1",
        type="book-chapter",
        title="Robust Incremental Nonlinear Dynamic Inversion Controller of Hexapod Flight "
        "Simulator Motion System",
        year=2018,
        doi="10.1007/978-3-319-65283-2_5",
        isbn="9783319652825",
        venue="Advances in Aerospace Guidance, Navigation and Control",
        authors=[
            ("Yingzhi", "Huang"),
            ("Daan", "Pool"),
            ("Olaf", "Stroosma"),
            ("Qiping", "Chu"),
        ],
        editors=[
            ("Bogusław", "Dołęga"),
            ("Robert", "Głębocki"),
            ("Damian", "Kordos"),
            ("Marcin", "Żugaj"),
        ],
        portal_slug="robust-incremental-nonlinear-dynamic-inversion-controller-of-hexa",
    ),
    Entry(
        key="feee459aa598409b9e3ff54c0be78c8b",
        type="book-chapter",
        title="Current and expected airspace regulations for airborne wind energy systems",
        year=2018,
        doi="10.1007/978-981-10-1947-0_29",
        isbn="9789811019463",
        venue="Airborne Wind Energy",
        authors=[
            ("Volkan", "Salma"),
            ("Richard", "Ruiterkamp"),
            ("Michiel", "Kruijff"),
            ("M. M.(René)", "van Paassen"),
            ("Roland", "Schmehl"),
        ],
        editors=[("Roland", "Schmehl")],
        portal_slug="current-and-expected-airspace-regulations-for-airborne-wind-energ",
    ),
    Entry(
        key="ce7b1fe0396d4e35a9562b0f509ddc5f",
        type="book",
        title="Rotorcraft Piloted Simulation Evaluation using the SIMONA Research Simulator at "
        "TU Delft - Report on Handling Qualities experiment Phase 1",
        year=2012,
        doi=None,
        venue="Delft University of Technology",
        authors=[("Olaf", "Stroosma"), ("Marilena", "Pavel")],
        portal_slug="rotorcraft-piloted-simulation-evaluation-using-the-simona-researc",
    ),
]


@pytest.fixture(scope="module")
def works(fixtures_dir: Path) -> dict[str, Work]:
    parsed = parse_bibtex_file(fixtures_dir / EXPORT, owner_id="person-42")
    works = [result for result in parsed if isinstance(result, Work)]
    assert works == parsed, "every entry of the export is a work"
    return {work.source_record_id.split("#", 1)[1]: work for work in works}


def test_every_entry_of_the_export_is_read_in_file_order(works: dict[str, Work]) -> None:
    assert list(works) == [entry.key for entry in ENTRIES]


@pytest.mark.parametrize("expected", ENTRIES, ids=lambda entry: entry.key[:8])
def test_entry_reads_as_written(works: dict[str, Work], expected: Entry) -> None:
    work = works[expected.key]

    assert work.source == "bibtex"
    assert work.source_record_id == f"{FILE_NAME}#{expected.key}"
    assert work.owner_id == "person-42"
    assert work.title == expected.title
    assert work.subtitle is None
    assert work.type == expected.type
    assert (work.year, work.month, work.day) == (expected.year, expected.month, expected.day)
    assert work.venue == expected.venue
    assert work.language == "en"  # Pure wrote "English"
    assert work.identifier_values("doi") == ([expected.doi] if expected.doi else [])
    assert work.identifier_values("issn") == ([expected.issn] if expected.issn else [])
    assert work.identifier_values("isbn") == ([expected.isbn] if expected.isbn else [])
    assert work.identifier_values("uri") == [PORTAL + expected.portal_slug]
    assert [(c.given_names, c.family_name) for c in work.contributors if c.role == "author"] == (
        expected.authors
    )
    assert [(c.given_names, c.family_name) for c in work.contributors if c.role == "editor"] == (
        expected.editors
    )
    assert work.warnings == []


def test_the_pure_key_is_kept_as_the_outputs_uuid(works: dict[str, Work]) -> None:
    """Pure pushes works to ORCID with this UUID, so it links the entry to the pushed work."""
    work = works["5a62c555af994d55a695fa3044e2e37c"]

    (uuid,) = [i for i in work.identifiers if i.type == "source-work-id"]
    assert uuid.normalised == "5a62c555-af99-4d55-a695-fa3044e2e37c"
    assert uuid.raw == "5a62c555af994d55a695fa3044e2e37c"


def test_issns_and_a_chapters_book_isbn_are_part_of_ids(works: dict[str, Work]) -> None:
    article = works["5a62c555af994d55a695fa3044e2e37c"]
    chapter = works["d8a0f15bb7cb425da684d3426fa60ba1"]

    assert {i.relationship for i in article.identifiers if i.type == "issn"} == {"part-of"}
    (isbn,) = [i for i in chapter.identifiers if i.type == "isbn"]
    assert (isbn.raw, isbn.relationship) == ("978-3-319-65282-5", "part-of")


def test_a_percent_encoded_doi_keeps_its_raw_form(works: dict[str, Work]) -> None:
    chapter = works["d8a0f15bb7cb425da684d3426fa60ba1"]

    (doi,) = [i for i in chapter.identifiers if i.type == "doi"]
    assert doi.raw == "10.1007%2F978-3-319-65283-2_5"
    assert doi.normalised == "10.1007/978-3-319-65283-2_5"


def test_contributors_are_numbered_authors_first_then_editors(works: dict[str, Work]) -> None:
    chapter = works["d8a0f15bb7cb425da684d3426fa60ba1"]

    assert [(c.order, c.role) for c in chapter.contributors] == [
        (1, "author"),
        (2, "author"),
        (3, "author"),
        (4, "author"),
        (5, "editor"),
        (6, "editor"),
        (7, "editor"),
        (8, "editor"),
    ]
    assert chapter.contributors[4].name == "Bogusław Dołęga"


def test_display_names_put_given_names_first(works: dict[str, Work]) -> None:
    names = [c.name for c in works["0c34b1dd2e364625b767a8c5063128d9"].contributors]

    assert names == ["D. Cleij", "D.M. Pool", "Max Mulder", "Heinrich H. Bülthoff"]


def test_pure_patents_exported_as_misc_keep_the_entry_type_as_source_type(
    works: dict[str, Work],
) -> None:
    patent = works["23f82cd5875f4767a1852605313bc710"]

    assert (patent.type, patent.source_type) == ("patent", "misc")
