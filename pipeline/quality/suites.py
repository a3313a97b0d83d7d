"""What a batch must satisfy before anything of it is published: the expectation suites.

Each suite covers one table (or query) at one severity. A failed *critical* expectation means
the batch itself is broken (a parser, the extraction or the matching went wrong) and nothing of
it may reach a report or a push. A failed *warning* is about individual records that people must
fix at the source (a typo in a DOI or an iD); it is listed in the report and never stops a run.
Severities are split into suites of their own, so Data Docs show a critical suite green when
only warnings failed. GX 1.x expectations also carry the severity, which is what `results`
reads.

Everything runs as SQL in the database: column expectations become aggregate queries, and the
checks GX has no expectation for (ORCID's check character, extraction warnings) are SQL queries
in `sql/quality/gx/` run by `UnexpectedRowsExpectation`. The suites are rebuilt on every run,
because the batch checks' limits come from the last published run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import great_expectations as gx
from great_expectations.expectations.row_conditions import Column, Condition

from pipeline.config import Settings
from pipeline.db.queries import statement
from pipeline.normalize.work_types import ORCID_WORK_TYPES
from pipeline.quality.batch import (
    RESEARCHERS_QUERY,
    SOURCES,
    Baseline,
    row_count_floor,
    share_ceiling,
)
from pipeline.quality.checks import Asset, Check, Severity, Suite

ORCID_ID = r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"
"""An ORCID iD in the canonical form the pipeline writes (the check character is tested apart)."""

DOI = r"^10\.\d{4,9}/\S+$"
"""A DOI as `pipeline.normalize.identifiers.doi` writes it: prefix, slash, a suffix."""

FIRST_YEAR = 1900
"""ORCID's own date picker starts here; anything earlier in a staff member's list is a typo."""

YEARS_OUT_OF_RANGE_ALLOWED = 0.01
"""Years outside the range are typos at the source, listed as warnings, until more than this
share of all works has one: then a parser is reading years wrong, and the batch is broken."""

ORCID_VISIBILITIES = ("limited", "private", "public", "registered-only")
"""ORCID API 3.0's visibility values (registered-only is the legacy name some records keep)."""

# fmt: off
ID_TYPES = frozenset({
    # ORCID's work external-id types (GET /v3.0/identifiers; shared/reference/orcid-api.md),
    # with the underscore spellings its API writes for two of them.
    "agr", "ark", "arxiv", "asin", "asin-tld", "authenticusid", "bibcode", "cba", "cgn",
    "cienciaiul", "cit", "cstr", "ctx", "dnb", "doi", "eid", "emdb", "empiar", "ethos",
    "grant-number", "grant_number", "hal", "handle", "hir", "isbn", "ismn", "issn", "jfm",
    "jstor", "k10plus", "kuid", "lccn", "lensid", "mr", "oclc", "ol", "osti", "other-id", "pat",
    "pdb", "pmc", "pmid", "ppr", "proposal-id", "proposal_id", "raid", "rfc", "rrid",
    "source-work-id", "ssrn", "uri", "urn", "wosuid", "zbl",
    # The address of an ORCID work that Pure keeps on outputs it imported from ORCID.
    "orcid-work",
})
# fmt: on
"""Identifier types: the ones Pure and BibTeX records get are the pipeline's own choice, so an
unknown one there is a parser fault; ORCID adds types now and then, so an unknown one on an
ORCID work is a warning to extend this list."""


def _table(schema: str, table: str) -> Asset:
    """A table, named `<schema>_<table>` in GX and `<schema>.<table>` for people."""
    return Asset(f"{schema}_{table}", f"{schema}.{table}", schema=schema, table=table)


WORKS = _table("staging", "works")
PERSONS = _table("staging", "persons")
IDENTIFIERS = _table("staging", "work_identifiers")
CLUSTERS = _table("core", "work_clusters")
RECORD_ERRORS = _table("ops", "record_errors")
RESEARCHERS = Asset(
    "researchers_with_valid_orcid",
    "researchers with a valid ORCID iD (core.researcher_identity)",
    query=RESEARCHERS_QUERY,
)


def build_suites(
    settings: Settings, run_id: int, baseline: Baseline | None, *, next_year: int
) -> list[Suite]:
    """Every suite a run validates, in the order results are stored and reported."""
    return [
        _works_critical(settings, baseline, next_year),
        _works_warnings(next_year),
        _persons_critical(),
        _persons_warnings(),
        _identifiers_critical(),
        _identifiers_warnings(),
        _clusters_critical(run_id),
        _researchers_critical(settings, baseline),
        _record_errors_warnings(run_id),
    ]


def gx_sql(name: str) -> str:
    """A `sql/` file for GX, without its leading comment lines: a query asset must start with
    SELECT, and GX copies the query into its own files and pages, where the comment is noise."""
    lines = statement(name).strip().splitlines()
    while lines and lines[0].lstrip().startswith("--"):
        lines.pop(0)
    return "\n".join(lines)


