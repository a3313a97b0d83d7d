"""The pages people act on, in headless Chromium: every researcher's page in Dutch and in English,
titles shown without their markup, a page per faculty with who is stuck where, and the office's
pages with labels and names rather than column names and UUIDs."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from pipeline.publish.report.figures import KNOWN_PROBLEMS
from pipeline.publish.report.i18n import LANGUAGES
from tests.publish import BIBTEX_TITLES, FORMULA_TITLE, MARKUP_TITLES, SCRIPT_TITLE, Report

RAW_MARKUP = re.compile(r"</?[a-z]+[^>]*>|\\[A-Za-z]+|&(?:[a-z]+|#\d+);|[{}]")
"""What a title must not show: HTML tags, LaTeX commands, entities, LaTeX braces."""
TYPED_TITLES = {SCRIPT_TITLE, FORMULA_TITLE, *BIBTEX_TITLES}
"""Planted titles that are text as typed (a title about `<script>` is one): shown as they are."""
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
HEADINGS = {"nl": "Je ORCID en Pure: wat je moet doen", "en": "Your ORCID and Pure: what to do"}
TITLES = "els => els.map(e => e.textContent)"


@pytest.fixture(scope="module")
def page(browser) -> Iterator:
    """Open a file in one tab after another, returning the Playwright page."""
    context = browser.new_context()
    tab = context.new_page()

    def open_(path: Path) -> Any:
        tab.goto(path.as_uri(), wait_until="load")
        return tab

    yield open_
    context.close()


def _rows(report: Report, query: str) -> list[Any]:
    with report.engine.connect() as connection:
        return list(connection.execute(text(query)))


def _folders(report: Report) -> list[Path]:
    return sorted(p for p in (report.directory / "researchers").iterdir() if p.is_dir())


def test_every_researcher_page_is_in_dutch_and_in_english(report: Report, page) -> None:
    folders = _folders(report)
    assert folders
    for number, folder in enumerate(folders):
        for language in LANGUAGES:
            path = folder / f"actions.{language}.html"
            assert path.is_file(), path
            if number % 4:  # every page exists; a quarter of them are read in Chromium
                continue
            tab = page(path)
            assert tab.get_attribute("html", "lang") == language
            assert tab.inner_text("h1") == HEADINGS[language]
            shown = tab.inner_text("body")
            # Spoken to, not about; no code of a view.
            assert "Researcher must" not in shown
            assert not [code for code in KNOWN_PROBLEMS if code in shown], path
            other = "en" if language == "nl" else "nl"
            assert tab.get_attribute(f'a[hreflang="{other}"]', "href") == f"actions.{other}.html"


def test_researchers_are_written_to_in_their_language(report: Report, page) -> None:
    """Nationality from Pure where it says something, else the default (Dutch)."""
    nationality = dict(_rows(report, "SELECT source_record_id, nationality FROM staging.persons"))
    tab = page(report.directory / "researchers" / "index.html")
    rows = tab.eval_on_selector_all(
        "tr[data-person]", "els => els.map(e => [e.dataset.person, e.dataset.language])"
    )
    assert {language for _, language in rows} == {"nl", "en"}
    for person, language in rows:
        expected = "en" if nationality[person] not in (None, "nl") else "nl"
        assert language == expected, person


def test_no_page_shows_a_title_with_its_markup(report: Report, page) -> None:
    pages = sorted(report.directory.rglob("*.html"))
    assert len(pages) > 2 * len(_folders(report))
    checked = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if "data-title" not in html:
            continue
        tab = page(path)
        for title in tab.eval_on_selector_all("[data-title]", TITLES):
            if title.strip() not in TYPED_TITLES:
                assert not RAW_MARKUP.search(title), (path, title)
                checked += 1
    assert checked > 100
    # The planted titles: decoded, and their italics shown as italics.
    rows = _rows(
        report,
        "SELECT person_uuid, pure_uuid FROM reporting.works_missing_from_orcid WHERE NOT connected",
    )
    owner = {uuid: person for person, uuid in rows}
    for uuid, title in report.planted.markup.items():
        folder = next(f for f in _folders(report) if f.name.endswith(owner[uuid][:8]))
        tab = page(folder / "actions.en.html")
        cells = tab.eval_on_selector_all("td[data-title]", TITLES)
        expected = {
            MARKUP_TITLES[0]: "Dispersal of marine larvae in the North Sea",
            MARKUP_TITLES[1]: "Insulin resistance in diabetes type 2: a cohort study",
            MARKUP_TITLES[2]: "Café society and H2O in Roman baths",
        }[title]
        assert expected in cells, (title, cells)
        italics = tab.eval_on_selector_all("td[data-title] i", TITLES)
        assert {"marine", "diabetes", "Roman"} & set(italics)


def test_every_faculty_has_a_page_with_who_is_stuck_where(report: Report, page) -> None:
    funnel = _rows(report, "SELECT * FROM reporting.funnel_per_faculty")
    steps = _rows(report, "SELECT person_uuid, faculties, stuck_at FROM reporting.researcher_steps")
    stuck: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for row in steps:
        for faculty in row.faculties or [""]:
            stuck[faculty][row.stuck_at].add(row.person_uuid)
    duplicates: dict[str, set] = defaultdict(set)
    for row in _rows(report, "SELECT faculties, pure_uuids FROM reporting.duplicates_in_pure"):
        for faculty in row.faculties or [""]:
            duplicates[faculty].add(tuple(row.pure_uuids))

    index = page(report.directory / "faculties" / "index.html")
    links = index.eval_on_selector_all(
        "#faculties tr[data-faculty]",
        "els => els.map(e => [e.dataset.faculty, [...e.querySelectorAll('a')].map(a => "
        "a.getAttribute('href'))])",
    )
    assert sorted(f for f, _ in links) == sorted(row.faculty or "" for row in funnel)
    by_faculty = {row.faculty or "": row for row in funnel}
    for faculty, hrefs in links:
        assert len(hrefs) == len(LANGUAGES)
        for href in hrefs:
            tab = page(report.directory / "faculties" / href)
            assert tab.get_attribute("html", "lang") == href.split(".")[-2]
            row = by_faculty[faculty]
            for column in ("valid_orcid", "connected", "works_public", "orcid_in_pure"):
                shown = tab.get_attribute(f'[data-figure="funnel_{column}"]', "data-value")
                assert int(shown) == getattr(row, column), (faculty, column)
            for step in ("valid-orcid", "connected", "works-public", "pure-on-orcid"):
                listed = tab.eval_on_selector_all(
                    f'table.stuck[data-step="{step}"] tr[data-person]',
                    "els => els.map(e => e.dataset.person)",
                )
                assert set(listed) == stuck[faculty][step], (faculty, step)
            shown = tab.locator("#duplicates-in-pure tbody tr").count()
            assert shown == len(duplicates[faculty]), faculty
    assert any(duplicates.values()), "the world has duplicates in Pure to merge"


def test_the_index_shows_the_funnel_and_the_duplicates(report: Report, page) -> None:
    tab = page(report.summary.index)
    for row in _rows(report, "SELECT * FROM reporting.funnel_per_faculty"):
        selector = f'#funnel-per-faculty [data-faculty="{row.faculty or ""}"]'
        for column in ("valid_orcid", "connected", "works_public"):
            figure = tab.get_attribute(f'{selector} [data-figure="funnel_{column}"]', "data-value")
            assert int(figure) == getattr(row, column)
    pure = _rows(report, "SELECT DISTINCT pure_uuids FROM reporting.duplicates_in_pure")
    shown = tab.get_attribute(
        '#duplicates-summary [data-figure="duplicates"][data-list="duplicates_in_pure"]',
        "data-value",
    )
    assert int(shown) == len(pure) > 0
    for name in ("duplicates_in_pure", "duplicates_in_orcid", "funnel_per_faculty"):
        assert (report.directory / "lists" / f"{name}.csv").is_file()


def test_the_header_and_warnings_read_as_text_for_people(report: Report, page) -> None:
    tab = page(report.summary.index)
    header = tab.inner_text("header")
    assert "finished –" not in header  # the run is still running when it publishes
    person, name = _rows(
        report,
        "SELECT person_uuid, name FROM reporting.researchers ORDER BY person_uuid LIMIT 1",
    )[0]
    warnings = tab.inner_text("#validation-warnings")
    assert name in warnings
    assert person not in warnings
    assert "{" not in warnings


def test_list_pages_show_labels_and_names_not_columns_and_uuids(report: Report, page) -> None:
    for name in (
        "researchers",
        "identity_problems",
        "duplicates_in_pure",
        "works_missing_from_pure",
    ):
        tab = page(report.directory / "lists" / f"{name}.html")
        headings = tab.eval_on_selector_all("#list th", TITLES)
        assert "person_uuid" not in headings
        assert not [h for h in headings if "_" in h], headings
        body = tab.inner_text("#list tbody")
        assert not UUID.search(body), (name, UUID.search(body))
    # The CSV keeps the views' columns and whole UUIDs for analysts.
    csv = (report.directory / "lists" / "researchers.csv").read_text(encoding="utf-8-sig")
    assert csv.startswith("person_uuid,")
    assert UUID.search(csv)
