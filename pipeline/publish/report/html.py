"""HTML pages from Jinja templates with autoescaping on everywhere: titles, names and details
come from Pure, ORCID and researchers, and each one is shown as text, never as markup.

Pages carry a Content-Security-Policy that allows no script and no outside resource at all, so
even a page someone edits by hand cannot run code or call out; everything they need (styles,
charts) is inside the file.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from pipeline.config import Language
from pipeline.publish.report.i18n import SOURCE_LANGUAGE, translations
from pipeline.publish.report.tables import text_value
from pipeline.publish.report.titles import title_html, title_text

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
    "researcher_steps": (
        "The ORCID process per researcher",
        "Every Pure person: which steps of the ORCID process they have taken, and the first "
        "they are stuck at.",
    ),
    "funnel_per_faculty": (
        "The ORCID process per faculty",
        "How many researchers of each faculty took each step and every step before it.",
    ),
    "duplicates_in_pure": (
        "Duplicates in Pure",
        "Works Pure holds two or more times for a researcher: outputs to merge, with the "
        "matcher's evidence.",
    ),
    "duplicates_in_orcid": (
        "Duplicates in ORCID",
        "Works a researcher's ORCID record holds in two or more versions, with the matcher's "
        "evidence.",
    ),
}

COLUMN_LABELS = {
    "name": "Researcher",
    "given_names": "Given names",
    "family_name": "Family name",
    "orcid_in_pure": "ORCID iD as in Pure",
    "orcid": "ORCID iD",
    "id_status": "iD status",
    "primary_orcid": "Primary iD",
    "shared_with": "iD also held by",
    "token_status": "Connection",
    "connected": "Connected",
    "faculties": "Faculties",
    "faculty": "Faculty",
    "departments": "Departments",
    "pure_outputs": "Pure outputs",
    "pure_validated": "validated",
    "pure_public": "public",
    "pure_validated_public": "validated and public",
    "orcid_read_scope": "ORCID read as",
    "orcid_works": "ORCID works",
    "orcid_works_public": "public ORCID works",
    "orcid_works_limited": "limited",
    "orcid_works_private": "private",
    "works_in_both": "in both",
    "pure_missing_from_orcid": "Pure outputs missing from ORCID",
    "orcid_missing_from_pure": "ORCID works missing from Pure",
    "pure_on_orcid": "Pure outputs on ORCID",
    "pure_on_orcid_share": "Pure → ORCID",
    "orcid_in_pure_share": "ORCID → Pure",
    "researchers": "Researchers",
    "researchers_with_valid_orcid": "with a valid iD",
    "researchers_connected": "connected",
    "pure_uuid": "Pure output",
    "pure_uuids": "Pure outputs",
    "title": "Title",
    "titles": "Titles",
    "pub_year": "Year",
    "pub_years": "Years",
    "work_type": "Type",
    "work_types": "Types",
    "doi": "DOI",
    "publication_status": "Publication status",
    "action": "What to do",
    "cluster": "Work (matcher's cluster)",
    "put_codes": "ORCID put-codes",
    "put_code": "ORCID put-code",
    "sources": "Added by",
    "source_name": "Added by",
    "source_client": "Client",
    "visibility": "Visibility",
    "visibilities": "Visibilities",
    "in_pure": "In Pure",
    "probably_in_pure": "Pure probably has it",
    "probable_pure_uuid": "Probably Pure output",
    "probable_reason": "Why",
    "problem": "Problem",
    "detail": "Detail",
    "has_valid_orcid": "Valid iD",
    "works_public": "Works public",
    "stuck_at": "Stuck at",
    "steps_done": "Steps taken",
    "hidden_works": "Hidden ORCID works",
    "records": "Records",
    "evidence": "Evidence",
    "valid_orcid": "Valid iD",
    "valid_orcid_share": "Valid iD (share)",
    "connected_share": "Connected (share)",
    "works_public_share": "Works public (share)",
}
"""Column headings of the HTML lists; the CSV and XLSX keep the views' own column names."""
LIST_COLUMN_LABELS = {
    "coverage_per_researcher": {"orcid_in_pure": "ORCID works in Pure"},
    "coverage_per_faculty": {"orcid_in_pure": "ORCID works in Pure"},
    "researcher_steps": {
        "pure_on_orcid": "All Pure outputs on ORCID",
        "orcid_in_pure": "All ORCID works in Pure",
    },
    "funnel_per_faculty": {
        "valid_orcid": "Valid iD",
        "connected": "… and connected",
        "works_public": "… and works public",
        "pure_on_orcid": "… and all Pure outputs on ORCID",
        "orcid_in_pure": "… and all ORCID works in Pure",
        "pure_on_orcid_share": "All Pure outputs on ORCID (share)",
        "orcid_in_pure_share": "All ORCID works in Pure (share)",
    },
}
"""Where one column name means something else in one list."""
HIDDEN_COLUMNS = frozenset({"person_uuid", "given_names", "family_name"})
"""Columns the HTML lists leave out: the name beside them says it (the CSV/XLSX keep them)."""
_UUID_IN_BRACKETS = re.compile(r" \([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\)")
UUID_COLUMNS = frozenset({"pure_uuid", "pure_uuids", "probable_pure_uuid", "cluster"})