class _Builder:
    """Collects the checks of one suite, stamping each expectation with the suite's severity."""

    def __init__(self, name: str, asset: Asset, severity: Severity) -> None:
        self.name = name
        self.asset = asset
        self.severity: Severity = severity
        self.checks: list[Check] = []

    @property
    def suite(self) -> Suite:
        return Suite(self.name, self.asset, self.severity, tuple(self.checks))

    def add(
        self,
        expectation: Callable[..., gx.expectations.Expectation],
        description: str,
        *,
        column: str | None = None,
        where: str | tuple[str, Condition] | None = None,
        **arguments: Any,
    ) -> None:
        """`where` is the rows the expectation is about: in words, with the GX row condition
        that selects them unless the expectation's own query does."""
        target = self.asset.target
        if isinstance(where, tuple):
            where, arguments["row_condition"] = where
        if where is not None:
            target = f"{target} where {where}"
        if column is not None and "column" in _fields(expectation):
            arguments["column"] = column
        instance = expectation(description=description, severity=self.severity, **arguments)
        self.checks.append(Check(instance, target, column))

    def rows(
        self, sql: str, description: str, *, column: str | None = None, where: str | None = None
    ) -> None:
        """A check GX has no expectation for: the rows the query returns are the failures."""
        self.add(
            gx.expectations.UnexpectedRowsExpectation,
            description,
            column=column,
            where=where,
            unexpected_rows_query=gx_sql(sql),
        )


def _fields(expectation: Callable[..., Any]) -> set[str]:
    return set(getattr(expectation, "__fields__", {}))


def _where(column: str, *values: str | int) -> tuple[str, Condition]:
    """The rows whose `column` holds one of `values`: in words (the target people read) and as
    the GX row condition that selects them, written once so the two cannot disagree."""
    shown = ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values)
    if len(values) == 1:
        return f"{column} = {shown}", Column(name=column) == values[0]
    return f"{column} in ({shown})", Column(name=column).is_in(list(values))


def _years(builder: _Builder, next_year: int, *, mostly: float | None) -> None:
    extra = {} if mostly is None else {"mostly": mostly}
    if mostly is None:
        description = (
            f"publication year between {FIRST_YEAR} and {next_year}, or none: each one outside "
            "is a typo to correct at the source"
        )
    else:
        description = (
            f"publication year between {FIRST_YEAR} and {next_year}, or none, for at least "
            f"{mostly * 100:.0f} % of works: more out of range means a parser reads years wrong "
            "(the few typos are listed as warnings)"
        )
    builder.add(
        gx.expectations.ExpectColumnValuesToBeBetween,
        description,
        column="pub_year",
        min_value=FIRST_YEAR,
        max_value=next_year,
        **extra,
    )


def _works_critical(settings: Settings, baseline: Baseline | None, next_year: int) -> Suite:
    b = _Builder("staging_works_critical", WORKS, "critical")
    b.add(
        gx.expectations.ExpectCompoundColumnsToBeUnique,
        "each record staged once: (source, source_record_id) is unique",
        column="source, source_record_id",
        column_list=["source", "source_record_id"],
    )
    b.add(
        gx.expectations.ExpectColumnValuesToBeInSet,
        f"source is one of {', '.join(SOURCES)}",
        column="source",
        value_set=list(SOURCES),
    )
    b.add(
        gx.expectations.ExpectColumnValuesToNotBeNull,
        "every Pure output and BibTeX entry has a title: their parsers refuse a record without "
        "one (ORCID accepts works without a title, so its works are not held to this)",
        column="title",
        where=_where("source", "pure", "bibtex"),
    )
    b.add(
        gx.expectations.ExpectColumnValuesToBeInSet,
        "work type is one of ORCID's work types, the pipeline's one vocabulary "
        "(parsers read an unknown type as 'other')",
        column="work_type",
        value_set=sorted(ORCID_WORK_TYPES),
    )
    b.add(
        gx.expectations.ExpectColumnValuesToBeInSet,
        f"ORCID visibility is one of {', '.join(ORCID_VISIBILITIES)}",
        column="orcid_visibility",
        where=_where("source", "orcid"),
        value_set=list(ORCID_VISIBILITIES),
    )
    b.add(
        gx.expectations.ExpectColumnValuesToNotBeNull,
        "every ORCID work names the iD whose record holds it",
        column="owner_id",
        where=_where("source", "orcid"),
    )
    b.add(
        gx.expectations.ExpectColumnValuesToMatchRegex,
        "the owner of every ORCID work is an iD in canonical form (0000-0002-1825-0097)",
        column="owner_id",
        where=_where("source", "orcid"),
        regex=ORCID_ID,
    )
    b.rows(
        "quality/gx/orcid_owner_check_digit",
        "the owner iD of every ORCID work passes ORCID's ISO 7064 MOD 11-2 check character "
        "(the extraction reads only iDs that pass it)",
        column="owner_id",
        where="source = 'orcid'",
    )
    _years(b, next_year, mostly=1 - YEARS_OUT_OF_RANGE_ALLOWED)
    for source in SOURCES:
        bound = row_count_floor(baseline, source, settings.validation_max_row_drop)
        b.add(
            gx.expectations.ExpectTableRowCountToBeBetween,
            bound.description,
            where=_where("source", source),
            min_value=0 if bound.limit is None else int(bound.limit),
        )
    return b.suite


