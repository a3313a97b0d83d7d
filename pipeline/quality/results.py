"""What each expectation found, kept in `ops.validation_results` and said in words.

GX's own results stay in its project (and Data Docs); the report, `reporting.run_history` and
the failure message need them in the pipeline's terms: which table, which column, how serious,
what was seen, with a few examples. Examples are trimmed to a handful, because a table that fails
wholesale would otherwise copy thousands of values into every place that shows them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from pipeline.db.queries import query
from pipeline.quality.checks import Check, Registered, Severity, Suite

EXAMPLES = 5
"""Unexpected values or rows kept per expectation: enough to see the pattern of a fault."""

_OBSERVED_KEYS = (
    "observed_value",
    "element_count",
    "unexpected_count",
    "unexpected_percent",
    "missing_count",
)


@dataclass(frozen=True)
class Outcome:
    """One expectation's verdict on this batch."""

    suite: str
    expectation: str
    """GX's name for it, e.g. `expect_column_values_to_match_regex`."""
    target: str
    column: str | None
    severity: Severity
    success: bool
    description: str
    observed: Mapping[str, Any]

    def observed_in_words(self) -> str:
        return _in_words(self.expectation, self.observed)


@dataclass(frozen=True)
class ValidateSummary:
    """The validate stage's figures, as `ops.run_stages` records them."""

    expectations: int
    failed_critical: int
    failed_warnings: int
    data_docs: str
    """The Data Docs index page (index.html) the report links to."""


class ValidationFailed(RuntimeError):
    """A critical expectation failed: the batch is broken and nothing of it may be published.

    The message names each failed critical expectation, where it looked and what it saw, so the
    run's failure message alone says what broke.
    """

    def __init__(self, failures: Sequence[Outcome], summary: ValidateSummary) -> None:
        self.failures = tuple(failures)
        self.summary = summary
        lines = [
            f"{f.expectation} on {f.target}: {f.observed_in_words()} — expected: {f.description}"
            for f in failures
        ]
        count = len(lines)
        super().__init__(
            f"{count} critical expectation{'s' if count != 1 else ''} failed; nothing is "
            f"published. " + "; ".join(lines) + f". Data Docs: {summary.data_docs}"
        )

    def __reduce__(self) -> tuple[type[ValidationFailed], tuple[Any, ...]]:
        # Prefect keeps a failed task's exception by pickling it; the default would call this
        # class with the message alone.
        return (type(self), (self.failures, self.summary))


def outcomes(registered: Sequence[Registered], results: Iterable[Any]) -> list[Outcome]:
    """Pair GX's results with the checks that asked for them, in the suites' order.

    GX returns each suite's results in an order of its own; the id it gave each expectation
    when the suites were stored is what ties a result to its check.
    """
    by_id: dict[str, Any] = {}
    for suite_result in results:
        for result in suite_result.results:
            by_id[str(result.expectation_config.id)] = result
    found = []
    for suite, check, expectation_id in registered:
        result = by_id.get(expectation_id)
        if result is None:
            raise RuntimeError(
                f"GX returned no result for {check.expectation.expectation_type} "
                f"on {check.target} in suite {suite.name}"
            )
        found.append(_outcome(suite, check, result))
    return found


def _outcome(suite: Suite, check: Check, result: Any) -> Outcome:
    config = result.expectation_config
    return Outcome(
        suite=suite.name,
        expectation=config.type,
        target=check.target,
        column=check.column,
        # GX 1.x keeps the severity on each expectation, as an enum of str.
        severity=getattr(config.severity, "value", None) or suite.severity,
        success=bool(result.success),
        description=check.expectation.description or "",
        observed=_observed(result),
    )


def _observed(result: Any) -> dict[str, Any]:
    """The figures of a result and a few examples; or why the expectation could not be checked."""
    info = result.exception_info or {}
    if info.get("raised_exception"):
        return {"exception": str(info.get("exception_message") or "unknown error")}
    raw: Mapping[str, Any] = result.result or {}
    observed = {key: raw[key] for key in _OBSERVED_KEYS if raw.get(key) is not None}
    rows = (raw.get("details") or {}).get("unexpected_rows")
    examples = rows if rows is not None else raw.get("partial_unexpected_list")
    if examples:
        observed["examples"] = [_plain(example) for example in examples[:EXAMPLES]]
    return observed


def _plain(value: Any) -> Any:
    """JSON-safe, whatever the database returned (dates, decimals, tuples of key columns)."""
    return json.loads(json.dumps(value, default=str))


def _in_words(expectation: str, observed: Mapping[str, Any]) -> str:
    if "exception" in observed:
        return f"could not be checked ({observed['exception']})"
    value = observed.get("observed_value")
    if expectation == "unexpected_rows_expectation":
        seen = f"{_count(value, 'unexpected row')}"
    elif expectation.startswith("expect_table_row_count"):
        seen = _count(value, "row")
    elif expectation == "expect_column_max_to_be_between" and isinstance(value, float):
        seen = f"{value * 100:.3g} %"  # the one share a batch check measures
    elif "unexpected_count" in observed:
        seen = (
            f"{observed['unexpected_count']:,} of {observed.get('element_count', 0):,} "
            f"rows unexpected ({observed.get('unexpected_percent', 0):.3g} %)"
        )
    else:
        seen = f"observed {value}"
    examples = observed.get("examples")
    if examples:
        seen += ", e.g. " + ", ".join(json.dumps(e, ensure_ascii=False) for e in examples[:3])
    return seen


def _count(value: Any, noun: str) -> str:
    number = int(value or 0)
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def summarise(outcomes_: Sequence[Outcome], data_docs: str) -> ValidateSummary:
    return ValidateSummary(
        expectations=len(outcomes_),
        failed_critical=sum(1 for o in outcomes_ if not o.success and o.severity == "critical"),
        failed_warnings=sum(1 for o in outcomes_ if not o.success and o.severity == "warning"),
        data_docs=data_docs,
    )


def store(engine: Engine, run_id: int, outcomes_: Sequence[Outcome]) -> None:
    """Replace the run's outcomes at once: a validate stage run again leaves only its own."""
    rows = [
        {
            "run_id": run_id,
            "ordinal": ordinal,
            "suite": o.suite,
            "expectation": o.expectation,
            "target": o.target,
            "column_name": o.column,
            "severity": o.severity,
            "success": o.success,
            "description": o.description,
            "observed": json.dumps(o.observed, ensure_ascii=False),
        }
        for ordinal, o in enumerate(outcomes_, start=1)
    ]
    with engine.begin() as connection:
        connection.execute(query("quality/forget_results"), {"run_id": run_id})
        if rows:
            connection.execute(query("quality/insert_result"), rows)
