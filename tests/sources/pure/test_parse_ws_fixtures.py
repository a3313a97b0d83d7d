"""Real Web Service records (UMN WS 5.24, SPbU WS 5.22) read the way a user expects.

Every expected value below was read by eye from the fixture file, not produced by the parser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.sources.model import Contributor, Identifier, RecordError, Work
from pipeline.sources.pure import (
    parse_ws_org_unit,
    parse_ws_page,
    parse_ws_person,
    parse_ws_research_output,
)

UMN_UUID = "f145e583-7d49-415e-aefb-381905b58ae7"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def umn_record(fixtures_dir: Path) -> dict:
    return load(fixtures_dir / "pure/ws524/umn/research_output" / f"{UMN_UUID}.json")


@pytest.fixture(scope="module")
def umn_article(umn_record: dict) -> Work:
    return parse_ws_research_output(umn_record)


@pytest.fixture(scope="module")
def spbu_page(fixtures_dir: Path) -> dict:
    return load(fixtures_dir / "pure/ws522/spbu_pure_etl/datasets.json")


@pytest.fixture(scope="module")
def spbu_datasets(spbu_page: dict) -> dict[str, Work]:
    parsed = parse_ws_page(spbu_page)
    assert all(isinstance(p, Work) for p in parsed)
    return {w.source_record_id: w for w in parsed if isinstance(w, Work)}


# --- UMN WS 5.24 journal article -----------------------------------------------------------


def test_umn_article_has_its_title_type_and_current_publication_date(umn_article: Work) -> None:
    assert umn_article.source == "pure"
    assert umn_article.source_record_id == UMN_UUID
    assert umn_article.owner_id is None
    assert umn_article.title == (
        "Measurement of Singly Cabibbo Suppressed Decays Λc+ →pπ+π- and Λc+ →pK+K-"
    )
    assert umn_article.subtitle is None
    assert umn_article.type == "journal-article"
    assert umn_article.source_type == (
        "/dk/atira/pure/researchoutput/researchoutputtypes/contributiontojournal/article"
    )
    assert (umn_article.year, umn_article.month, umn_article.day) == (2016, 12, 2)
    assert umn_article.pure_publication_status == "published"
    assert umn_article.warnings == []


def test_umn_article_keeps_journal_language_workflow_and_visibility(umn_article: Work) -> None:
    assert umn_article.venue == "Physical review letters"
    assert umn_article.language == "en"
    assert umn_article.pure_workflow_step == "approved"
    assert umn_article.pure_visibility == "FREE"


def test_umn_article_identifiers_are_named_with_orcid_types(umn_article: Work) -> None:
    assert umn_article.identifiers == [
        Identifier(
            "doi",
            "https://doi.org/10.1103/PhysRevLett.117.232002",
            "10.1103/physrevlett.117.232002",
        ),
        # The top-level Scopus id; the same value under idSource "QABO" is not repeated.
        Identifier("eid", "85002158060", "2-s2.0-85002158060"),
        Identifier("pmid", "27982610", "27982610"),
        Identifier(
            "orcid-work",
            "/0000-0003-0305-4461/work/67721225",
            "0000-0003-0305-4461/work/67721225",
        ),
        Identifier("issn", "0031-9007", "0031-9007", "part-of"),
        Identifier("source-work-id", UMN_UUID, UMN_UUID),
    ]
    assert umn_article.identifier_values("doi") == ["10.1103/physrevlett.117.232002"]


def test_umn_article_lists_all_51_contributors_in_order(umn_article: Work) -> None:
    assert [c.name for c in umn_article.contributors] == [
        'M. Ablikim', 'M. N. Achasov', 'S. Ahmed', 'X. C. Ai', 'O. Albayrak', 'M. Albrecht',
        'D. J. Ambrose', 'A. Amoroso', 'F. F. An', 'Q. An', 'J. Z. Bai', 'O. Bakina',
        'R. Baldini Ferroli', 'Y. Ban', 'D. W. Bennett', 'J. V. Bennett', 'N. Berger',
        'M. Bertani', 'D. Bettoni', 'J. M. Bian', 'F. Bianchi', 'E. Boger', 'I. Boyko',
        'R. A. Briere', 'H. Cai', 'X. Cai', 'O. Cakir', 'A. Calcaterra', 'G. F. Cao',
        'S. A. Cetin', 'J. Chai', 'J. F. Chang', 'G. Chelkov', 'G. Chen', 'H. S. Chen',
        'J. C. Chen', 'M. L. Chen', 'S. Chen', 'S. J. Chen', 'X. Chen', 'X. R. Chen', 'Y. B. Chen',
        'H. P. Cheng', 'X. K. Chu', 'G. Cibinetto', 'H. L. Dai', 'J. P. Dai', 'A. Dbeyssi',
        'H. Muramatsu', 'R. Poling', '(BESIII Collaboration)',
    ]  # fmt: skip
    assert [c.order for c in umn_article.contributors] == list(range(1, 52))
    assert {c.role for c in umn_article.contributors} == {"author"}


def test_umn_article_marks_the_three_umn_authors_with_their_pure_ids(umn_article: Work) -> None:
    internal = [c for c in umn_article.contributors if c.pure_person_id]
    assert internal == [
        Contributor(
            7, "D. J. Ambrose", "D. J.", "Ambrose", None, "35f331bb-7688-47ac-bdc3-941049471b4f",
            "author",
        ),
        Contributor(
            49, "H. Muramatsu", "H.", "Muramatsu", None, "b639540e-5a15-4bbd-ae86-95dffc433cac",
            "author",
        ),
        Contributor(
            50, "R. Poling", "R.", "Poling", None, "9710f513-9553-4ad9-8f29-11ccb1861949", "author"
        ),
    ]  # fmt: skip
    first, collaboration = umn_article.contributors[0], umn_article.contributors[-1]
    assert (first.given_names, first.family_name, first.pure_person_id) == ("M.", "Ablikim", None)
    assert (collaboration.given_names, collaboration.family_name) == (None, None)


def test_umn_managing_unit_reads_as_an_org_unit(umn_record: dict) -> None:
    unit = parse_ws_org_unit(umn_record["managingOrganisationalUnit"])
    assert unit.source_record_id == "02b1196e-a592-4f52-8667-b94610d81b8e"
    assert unit.name == "Physics and Astronomy (Twin Cities)"
    assert unit.kind == "department"
    assert unit.parent_id is None


# --- UMN WS 5.24 person ----------------------------------------------------------------------


def test_umn_person_keeps_the_orcid_id_as_pure_stores_it(fixtures_dir: Path) -> None:
    record = load(fixtures_dir / "pure/ws524/umn/person/01edf3d8-7e44-4dfa-bec4-8e3472965e1f.json")
    person = parse_ws_person(record)
    assert person.source == "pure"
    assert person.source_record_id == "01edf3d8-7e44-4dfa-bec4-8e3472965e1f"
    assert (person.given_names, person.family_name) == ("Jan", "Fransen")
    assert person.orcid == "0000-0002-0302-2761"
    # Five staff associations over the years, in two units; the visiting-scholar one is not staff.
    assert person.org_unit_ids == [
        "99e0d08c-3dab-41fa-9107-b1519f59203a",
        "ca31bad8-08c5-4192-b385-174ef80949f2",
    ]
    assert person.warnings == []


# --- SPbU WS 5.22 datasets page --------------------------------------------------------------

SPBU_DATASETS = {
    # uuid: (title, DOI, year, creators)
    "7346cc64-aa22-4dce-8334-83456e269d88": (
        "Trends in the sustainable development of financial markets: prospects for the EAEU",
        "10.17632/h2t5nsjg2k.1",
        2021,
        ["Зохид Юсупович Рахимов", "Надежда Алексеевна Львова"],
    ),
    "577bbe43-49c4-41be-b766-903da2c01e21": (
        "Re-refined structure of a type III antifreeze protein isoform HPLC 12",
        "10.2210/pdb7q3v/pdb",
        2022,
        [
            "Олег Владимирович Михайловский",
            "Yi Xue",
            "Zongchao Jia",
            "Николай Русланович Скрынников",
        ],
    ),
    "f0472f37-ddd7-450a-bb3a-b0bf5007d920": (
        "Eurasia-North America Chrons 1-6 plate reconstruction data: Arctic and north Atlantic"
        " basins",
        "10.26022/ieda/329892",
        2020,
        ["Сергей Александрович Меркурьев"],
    ),
    "b2bd5463-6207-4b12-a706-c9314db5e467": (
        # Pure holds this title with a leading space.
        "Nubia-North America Chrons 1-6 plate reconstruction data: Northern Atlantic basin",
        "10.26022/ieda/329893",
        2020,
        ["Сергей Александрович Меркурьев"],
    ),
    "563ce59b-491c-4796-901d-6de6cb270975": (
        "Nubia-South America Chrons 1-13 plate reconstruction data: Central and southern"
        " Atlantic basin",
        "10.26022/ieda/329894",
        2020,
        ["Сергей Александрович Меркурьев"],
    ),
    "48e1ca59-93a5-46b9-bb33-3e0ef5a329f0": (
        "India-Somalia Chrons 1-6 plate reconstruction data: northern Indian Ocean",
        "10.26022/ieda/329895",
        2020,
        ["Сергей Александрович Меркурьев"],
    ),
    "cf56eee3-2d1d-4de2-86f2-c1cb15ba184c": (
        "Southwest Indian Ridge Chrons 1-6 plate reconstruction data: Southern ocean basin",
        "10.26022/ieda/329896",
        2020,
        ["Сергей Александрович Меркурьев"],
    ),
    "46bf17de-66c1-47ef-997e-eb9fff640fcb": (
        "EPMA Data for Obtaining artificial analogues of impact glasses by high-temperature"
        " melting",
        "10.17632/n3hrnxwmv8.1",
        2022,
        ["Елена Сергеевна Сергиенко"],
    ),
    "3753205a-a7cc-4f8e-8552-9ab645ece0d2": (
        "X-ray fluorescent data for Obtaining artificial analogues of impact glasses by"
        " high-temperature melting",
        "10.17632/dwxyww6c6b.1",
        2022,
        ["Елена Сергеевна Сергиенко"],
    ),
    "67f1b68a-0ad9-4876-8d4b-7a02fef96553": (
        "matlab-scripts-for-JMR",
        "10.5281/zenodo.6824283",
        2022,
        ["Иван Сергеевич Подкорытов", "Николай Русланович Скрынников"],
    ),
    "907e45e1-5a87-4fca-9a35-3ba1b6bdbbc0": (
        "Договор No597ГРНТИС5/63423 с ФГБУ «Фонд содействия развитию малых форм"
        " предприятии\u0306 в научно-техническо\u0439\u0306 сфере» «О предоставлении гранта на"
        " проведение научно-исследовательских и опытно-конструкторских работ  на тему"
        " «Разработка цифровой платформы реализации hi-tech проектов полного жизненного цикла:"
        " совокупности приложений и ресурсов, направленных на обеспечение взаимодействия"
        " высокотехнологичных предприятий и проектных команд школьников в цифровой среде».",
        None,
        2022,
        ["Валентина Петровна Кайсарова"],
    ),
    "ddf022cc-7c64-465f-8355-177b79382e18": (
        "Engineered mini-protein LCB2 (blocking ligand of SARS-Cov-2 spike protein)",
        "10.2210/pdb8c3e/pdb",
        2023,
        [
            "Светлана Андреевна Корбан",
            "Олег Владимирович Михайловский",
            "Дмитрий Александрович Лузик",
            "Владислав Владимирович Гуржий",
            "Александра Денисовна Лёвкина",
            "Борис Борисович Харьков",
            "Николай Русланович Скрынников",
        ],
    ),
}


def test_spbu_page_yields_every_dataset_in_page_order(
    spbu_page: dict, spbu_datasets: dict[str, Work]
) -> None:
    assert list(spbu_datasets) == list(SPBU_DATASETS)
    assert len(spbu_datasets) == spbu_page["count"] == 12


@pytest.mark.parametrize("uuid", list(SPBU_DATASETS))
def test_spbu_dataset_title_doi_year_and_creators(
    spbu_datasets: dict[str, Work], uuid: str
) -> None:
    title, doi, year, creators = SPBU_DATASETS[uuid]
    work = spbu_datasets[uuid]
    assert work.title == title
    assert work.identifier_values("doi") == ([doi] if doi else [])
    assert work.year == year
    assert [c.name for c in work.contributors] == creators
    assert [c.order for c in work.contributors] == list(range(1, len(creators) + 1))
    assert {c.role for c in work.contributors} == {"creator"}
    # No other identifier than the DOI and the record's own Pure UUID.
    assert {i.type for i in work.identifiers} <= {"doi", "source-work-id"}
    assert work.identifier_values("source-work-id") == [uuid]
    assert (work.type, work.warnings) == ("data-set", [])


def test_spbu_dataset_in_full(spbu_datasets: dict[str, Work]) -> None:
    work = spbu_datasets["577bbe43-49c4-41be-b766-903da2c01e21"]
    assert work.source_type == "/dk/atira/pure/dataset/datasettypes/dataset/dataset"
    assert (work.year, work.month, work.day) == (2022, None, None)
    assert work.venue == "Protein Data Bank"
    assert work.language is None
    assert work.pure_visibility == "FREE"
    assert work.pure_workflow_step is None
    assert work.pure_publication_status is None
    assert work.identifiers == [
        Identifier("doi", "10.2210/pdb7Q3V/pdb", "10.2210/pdb7q3v/pdb"),
        Identifier(
            "source-work-id",
            "577bbe43-49c4-41be-b766-903da2c01e21",
            "577bbe43-49c4-41be-b766-903da2c01e21",
        ),
    ]
    assert work.contributors[:2] == [
        Contributor(
            1,
            "Олег Владимирович Михайловский",
            "Олег Владимирович",
            "Михайловский",
            pure_person_id="65f19347-97c3-4ae0-92aa-4aa9f826b440",
            role="creator",
        ),
        Contributor(2, "Yi Xue", "Yi", "Xue", role="creator"),
    ]


def test_spbu_dataset_with_a_full_date_and_backend_visibility(
    spbu_datasets: dict[str, Work],
) -> None:
    work = spbu_datasets["907e45e1-5a87-4fca-9a35-3ba1b6bdbbc0"]
    assert (work.year, work.month, work.day) == (2022, 11, 25)
    assert work.pure_visibility == "BACKEND"
    # Pure holds this name with a decomposed й (и + breve) and a stray breve after another й.
    assert work.venue == (
        "Фонд содействия развитию малых форм предприятии\u0306 в научно-техническо\u0439\u0306"
        " сфере"
    )


def test_spbu_managing_unit_prefers_the_english_name(spbu_page: dict) -> None:
    unit = parse_ws_org_unit(spbu_page["items"][0]["managingOrganisationalUnit"])
    assert (unit.source_record_id, unit.name, unit.kind) == (
        "f6b58bb8-7deb-432d-bab2-e2835f5bba0d",
        "External users",
        "level_0",
    )


def test_a_broken_item_in_a_page_is_one_error_and_the_rest_parse(spbu_page: dict) -> None:
    page = json.loads(json.dumps(spbu_page))
    del page["items"][3]["title"]
    page["items"][5] = {"pureId": 123, "title": {"formatted": False, "text": []}}
    parsed = parse_ws_page(page)
    errors = [p for p in parsed if isinstance(p, RecordError)]
    assert [(e.record_id, e.field) for e in errors] == [
        ("b2bd5463-6207-4b12-a706-c9314db5e467", "title"),
        ("pureId 123", "uuid"),
    ]
    assert len([p for p in parsed if isinstance(p, Work)]) == 10
    assert parsed[4].source_record_id == "563ce59b-491c-4796-901d-6de6cb270975"
