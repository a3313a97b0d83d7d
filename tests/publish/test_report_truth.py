"""On the simulated institution the report's figures agree with what really is, within the
matcher's error. (tests/reporting/test_views.py holds the views to the truth person by person;
the Chromium tests hold the shown figures to the views; this closes the loop on the totals the
research office reads first.)"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.publish import Report
from tests.reporting.test_views import PROBLEMS, _truth


def _shown(report: Report) -> dict[tuple[str, ...], int]:
    """Every figure of index.html without a faculty: (name, attribute values…) → value."""
    html = report.summary.index.read_text(encoding="utf-8")
    figures: dict[tuple[str, ...], int] = {}
    for tag in re.finditer(r"<(?:span|td)( data-figure=[^>]*)>", html):
        attributes = dict(re.findall(r' data-([a-z-]+)="([^"]*)"', tag.group(1)))
        if "faculty" in attributes or "." in attributes["value"] or not attributes["value"]:
            continue
        name = attributes.pop("figure")
        value = int(attributes.pop("value"))
        figures[(name, *attributes.values())] = value
    return figures


def test_the_reports_totals_agree_with_the_truth(report: Report) -> None:
    institution = report.world.institution
    truth = _truth(institution)
    shown = _shown(report)
    assert shown[("researchers",)] == len(institution.persons)

    planted = Counter(p.orcid_problem for p in institution.persons if p.orcid_problem != "none")
    for problem, code in PROBLEMS.items():
        assert shown[("identity_problem", code)] == planted[problem], code

    missing_from_orcid = sum(t["pure_missing_from_orcid"] for t in truth.values())
    pushed = shown[("missing_from_orcid", "will be pushed")]
    must_act = shown[("missing_from_orcid", "researcher must connect or import the BibTeX file")]
    assert pushed + must_act == shown[("list_rows", "works_missing_from_orcid")]
    assert pushed + must_act == pytest.approx(missing_from_orcid, rel=0.05)

    missing_from_pure = sum(t["orcid_missing_from_pure"] for t in truth.values())
    assert shown[("missing_from_pure",)] == pytest.approx(missing_from_pure, rel=0.05)

    validated_public = sum(t["pure_validated_public"] for t in truth.values())
    assert report.summary.researchers == len(institution.persons)
    assert validated_public >= pushed + must_act
