"""The HTML report as a person sees it, in headless Chromium (Debian's `chromium`, driven by
Playwright): the numbers shown are those of the reporting views, a hostile title is text, and
no page runs a script or loads anything from outside."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from pipeline.publish.report.data import LISTS
from pipeline.publish.report.i18n import LANGUAGES
from pipeline.publish.report.write import PAGE_ROWS
from tests.publish import SCRIPT_TITLE, Report

FIGURES = "els => els.map(e => Object.assign({text: e.textContent.trim()}, e.dataset))"


@dataclass
class Opened:
    """A page as Chromium loaded it, with what it tried to do."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def figures(self, selector: str = "[data-figure]") -> list[dict[str, str]]:
        return self.page.eval_on_selector_all(selector, FIGURES)

    def figure(self, name: str, **attributes: str) -> dict[str, str]:
        found = [
            f
            for f in self.figures(f'[data-figure="{name}"]')
            if {k: v for k, v in f.items() if k not in ("figure", "value", "text")} == attributes
        ]
        # A figure may show in several places (the summary and its section): all must agree.
        assert found, (name, attributes)
        assert all(f == found[0] for f in found), (name, attributes, found)
        return found[0]


@pytest.fixture
def open_page(browser) -> Iterator:
    context = browser.new_context()
    opened: list[Opened] = []

    def open_(path: Path) -> Opened:
        page = context.new_page()
        result = Opened(page)
        page.on("dialog", lambda dialog: (result.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: result.requests.append(request.url))
        page.goto(path.as_uri(), wait_until="load")
        opened.append(result)
        return result

    yield open_
    context.close()


def _rows(report: Report, query: str) -> list[Any]:
    with report.engine.connect() as connection:
        return list(connection.execute(text(query)))


def _number(figure: dict[str, str]) -> Decimal:
    """The value a figure holds, checked against the text it shows."""
    value = Decimal(figure["value"])
    shown = figure["text"]
    if "%" in shown:
        assert shown == f"{float(value) * 100:.1f} %", figure
    else:
        assert shown.replace(",", "") == str(int(value)), figure
    return value


def test_index_shows_the_coverage_per_faculty_of_the_views(report: Report, open_page) -> None:
    index = open_page(report.summary.index)
    faculties = _rows(report, "SELECT * FROM reporting.coverage_per_faculty")
    assert faculties
    columns = (
        "researchers",
        "researchers_with_valid_orcid",
        "researchers_connected",
        "pure_validated_public",
        "pure_on_orcid",
        "pure_on_orcid_share",
        "orcid_works_public",
        "orcid_in_pure",
        "orcid_in_pure_share",
    )
    shown_faculties = {f["faculty"] for f in index.figures("#coverage-per-faculty [data-figure]")}
    assert shown_faculties == {row.faculty or "" for row in faculties}
    for row in faculties:
        for column in columns:
            figure = index.figure(column, faculty=row.faculty or "")
            expected = getattr(row, column)
            if expected is None:
                assert figure["value"] == ""
                assert figure["text"] == "–"
            else:
                assert _number(figure) == expected, (row.faculty, column)


def test_index_shows_the_counts_of_the_views(report: Report, open_page) -> None:
    index = open_page(report.summary.index)

    def shown(name: str, **attributes: str) -> Decimal:
        return _number(index.figure(name, **attributes))

    def count(query: str) -> int:
        return _rows(report, query)[0][0]

    assert shown("run_id") == report.runs[-1]
    assert shown("researchers") == count("SELECT count(*) FROM reporting.researchers")
    assert shown("researchers_connected") == count(
        "SELECT count(*) FROM reporting.researchers WHERE connected"
    )
    assert shown("researchers_with_valid_orcid") == count(
        "SELECT count(*) FROM reporting.researchers WHERE id_status = 'valid'"
    )
    for name in LISTS:
        assert shown("list_rows", list=name) == count(f"SELECT count(*) FROM reporting.{name}")

    problems = _rows(
        report, "SELECT problem, count(*) FROM reporting.identity_problems GROUP BY problem"
    )
    assert problems
    for problem, number in problems:
        assert shown("identity_problem", problem=problem) == number
    shown_problems = {
        f["problem"]: f["value"] for f in index.figures('[data-figure="identity_problem"]')
    }
    assert sum(int(v) for v in shown_problems.values()) == sum(n for _, n in problems)

    actions = _rows(
        report,
        "SELECT action, count(*), count(DISTINCT person_uuid) "
        "FROM reporting.works_missing_from_orcid GROUP BY action",
    )
    assert {a for a, *_ in actions} == {
        "will be pushed",
        "researcher must connect or import the BibTeX file",
    }
    for action, works, people in actions:
        assert shown("missing_from_orcid", action=action) == works
        assert shown("missing_from_orcid_researchers", action=action) == people

    assert shown("missing_from_pure") == count(
        "SELECT count(*) FROM reporting.works_missing_from_pure"
    )
    assert shown("import_candidates") == count(
        "SELECT count(*) FROM reporting.works_missing_from_pure WHERE NOT probably_in_pure"
    )
    for reason, number in _rows(
        report,
        "SELECT probable_reason, count(*) FROM reporting.works_missing_from_pure "
        "WHERE probably_in_pure GROUP BY probable_reason",
    ):
        assert shown("probably_in_pure", reason=reason) == number

    for visibility, number in _rows(
        report,
        "SELECT visibility, count(*) FROM reporting.works_hidden_by_visibility GROUP BY 1",
    ):
        assert shown("hidden", visibility=visibility) == number
    assert shown("hidden_researchers") == count(
        "SELECT count(DISTINCT person_uuid) FROM reporting.works_hidden_by_visibility"
    )

    checked = count(
        f"SELECT count(*) FROM reporting.validation_results WHERE run_id = {report.runs[-1]}"
    )
    assert shown("validation_checked") == checked == 3
    assert shown("validation_failed_warnings") == 1


def test_a_validation_warning_is_listed_as_text(report: Report, open_page) -> None:
    index = open_page(report.summary.index)
    warnings = index.page.inner_text("#validation-warnings")
    assert "expect_column_values_to_match_regex on <i>staging.persons</i>" in warnings
    assert "<b>0000</b>" in warnings
    assert index.page.locator("#validation-warnings i, #validation-warnings b").count() == 0


def _assert_safe(opened: Opened) -> None:
    """Nothing ran, nothing came from outside: every request is for a file of the report."""
    assert opened.dialogs == []
    assert opened.page.locator("script").count() == 0
    assert (
        opened.page.evaluate("document.querySelectorAll('[onerror],[onload],iframe').length") == 0
    )
    outside = [url for url in opened.requests if not url.startswith(("file://", "data:"))]
    assert outside == []


def _pages_with_the_script_title(report: Report) -> list[Path]:
    """index.html, the list page holding the planted row, and each action page of a
    researcher who must bring that output to ORCID."""
    directory = report.directory
    rows = _rows(
        report,
        "SELECT pure_uuid, person_uuid, connected FROM reporting.works_missing_from_orcid "
        "WHERE title = '<script>alert(1)</script>'",
    )
    assert {r.pure_uuid for r in rows} == {
        report.planted.script_first,
        report.planted.script_unconnected,
    }
    folders = {path.name.rsplit("-", 1)[-1]: path for path in (directory / "researchers").iterdir()}
    actions = [
        folders[r.person_uuid.replace("-", "")[:8]] / f"actions.{language}.html"
        for r in rows
        if not r.connected
        for language in LANGUAGES
    ]
    assert actions
    return [
        directory / "index.html",
        directory / "lists" / "works_missing_from_orcid.html",
        *actions,
    ]


def test_a_script_title_shows_as_text_and_runs_nothing(report: Report, open_page) -> None:
    for path in _pages_with_the_script_title(report):
        opened = open_page(path)
        titles = opened.page.eval_on_selector_all("td", "els => els.map(e => e.textContent)")
        assert SCRIPT_TITLE in titles, path
        _assert_safe(opened)
        assert opened.page.content().count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 1


def test_every_page_is_self_contained(report: Report, open_page) -> None:
    directory = report.directory
    pages = [
        directory / "index.html",
        directory / "researchers" / "index.html",
        *sorted((directory / "lists").glob("*.html")),
        *sorted((directory / "researchers").glob("*/actions.*.html"))[:6],
        directory / "faculties" / "index.html",
        *sorted((directory / "faculties").glob("*.html"))[:4],
    ]
    for path in pages:
        opened = open_page(path)
        _assert_safe(opened)
        policy = opened.page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert "default-src 'none'" in policy
        assert opened.page.locator('link[rel="stylesheet"], img[src^="http"]').count() == 0


def test_the_charts_are_inline_svg(report: Report, open_page) -> None:
    index = open_page(report.summary.index)
    figures = index.page.locator("figure")
    # Coverage per faculty, its trend, the ORCID process per faculty and its trend.
    assert figures.count() == 4
    assert index.page.locator("figure svg").count() == 4
    faculties = len(_rows(report, "SELECT 1 FROM reporting.coverage_per_faculty"))
    assert figures.nth(0).locator("svg > rect[fill]").count() >= 2 * faculties
    assert figures.nth(2).locator("svg > rect[fill]").count() >= 5 * faculties
    # The trends: a panel per faculty, a point per faculty, run and series with a share.
    coverage_points = sum(
        _rows(
            report,
            "SELECT count(pure_on_orcid_share) + count(orcid_in_pure_share) "
            "FROM reporting.coverage_trend",
        )[0]
    )
    assert coverage_points >= 2 * (2 * faculties - 2)
    assert figures.nth(1).locator("circle").count() == coverage_points
    funnel_points = _rows(
        report,
        "SELECT count(connected_share) + count(orcid_in_pure_share) FROM reporting.funnel_trend",
    )[0][0]
    assert figures.nth(3).locator("circle").count() == funnel_points
    for chart in (1, 3):
        titles = figures.nth(chart).locator("svg > text > title").all_text_contents()
        assert sorted(titles) == sorted(
            r.faculty or "(no faculty)"
            for r in _rows(report, "SELECT faculty FROM reporting.coverage_per_faculty")
        )
    assert index.figure("trend_runs")["value"] == "2"


def test_the_data_docs_link_leads_to_the_data_docs(report: Report, open_page) -> None:
    index = open_page(report.summary.index)
    link = index.page.locator("a", has_text="Data Docs")
    assert link.count() == 1
    target = (report.directory / link.get_attribute("href")).resolve()
    assert target == report.data_docs.resolve()


def test_list_pages_hold_every_row(report: Report, open_page) -> None:
    lists = report.directory / "lists"
    for name in LISTS:
        expected = _rows(report, f"SELECT count(*) FROM reporting.{name}")[0][0]
        pages = [lists / f"{name}.html", *sorted(lists.glob(f"{name}-*.html"))]
        assert len(pages) == max(1, -(-expected // PAGE_ROWS))
        shown = sum(open_page(page).page.locator("#list tbody tr").count() for page in pages)
        assert shown == expected, name


def test_researcher_pages_show_what_each_must_do(report: Report, open_page) -> None:
    todo: dict[str, Counter] = defaultdict(Counter)
    for (person,) in _rows(report, "SELECT person_uuid FROM reporting.identity_problems"):
        todo[person]["problems"] += 1
    for person, connected in _rows(
        report, "SELECT person_uuid, connected FROM reporting.works_missing_from_orcid"
    ):
        todo[person]["to_push" if connected else "to_import"] += 1
    for (person,) in _rows(report, "SELECT person_uuid FROM reporting.works_hidden_by_visibility"):
        todo[person]["hidden"] += 1
    for person, probably in _rows(
        report, "SELECT person_uuid, probably_in_pure FROM reporting.works_missing_from_pure"
    ):
        todo[person]["probably_in_pure" if probably else "for_pure"] += 1
    acting = {p for p, c in todo.items() if set(c) - {"to_push"}}

    index = open_page(report.directory / "researchers" / "index.html")
    listed = index.page.eval_on_selector_all(
        "tr[data-person]", "els => els.map(e => e.dataset.person)"
    )
    assert sorted(listed) == sorted(acting)
    assert index.figures('p [data-figure="researchers_with_actions"]')[0]["value"] == str(
        len(acting)
    )

    folders = [f for f in sorted((report.directory / "researchers").iterdir()) if f.is_dir()]
    for number, folder in enumerate(folders):
        person = index.page.get_attribute(
            f'tr:has(a[href="{folder.name}/actions.en.html"])', "data-person"
        )
        expected = todo[person]
        # Every page in both languages; the figures checked on both for a few, on one for all.
        for language in LANGUAGES if number < 5 else LANGUAGES[number % 2 :][:1]:
            page = open_page(folder / f"actions.{language}.html")
            assert page.page.get_attribute("html", "lang") == language
            for name in ("to_import", "to_push", "hidden", "for_pure", "probably_in_pure"):
                figures = page.figures(f'[data-figure="{name}"]')
                value = int(figures[0]["value"]) if figures else 0
                assert value == expected[name], (person, language, name)
            problems = page.page.locator("[data-problem]").count()
            assert problems == expected["problems"], person
            page.page.close()
        assert (folder / "missing-from-orcid.bib").exists() == bool(expected["to_import"])
