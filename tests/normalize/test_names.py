"""A person's family name compares equal whichever source wrote it and in whichever order, so
co-author lists of one work overlap."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from pipeline.normalize.names import (
    author_name,
    author_names,
    family_key,
    initials_key,
    person_name_parts,
    same_author,
    shared_authors,
    split_author_list,
)
from pipeline.sources.bibtex import parse_bibtex_file
from tests.conftest import SHARED

DBLP_ACM = SHARED / "benchmarks" / "dblp-acm"
TUDELFT_BIB = SHARED / "fixtures" / "pure" / "bibtex" / "tudelft_publications"


@pytest.mark.parametrize(
    ("display", "parts"),
    [
        ("Vossen, Gottfried", ("Gottfried", "Vossen")),
        ("Gottfried Vossen", ("Gottfried", "Vossen")),
        ("G. Vossen", ("G.", "Vossen")),
        ("G.H. Vossen", ("G.H.", "Vossen")),
        ("J.-P. Dupont", ("J.-P.", "Dupont")),
        ("Jean-Pierre Dupont", ("Jean-Pierre", "Dupont")),
        ("Vossen G", ("G", "Vossen")),
        ("Vossen GH", ("GH", "Vossen")),
        ("Vossen G.H.", ("G.H.", "Vossen")),
        ("van Kampen HJ", ("HJ", "van Kampen")),
        ("Jean DUPONT", ("Jean", "DUPONT")),
        ("Mathias Weske", ("Mathias", "Weske")),
        ("Madonna", ("", "Madonna")),
        ("", ("", "")),
    ],
)
def test_a_name_is_read_in_each_order_sources_write_it(
    display: str, parts: tuple[str, str]
) -> None:
    assert person_name_parts(display) == parts


@pytest.mark.parametrize(
    ("display", "parts"),
    [
        ("Nico van Kampen", ("Nico", "van Kampen")),
        ("van Kampen, N.G.", ("N.G.", "van Kampen")),
        ("Kampen, N.G. van", ("N.G.", "van Kampen")),  # Dutch sorting order
        ("Jan Van Kampen", ("Jan", "Van Kampen")),  # Flemish capital
        ("Ludwig van der Berg", ("Ludwig", "van der Berg")),
        ("Maria de la Cruz", ("Maria", "de la Cruz")),
        ("Charles de Gaulle", ("Charles", "de Gaulle")),
        ("Ursula von der Leyen", ("Ursula", "von der Leyen")),
        ("van Kampen", ("", "van Kampen")),
        ("Le Wang", ("Le", "Wang")),  # a capitalised first word is a given name
    ],
)
def test_particles_stay_with_the_family_name(display: str, parts: tuple[str, str]) -> None:
    assert person_name_parts(display) == parts


@pytest.mark.parametrize(
    ("display", "parts"),
    [
        ("Martin Luther King Jr.", ("Martin Luther", "King")),
        ("King, Jr., Martin Luther", ("Martin Luther", "King")),
        ("King Jr., Martin Luther", ("Martin Luther", "King")),
        ("John Smith III", ("John", "Smith")),
    ],
)
def test_generational_suffixes_are_not_part_of_the_family_name(
    display: str, parts: tuple[str, str]
) -> None:
    assert person_name_parts(display) == parts


def test_latex_and_html_in_a_name_are_decoded_for_display() -> None:
    assert person_name_parts('B{\\"u}lthoff, {Heinrich H.}') == ("Heinrich H.", "Bülthoff")
    assert person_name_parts("Bertram Lud&#228;scher") == ("Bertram", "Ludäscher")


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["van Kampen", "Van Kampen", "vanKampen", "VAN KAMPEN", "van-Kampen"], "vankampen"),
        (["Bülthoff", "Bulthoff", 'B{\\"u}lthoff', "B&uuml;lthoff", "BÜLTHOFF"], "bulthoff"),
        (["Kießling", "Kiessling", "Kie&#223;ling"], "kiessling"),
        (["Ørsted", "Orsted"], "orsted"),
        (["Łukasiewicz", "Lukasiewicz"], "lukasiewicz"),
        (["O'Brien", "O’Brien", "OBrien"], "obrien"),
        (["Smith-Jones", "Smith Jones"], "smithjones"),
        (["Đoković", "Djokovic"], None),
    ],
)
def test_family_names_compare_without_case_diacritics_or_punctuation(
    names: list[str], key: str | None
) -> None:
    keys = {family_key(name) for name in names}
    if key is None:  # a transliteration, not a diacritic: beyond folding, and said so
        assert len(keys) == 2
    else:
        assert keys == {key}


def test_a_particle_is_not_dropped_from_the_key() -> None:
    assert family_key("de Vries") != family_key("Vries")


@pytest.mark.parametrize(
    ("given", "initials"),
    [
        ("Gottfried", "g"),
        ("Jean-Pierre", "jp"),
        ("G.H.", "gh"),
        ("G. H.", "gh"),
        ("GH", "gh"),
        ("Heinrich H.", "hh"),
        ("Émile Louis", "el"),
        ("N.G. van", "ng"),
        ("", ""),
    ],
)
def test_initials_of_given_names(given: str, initials: str) -> None:
    assert initials_key(given) == initials


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Gottfried Vossen, Mathias Weske", ["Gottfried Vossen", "Mathias Weske"]),
        ("Vossen, G.; Weske, M.", ["Vossen, G.", "Weske, M."]),
        ("Vossen, G., Weske, M.", ["Vossen, G.", "Weske, M."]),
        ("Vossen G, Weske M, Smith JA", ["Vossen G", "Weske M", "Smith JA"]),
        ("Vossen, Gottfried and Weske, Mathias", ["Vossen, Gottfried", "Weske, Mathias"]),
        ("Gottfried Vossen and Mathias Weske", ["Gottfried Vossen", "Mathias Weske"]),
        ("G. Vossen & M. Weske", ["G. Vossen", "M. Weske"]),
        (
            "Gottfried Vossen, Mathias Weske and John Smith",
            ["Gottfried Vossen", "Mathias Weske", "John Smith"],
        ),
        ("A. Smith, B. Jones, and C. Brown", ["A. Smith", "B. Jones", "C. Brown"]),
        ("Smith, J., Jones, K. and Brown, T.", ["Smith, J.", "Jones, K.", "Brown, T."]),
        ("Vossen, Gottfried", ["Vossen, Gottfried"]),
        ("De Breuker, Roeland", ["De Breuker, Roeland"]),
        ("Smith, J., Jones, K., et al.", ["Smith, J.", "Jones, K."]),
        ("Vossen, Gottfried and others", ["Vossen, Gottfried"]),
        ("Martin Luther King, Jr., John Smith", ["Martin Luther King Jr.", "John Smith"]),
        ("Vossen, G.\nWeske, M.", ["Vossen, G.", "Weske, M."]),
        ("", []),
    ],
)
def test_an_author_list_is_split_into_one_name_per_author(text: str, names: list[str]) -> None:
    assert split_author_list(text) == names


def author_keys(names: list[str] | str) -> list[str]:
    """The family keys of the persons of an author list, in order and without repeats: what
    co-author overlap compares (`AuthorName.family`)."""
    return list(dict.fromkeys(a.family for a in author_names(names) if not a.corporate))


def test_author_keys_are_family_keys_in_order_without_repeats() -> None:
    assert author_keys(["Gottfried Vossen", "Vossen, G.", "Weske M"]) == ["vossen", "weske"]
    assert author_keys("Vossen, G.; van Kampen, E.") == ["vossen", "vankampen"]
    assert author_keys([]) == []


def test_acm_and_dblp_author_lists_of_one_paper_share_authors() -> None:
    """ACM writes `Lud&#228;scher`, DBLP `Ludäscher` (latin-1): the keys meet."""
    rows: dict[str, dict[str, dict[str, str]]] = {}
    for name, encoding in (("ACM.csv", "utf-8"), ("DBLP2.csv", "latin-1")):
        with (DBLP_ACM / name).open(encoding=encoding, newline="") as handle:
            rows[name] = {row["id"]: row for row in csv.DictReader(handle)}
    with (DBLP_ACM / "DBLP-ACM_perfectMapping.csv").open(newline="") as handle:
        pairs = [(row["idDBLP"], row["idACM"]) for row in csv.DictReader(handle)]
    compared = overlapping = 0
    for dblp_id, acm_id in pairs:
        acm, dblp = rows["ACM.csv"][acm_id]["authors"], rows["DBLP2.csv"][dblp_id]["authors"]
        if acm and dblp != "?":
            compared += 1
            overlapping += bool(set(author_keys(acm)) & set(author_keys(dblp)))
    assert compared > 2000
    assert overlapping / compared > 0.99
    assert author_keys("Werner Kie&#223;ling, Gerhard D&#252;nzinger") == [
        "kiessling",
        "dunzinger",
    ]


def test_a_pure_bibtex_author_list_gives_the_family_names_the_bibtex_reader_finds() -> None:
    """Braces (`{van Kampen}, {Erik Jan}`) and LaTeX (`B{\\"u}lthoff`) as Pure exports them."""
    path = next(Path(TUDELFT_BIB).glob("*.bib"))
    text = path.read_text(encoding="utf-8")
    raw = re.findall(r'^\s*author\s*=\s*"(.*)",$', text, re.MULTILINE)
    works = [w for w in parse_bibtex_file(path) if not isinstance(w, Exception)]
    assert len(raw) == len(works) == 19
    for written, work in zip(raw, works, strict=True):
        families = [c.family_name or "" for c in work.contributors if c.role == "author"]
        assert author_keys(written) == list(dict.fromkeys(map(family_key, families)))
    assert "bulthoff" in author_keys(next(a for a in raw if "thoff" in a))


# One person, written two ways


def _same(a: str, b: str) -> bool:
    first, second = author_name(a), author_name(b)
    assert first is not None
    assert second is not None
    return same_author(first, second) and same_author(second, first)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("J. García-Pérez", "Juan García Pérez"),  # compound surname, hyphenated, initial
        ("García-Pérez, Juan", "García Pérez, J."),
        ("Fernando Berzal", "Fernando Berzal Galiano"),  # second surname dropped
        ("Rafael Camps", "Rafael Camps Paré"),
        ("Wang Le", "Le Wang"),  # name order
        ("Rosenblatt, Frank", "F. Rosneblatt"),  # a typo in a long surname
        ("Fox Development Team", "CORPORATE Fox Development Team Microsoft"),
        ("Times-Ten Team", "The TimesTen Team"),
    ],
)
def test_two_spellings_of_one_author_are_the_same_author(one: str, other: str) -> None:
    assert _same(one, other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Maria Berzal", "Fernando Berzal Galiano"),  # "Berzal" may be his middle name
        ("Anna Martin", "Martin Smith"),
        ("Li Wu", "Li Xu"),  # short surnames a letter apart are different people
        ("The Access Team", "Fox Development Team"),
        ("Access Team", "Anna Access"),  # an organisation is never a person
    ],
)
def test_different_authors_are_not_the_same_author(one: str, other: str) -> None:
    assert not _same(one, other)


def test_an_organisation_as_the_only_author_neither_confirms_nor_contradicts_people() -> None:
    """ACM credits "CORPORATE National Technical Univ. of Athens" where DBLP names the two
    authors: no evidence either way, rather than no overlap."""
    people = author_names("Timos K. Sellis, Yannis Vassiliou")
    group = author_names("CORPORATE National Technical Univ. of Athens")
    assert shared_authors(people, group) is None
    assert shared_authors(people, author_names("T. Sellis")) == (1, 1)
    assert shared_authors(people, author_names("Sellis, T.; Someone, A.")) == (1, 2)
    assert author_names("?") == ()
