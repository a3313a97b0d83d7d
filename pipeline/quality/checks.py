"""What the validate stage checks, in its own terms: an expectation with the rows it looks at and
the column it is about, grouped into suites of one severity on one table or query.

The suites (`suites`) are built from these, GX runs them (`context`), and what each found is kept
and said in words (`results`). This module imports nothing of GX at run time, so the stage's
results and errors can be imported without paying for GX.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import great_expectations as gx

Severity = Literal["critical", "warning"]


@dataclass(frozen=True)
class Asset:
    """A table or a query as GX reads it, and the name people know it by."""

    name: str
    target: str
    schema: str | None = None
    table: str | None = None
    query: str | None = None
    """A file under `sql/`, for an asset that is a query rather than a table."""


@dataclass(frozen=True)
class Check:
    """One expectation with what GX does not keep about it: the rows it looks at (a table and a
    condition, in words) and the column it is about."""

    expectation: gx.expectations.Expectation
    target: str
    column: str | None


@dataclass(frozen=True)
class Suite:
    name: str
    asset: Asset
    severity: Severity
    checks: Sequence[Check]


Registered = tuple[Suite, Check, str]
"""A check as stored in the GX project: its suite, itself, and the id GX gave it."""
