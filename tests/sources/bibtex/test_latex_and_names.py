"""LaTeX in titles and names comes out as the Unicode a reader sees; names split as BibTeX does."""

from __future__ import annotations

import pytest

from pipeline.sources.bibtex import parse_bibtex
from pipeline.sources.model import Work


def read_one(fields: str, entry_type: str = "article") -> Work:
    (work,) = parse_bibtex(f"@{entry_type}{{k,\n{fields}\n}}", file_name="t.bib")
    assert isinstance(work, Work), work
    return work


def people(work: Work) -> list[tuple[str | None, str | None]]:
    return [(c.given_names, c.family_name) for c in work.contributors]


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Stabilit{\"a}t der {\'E}quations", "Stabilität der Équations"),
        (r"Caf{\'e} \& Bar", "Café & Bar"),
        (r"{Title Case Protection} for {DNA} and {R}", "Title Case Protection for DNA and R"),
        (r"{{Double braced, as Mendeley writes}}", "Double braced, as Mendeley writes"),
        (r"Pages 58--79 and 1991---2001", "Pages 58–79 and 1991—2001"),
        (r"The role of $\alpha$-synuclein", "The role of α-synuclein"),
        (r"50\% of {\textquoteleft}all{\textquoteright}", "50% of ‘all’"),
        ("A title\n   broken over\tlines", "A title broken over lines"),
        (r"Gra{\c c}a and {\c S}i{\c s}li", "Graça and Şişli"),
        (r"x{\textasciicircum}2 and {\textasciitilde}1", "x^2 and ~1"),
        (r"an unbalanced {\textbraceleft} brace", "an unbalanced { brace"),
    ],
)
def test_latex_in_a_title_is_decoded(latex: str, text: str) -> None:
    assert read_one(f"title = {{{latex}}}").title == text


def test_pures_cedilla_under_a_vowel_is_read_as_an_ogonek() -> None:
    """Pure writes ę as `{\\c e}`; the name is Dołęga, not Dołȩga."""
    work = read_one(r'title = "T", editor = "Do{\l}{\c e}ga, {Bogus{\l}aw }"')

    assert people(work) == [("Bogusław", "Dołęga")]


def test_a_title_with_a_colon_is_kept_whole() -> None:
    work = read_one("title = {Deep learning: a review}")

    assert (work.title, work.subtitle) == ("Deep learning: a review", None)


def test_accented_names_are_decoded() -> None:
    work = read_one(r"title={T}, author={B{\"u}lthoff, Heinrich and Ren{\'e} M{\"{u}}ller}")

    assert people(work) == [("Heinrich", "Bülthoff"), ("René", "Müller")]
    assert [c.name for c in work.contributors] == ["Heinrich Bülthoff", "René Müller"]


def test_braced_multi_word_parts_stay_together() -> None:
    work = read_one('title = "T", author = "{van Kampen}, {Erik Jan}"')

    assert people(work) == [("Erik Jan", "van Kampen")]
    assert work.contributors[0].name == "Erik Jan van Kampen"


def test_family_first_and_given_first_forms_in_one_list() -> None:
    work = read_one(
        "title = {T}, author = {Knuth, Donald E. and Leslie Lamport and Ludwig van Beethoven "
        "and Brinch Hansen, Per and King, Jr., Martin Luther}"
    )

    assert people(work) == [
        ("Donald E.", "Knuth"),
        ("Leslie", "Lamport"),
        ("Ludwig", "van Beethoven"),
        ("Per", "Brinch Hansen"),
        ("Martin Luther", "King"),
    ]
    assert work.contributors[-1].name == "Martin Luther King, Jr."


def test_and_others_is_not_a_contributor() -> None:
    work = read_one("title = {T}, author = {Smith, John and Doe, Jane and others}")

    assert people(work) == [("John", "Smith"), ("Jane", "Doe")]


def test_pures_more_authors_marker_is_not_a_contributor() -> None:
    work = read_one('title = "T", author = "A. Smith and B. Jones and {More Authors}"')

    assert people(work) == [("A.", "Smith"), ("B.", "Jones")]


def test_a_braced_corporate_name_is_one_family_only_contributor() -> None:
    work = read_one(
        "title = {T}, author = {{World Health Organization} and {Simon and Schuster} "
        r"and {The {LIGO} Scientific Collaboration}}"
    )

    assert [(c.name, c.given_names, c.family_name) for c in work.contributors] == [
        ("World Health Organization", None, "World Health Organization"),
        ("Simon and Schuster", None, "Simon and Schuster"),
        ("The LIGO Scientific Collaboration", None, "The LIGO Scientific Collaboration"),
    ]


def test_an_empty_name_between_ands_is_skipped() -> None:
    work = read_one("title = {T}, author = {Smith, John and  and Doe, Jane}")

    assert [(c.order, c.family_name) for c in work.contributors] == [(1, "Smith"), (2, "Doe")]