def _works_warnings(next_year: int) -> Suite:
    b = _Builder("staging_works_warnings", WORKS, "warning")
    _years(b, next_year, mostly=None)
    b.rows(
        "quality/gx/works_with_warnings",
        "no record was read with doubts (staging.works.warnings is empty): each one listed is "
        "a record the parser had to guess at",
        column="warnings",
    )
    return b.suite


def _persons_critical() -> Suite:
    b = _Builder("staging_persons_critical", PERSONS, "critical")
    b.add(
        gx.expectations.ExpectCompoundColumnsToBeUnique,
        "each person staged once: (source, source_record_id) is unique",
        column="source, source_record_id",
        column_list=["source", "source_record_id"],
    )
    return b.suite


def _persons_warnings() -> Suite:
    b = _Builder("staging_persons_warnings", PERSONS, "warning")
    b.rows(
        "quality/gx/pure_orcid_malformed",
        "every ORCID iD in Pure has the shape of an iD: a malformed one is a typo in Pure, and "
        "that person's ORCID record is not read until it is corrected",
        column="orcid",
        where="source = 'pure'",
    )
    b.rows(
        "quality/gx/pure_orcid_check_digit",
        "every ORCID iD in Pure passes its check character: one that fails is a typo in Pure, "
        "and that person's ORCID record is not read until it is corrected",
        column="orcid",
        where="source = 'pure'",
    )
    return b.suite


def _identifiers_critical() -> Suite:
    b = _Builder("staging_work_identifiers_critical", IDENTIFIERS, "critical")
    b.add(
        gx.expectations.ExpectColumnValuesToBeInSet,
        "identifier types of Pure and BibTeX records are ones the parsers assign "
        "(ORCID's external-id types)",
        column="id_type",
        where=_where("source", "pure", "bibtex"),
        value_set=sorted(ID_TYPES),
    )
    b.add(
        gx.expectations.ExpectColumnValuesToMatchRegex,
        "every normalised DOI is a DOI (10.<registrant>/<suffix>, lower case): matching "
        "compares DOIs in this form only",
        column="normalised_value",
        where=_where("id_type", "doi"),
        regex=DOI,
    )
    return b.suite


def _identifiers_warnings() -> Suite:
    b = _Builder("staging_work_identifiers_warnings", IDENTIFIERS, "warning")
    b.add(
        gx.expectations.ExpectColumnValuesToBeInSet,
        "identifier types of ORCID works are ORCID external-id types the pipeline knows "
        "(ORCID adds types now and then: a new one means extending the list, not a broken batch)",
        column="id_type",
        where=_where("source", "orcid"),
        value_set=sorted(ID_TYPES),
    )
    b.rows(
        "quality/gx/unnormalised_dois",
        "every DOI a source wrote can be read as a DOI: one that cannot is a typo to correct at "
        "the source, and the work matches on its other fields meanwhile",
        column="raw_value",
        where="id_type = 'doi'",
    )
    return b.suite


def _clusters_critical(run_id: int) -> Suite:
    b = _Builder("core_work_clusters_critical", CLUSTERS, "critical")
    b.add(
        gx.expectations.ExpectCompoundColumnsToBeUnique,
        "this run's matching puts each record of a researcher in one cluster: "
        "(owner, source, record_id) is unique",
        column="owner, source, record_id",
        where=_where("run_id", run_id),
        column_list=["owner", "source", "record_id"],
    )
    return b.suite


def _researchers_critical(settings: Settings, baseline: Baseline | None) -> Suite:
    b = _Builder("researchers_critical", RESEARCHERS, "critical")
    bound = share_ceiling(baseline, settings.validation_max_no_orcid_works_jump)
    b.add(
        gx.expectations.ExpectColumnMaxToBeBetween,
        bound.description,
        column="share_without_orcid_works",
        min_value=0,
        max_value=1 if bound.limit is None else bound.limit,
    )
    return b.suite


def _record_errors_warnings(run_id: int) -> Suite:
    b = _Builder("ops_record_errors_warnings", RECORD_ERRORS, "warning")
    b.add(
        gx.expectations.ExpectTableRowCountToEqual,
        "every record this run met could be read: each one in ops.record_errors is named with "
        "its field in the report",
        where=_where("run_id", run_id),
        value=0,
    )
    return b.suite
