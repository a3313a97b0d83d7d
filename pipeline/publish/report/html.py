"""HTML pages from Jinja templates with autoescaping on everywhere: titles, names and details
come from Pure, ORCID and researchers, and each one is shown as text, never as markup.

Pages carry a Content-Security-Policy that allows no script and no outside resource at all, so
even a page someone edits by hand cannot run code or call out; everything they need (styles,
charts) is inside the file.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from pipeline.publish.report.tables import text_value

LIST_TITLES = {
    "researchers": (
        "Researchers",
        "Every Pure person: ORCID iD and its status, connection, faculties, works on each side.",
    ),
    "coverage_per_researcher": (
        "Coverage per researcher",
        "Share of validated public Pure outputs found on ORCID, and of public ORCID works "
        "found in Pure.",
    ),
    "coverage_per_faculty": (
        "Coverage per faculty",
        "Coverage both ways summed per faculty; someone in two faculties counts in both.",
    ),
    "works_missing_from_orcid": (
        "Works missing from ORCID",
        "Validated public Pure outputs on none of the researcher's ORCID works, and who acts.",
    ),
    "works_missing_from_pure": (
        "Works missing from Pure",
        "Public ORCID works that are none of the researcher's Pure outputs: import candidates, "
        "flagged where Pure probably has them already.",
    ),
    "works_hidden_by_visibility": (
        "Works hidden by ORCID visibility",
        "ORCID works only a limited-scope or own-source read can see, and what to change.",
    ),
    "identity_problems": (
        "Identity problems",
        "One row per problem per researcher that stops the pipeline reading or writing their "
        "ORCID record, with what to do.",
    ),
}


def number(value: Any) -> str:
    """1234 → "1,234"; no value → "–"."""
    if value is None:
        return "–"
    if isinstance(value, int | Decimal) and value == int(value):
        return f"{int(value):,}"
    return str(value)


def share(value: Any) -> str:
    """0.732 → "73.2 %"; no value (nothing to find) → "–"."""
    return "–" if value is None else f"{float(value) * 100:.1f} %"


def raw(value: Any) -> str:
    """The exact value for a `data-value` attribute: what tests compare with the views."""
    return "" if value is None else str(value)


def as_json(value: Any) -> str:
    """A JSON value as readable text (escaped by the template like any other text)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def when(value: datetime | None) -> str:
    return "–" if value is None else value.strftime("%Y-%m-%d %H:%M %Z").strip()


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.publish.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=number, share=share, raw=raw, when=when, cell=text_value, json=as_json
    )
    env.globals.update(LIST_TITLES=LIST_TITLES)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
