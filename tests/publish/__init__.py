"""Tests of the publish stage's report: one simulated institution, extracted, matched, planted
with hostile and awkward titles, published twice, and reported once for the whole package."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from pipeline.publish.lists import publish_lists
from pipeline.publish.report import ReportSummary
from tests.simulated import World

SCRIPT_TITLE = "<script>alert(1)</script>"
FORMULA_TITLE = '=HYPERLINK("https://example.org/x","click me")'
BIBTEX_TITLES = (
    "Fish & Chips: 50% of the {DNA} in C_4 plants",
    "Ünïcödé — Ørsted’s ‘naïve’ Æther in Łódź and 東京",
    "Costs in $ and #hashtags, ~ approximately, ^ powers and a \\ backslash",
    "Dashes -- and --- and ``quotes'' and ?` !`",
    "An unbalanced { brace",
)
"""Titles with every character BibTeX or LaTeX treats specially, Unicode, and braces."""
MARKUP_TITLES = (
    "Dispersal of <i>marine</i> larvae in the North Sea",
    r"Insulin resistance in \emph{diabetes} type~2: a cohort study",
    "Caf&amp;eacute; society and H<sub>2</sub>O in <em>Roman</em> baths",
)
"""Titles as Crossref and BibTeX imports bring them: with HTML, entities and LaTeX markup."""
SUBTITLE = "A {Balanced} Subtitle"
SICI_DOI = "10.1002/(sici)1097-4636(199603)31:3<379::aid-jbm11>3.0.co;2-n"
AUTHORS = (("José", "Müller-Lüdenscheidt"), ("Ana María", "de la Cruz"))
BODY = "Consortium {X} & Partners"


@dataclass(frozen=True)
class Planted:
    """Which Pure outputs carry which planted title."""

    script_first: str
    """In the first rows of works missing from ORCID, so index.html shows it."""
    script_unconnected: str
    """An output of a researcher who is not connected: in their action page and BibTeX file."""
    formula: str
    markup: dict[str, str]
    """Pure UUID → planted title with markup (MARKUP_TITLES)."""
    bibtex: dict[str, str]
    """Pure UUID → planted title."""
    awkward_authors: str
    """The output whose contributors were renamed (AUTHORS, then BODY as a body)."""


@dataclass(frozen=True)
class Report:
    world: World
    runs: tuple[int, int]
    """The two published runs: the report is of the second."""
    planted: Planted
    summary: ReportSummary
    data_docs: Path

    @property
    def engine(self) -> Engine:
        return self.world.engine

    @property
    def directory(self) -> Path:
        return self.summary.directory


def _missing(engine: Engine) -> list[dict]:
    with engine.connect() as connection:
        return [
            dict(row._mapping)
            for row in connection.execute(
                text(
                    "SELECT w.person_uuid, w.name, w.pure_uuid, w.connected "
                    "FROM core.works_missing_from_orcid AS w "
                    "LEFT JOIN core.researchers AS r ON r.person_uuid = w.person_uuid "
                    "ORDER BY r.family_name, r.given_names, w.person_uuid, "
                    "w.pub_year DESC NULLS LAST, w.title, w.pure_uuid"
                )
            )
        ]


def plant_titles(engine: Engine) -> Planted:
    """Give chosen Pure outputs missing from ORCID the titles, DOI and names the tests look for,
    in staging, before the run publishes: the report must show them exactly as any title."""
    rows = _missing(engine)
    first = rows[0]["pure_uuid"]
    unconnected = list(
        dict.fromkeys(
            r["pure_uuid"] for r in rows if not r["connected"] and r["pure_uuid"] != first
        )
    )
    needed = 2 + len(BIBTEX_TITLES) + len(MARKUP_TITLES)
    assert len(unconnected) >= needed, "too few works for the planted titles"
    script, formula, *rest = unconnected
    bibtex = dict(zip(rest, BIBTEX_TITLES, strict=False))
    markup = dict(zip(rest[len(BIBTEX_TITLES) :], MARKUP_TITLES, strict=False))
    titles = {first: SCRIPT_TITLE, script: SCRIPT_TITLE, formula: FORMULA_TITLE, **bibtex, **markup}
    awkward = rest[0]
    with engine.begin() as connection:
        for uuid, title in titles.items():
            connection.execute(
                text(
                    "UPDATE staging.works SET title = :title "
                    "WHERE source = 'pure' AND source_record_id = :uuid"
                ),
                {"title": title, "uuid": uuid},
            )
        connection.execute(
            text(
                "UPDATE staging.works SET subtitle = :subtitle "
                "WHERE source = 'pure' AND source_record_id = :uuid"
            ),
            {"subtitle": SUBTITLE, "uuid": rest[1]},
        )
        _set_doi(connection, rest[1], SICI_DOI)
        _rename_contributors(connection, awkward)
    return Planted(first, script, formula, markup, bibtex, awkward)


def _set_doi(connection, uuid: str, doi: str) -> None:
    updated = connection.execute(
        text(
            "UPDATE staging.work_identifiers SET raw_value = :doi, normalised_value = :doi "
            "WHERE source = 'pure' AND source_record_id = :uuid AND id_type = 'doi'"
        ),
        {"doi": doi, "uuid": uuid},
    ).rowcount
    if not updated:
        connection.execute(
            text(
                "INSERT INTO staging.work_identifiers "
                "(source, source_record_id, ordinal, id_type, raw_value, normalised_value) "
                "SELECT 'pure', :uuid, coalesce(max(ordinal), 0) + 1, 'doi', :doi, :doi "
                "FROM staging.work_identifiers WHERE source = 'pure' AND source_record_id = :uuid"
            ),
            {"doi": doi, "uuid": uuid},
        )


def _rename_contributors(connection, uuid: str) -> None:
    ordinals = list(
        connection.execute(
            text(
                "SELECT ordinal FROM staging.work_contributors "
                "WHERE source = 'pure' AND source_record_id = :uuid ORDER BY ordinal"
            ),
            {"uuid": uuid},
        ).scalars()
    )
    assert len(ordinals) >= 2, "the chosen output needs two contributors"
    names = [(given, family, f"{given} {family}") for given, family in AUTHORS]
    if len(ordinals) >= 3:
        names.append((None, None, BODY))
    for ordinal, (given, family, display) in zip(ordinals, names, strict=False):
        connection.execute(
            text(
                "UPDATE staging.work_contributors "
                "SET given_names = :given, family_name = :family, display_name = :display "
                "WHERE source = 'pure' AND source_record_id = :uuid AND ordinal = :ordinal"
            ),
            {
                "given": given,
                "family": family,
                "display": display,
                "uuid": uuid,
                "ordinal": ordinal,
            },
        )


def record_validation(engine: Engine, run_id: int) -> None:
    """What the validate stage leaves: its results (one failed warning among them, naming a
    researcher by UUID as GX does) and the succeeded stage that lets the run publish."""
    with engine.connect() as connection:
        person = connection.execute(
            text("SELECT min(source_record_id) FROM staging.persons WHERE source = 'pure'")
        ).scalar_one()
    results = [
        ("staging", "expect_column_values_to_not_be_null", "staging.works", "title", True, "{}"),
        (
            "batch",
            "expect_row_drop_at_most",
            "staging.works",
            None,
            True,
            '{"dropped_share": 0.0}',
        ),
        (
            "core",
            "expect_column_values_to_match_regex",
            "staging.persons",
            "orcid",
            False,
            json.dumps(
                {
                    "unexpected_count": 2,
                    "partial_unexpected_list": ["<b>0000</b>"],
                    "partial_unexpected_index_list": [
                        {"source_record_id": person, "orcid": "<b>0000</b>"}
                    ],
                }
            ),
        ),
    ]
    with engine.begin() as connection:
        for ordinal, (suite, expectation, target, column, success, observed) in enumerate(results):
            connection.execute(
                text(
                    "INSERT INTO ops.validation_results (run_id, ordinal, suite, expectation, "
                    "target, column_name, severity, success, description, observed) VALUES "
                    "(:run, :ordinal, :suite, :expectation, :target, :column, :severity, "
                    ":success, :description, CAST(:observed AS jsonb))"
                ),
                {
                    "run": run_id,
                    "ordinal": ordinal,
                    "suite": suite,
                    "expectation": expectation,
                    "target": target,
                    "column": column,
                    "severity": "warning" if success is False else "critical",
                    "success": success,
                    "description": f"{expectation} on <i>{target}</i>",
                    "observed": observed,
                },
            )
        connection.execute(
            text(
                "INSERT INTO ops.run_stages (run_id, stage, status, finished_at) "
                "VALUES (:run, 'validate', 'succeeded', now())"
            ),
            {"run": run_id},
        )


def publish(world: World, run_id: int) -> None:
    record_validation(world.engine, run_id)
    with world.engine.begin() as connection:
        publish_lists(connection, run_id)