def column_label(column: str, list_name: str) -> str:
    label = LIST_COLUMN_LABELS.get(list_name, {}).get(column) or COLUMN_LABELS.get(column)
    return label or column.replace("_", " ").capitalize()


def list_cell(value: Any, column: str, people: dict[str, str]) -> Markup | str:
    """One cell of an HTML list: titles decoded, UUIDs short (the whole one on hover), other
    researchers by name, the matcher's evidence as its rules and scores."""
    if value is None:
        return ""
    if column == "title":
        return title_html(value)
    if column == "titles":
        return Markup("<br>").join(title_html(t) for t in value)
    if column in UUID_COLUMNS:
        values = value if isinstance(value, list) else [value]
        return Markup("<br>").join(
            Markup('<span class="uuid" title="{}">{}</span>').format(v, str(v)[:8]) for v in values
        )
    if column == "shared_with":
        return ", ".join(people.get(v, v) for v in value)
    if column == "detail":
        return _UUID_IN_BRACKETS.sub("", text_value(value))  # "Also held by A (uuid), B (uuid)"
    if column == "evidence" and isinstance(value, list):
        return "; ".join(
            f"{link.get('method')} ({link.get('score')})"
            for link in value
            if isinstance(link, dict)
        )
    return text_value(value)


def list_rows(rows: list[Any], shown: list[tuple[int, str]], people: dict[str, str]) -> Markup:
    """The body rows of a list page, built here rather than cell by cell in the template: a
    list of 100,000 rows is a million cells, and a template loop costs ten times as much."""
    opening = [
        '<td class="wrap" data-title>' if column in ("title", "titles") else '<td class="wrap">'
        for _, column in shown
    ]
    lines = []
    for row in rows:
        cells = "".join(
            f"{start}{escape(list_cell(row[index], column, people))}</td>"
            for start, (index, column) in zip(opening, shown, strict=True)
        )
        lines.append(f"<tr>{cells}</tr>")
    return Markup("\n".join(lines))  # noqa: S704 - every value is escaped above


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


def observed(value: Any, people: dict[str, str]) -> str:
    """What a data check observed, as a line a person reads: `unexpected count: 2; partial
    unexpected list: …`, with the Pure UUIDs of researchers given as their names."""

    def readable(item: Any) -> str:
        if isinstance(item, dict):
            return " / ".join(readable(v) for v in item.values())
        if isinstance(item, list):
            return ", ".join(readable(v) for v in item)
        if isinstance(item, str):
            return people.get(item, item)
        return number(item) if isinstance(item, int) else str(item)

    if not isinstance(value, dict):
        return readable(value)
    return "; ".join(f"{key.replace('_', ' ')}: {readable(item)}" for key, item in value.items())


def plain(value: Any) -> str:
    """Text from a macro of an HTML template, for a text template: entities back to characters."""
    return value.unescape() if isinstance(value, Markup) else str(value)


def when(value: datetime | None) -> str:
    return "–" if value is None else value.strftime("%Y-%m-%d %H:%M %Z").strip()


@cache
def environment(language: Language = SOURCE_LANGUAGE) -> Environment:
    """The templates in one language: `{% trans %}` and `_()` read its catalogue. Texts (`.txt`
    templates, for e-mails) are rendered without HTML escaping."""
    env = Environment(
        loader=PackageLoader("pipeline.publish.report", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html.j2",), disabled_extensions=("txt.j2",), default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        # Templates do not change while a report is written: no stat() before every render.
        auto_reload=False,
    )
    env.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        number=number,
        share=share,
        raw=raw,
        when=when,
        cell=text_value,
        observed=observed,
        plain=plain,
        title=title_html,
        title_text=title_text,
    )
    env.filters.update(column_label=column_label)
    env.globals.update(LIST_TITLES=LIST_TITLES, lang=language, list_rows=list_rows)
    return env


def render(template: str, language: Language = SOURCE_LANGUAGE, **context: Any) -> str:
    return environment(language).get_template(template).render(**context)
