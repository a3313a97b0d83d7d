"""The counts a report shows, computed once from the lists it exports, so that the summary, the
list pages and the files can never disagree with each other."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.publish.report.data import ReportData

IDENTITY_GROUPS = (
    ("No ORCID iD in Pure", ("missing-orcid",)),
    ("Invalid iD (not an iD, or a wrong check character)", ("malformed-orcid", "invalid-checksum")),
    ("Deprecated iD (ORCID merged it into another)", ("deprecated-orcid",)),
    ("One iD held by several people in Pure", ("shared-orcid",)),
    ("Deactivated ORCID record", ("deactivated-orcid",)),
    ("iD unknown to ORCID", ("orcid-not-found",)),
    ("Not connected: the institution holds no token", ("not-connected",)),
    (
        "Connection broken: token revoked, expired or without update rights",
        ("token-revoked", "token-expired", "token-cannot-update"),
    ),
)
"""Identity problems in the order the research office works through them; the codes are those
of `reporting.identity_problems.problem`."""
KNOWN_PROBLEMS = tuple(code for _, codes in IDENTITY_GROUPS for code in codes)
PROBLEM_LABELS = {code: label for label, codes in IDENTITY_GROUPS for code in codes}
"""What each problem code means, for the office's pages."""

CONNECTION_PROBLEMS = frozenset(
    {"not-connected", "token-revoked", "token-expired", "token-cannot-update"}
)
WILL_BE_PUSHED = "will be pushed"
MUST_CONNECT = "researcher must connect or import the BibTeX file"
ACTIONS = (WILL_BE_PUSHED, MUST_CONNECT)
"""The two values of `works_missing_from_orcid.action`, in the order the report shows them."""
PROBABLE_REASONS = ("same DOI", "similar title")
VISIBILITIES = ("limited", "private")


@dataclass(frozen=True)
class Duplicates:
    works: int
    """Distinct sets of records that are one work (a set shared by co-authors counts once)."""
    records: int
    researchers: int


@dataclass(frozen=True)
class Figures:
    researchers: int
    researchers_with_valid_orcid: int
    researchers_connected: int
    identity_problems: dict[str, int]
    """Researchers per problem code (a researcher has each problem at most once)."""
    researchers_with_identity_problems: int
    missing_from_orcid: dict[str, int]
    """Rows per action."""
    missing_from_orcid_researchers: dict[str, int]
    missing_from_pure: int
    import_candidates: int
    probably_in_pure: dict[str, int]
    """Rows per probable reason."""
    hidden: dict[str, int]
    """Rows per visibility."""
    hidden_researchers: int
    list_rows: dict[str, int]
    duplicates: dict[str, Duplicates]
    """Per list (`duplicates_in_pure`, `duplicates_in_orcid`)."""
    validation_checked: int
    validation_failed: dict[str, int] = field(default_factory=dict)
    """Failed expectations per severity."""
    failures: dict[str, int] = field(default_factory=dict)
    """What failed during the run: `records` that could not be read; `requests` (failed
    attempts), of which `retried` were sent again and `given_up` were the last."""


def compute_figures(data: ReportData) -> Figures:
    lists = data.lists
    researchers = lists["researchers"].rows
    problems = lists["identity_problems"].rows
    missing = lists["works_missing_from_orcid"].rows
    from_pure = lists["works_missing_from_pure"].rows
    hidden = lists["works_hidden_by_visibility"].rows
    problem_counts = Counter(row.problem for row in problems)
    by_action: dict[str, set[str]] = {action: set() for action in ACTIONS}
    for row in missing:
        by_action.setdefault(row.action, set()).add(row.person_uuid)
    failed = Counter(row.severity for row in data.validation if not row.success)
    return Figures(
        researchers=len(researchers),
        researchers_with_valid_orcid=sum(1 for r in researchers if r.id_status == "valid"),
        researchers_connected=sum(1 for r in researchers if r.connected),
        identity_problems={code: problem_counts.get(code, 0) for code in KNOWN_PROBLEMS}
        | dict(problem_counts),
        researchers_with_identity_problems=len({row.person_uuid for row in problems}),
        missing_from_orcid={action: 0 for action in ACTIONS}
        | dict(Counter(row.action for row in missing)),
        missing_from_orcid_researchers={a: len(people) for a, people in by_action.items()},
        missing_from_pure=len(from_pure),
        import_candidates=sum(1 for row in from_pure if not row.probably_in_pure),
        probably_in_pure={reason: 0 for reason in PROBABLE_REASONS}
        | dict(Counter(row.probable_reason for row in from_pure if row.probably_in_pure)),
        hidden={visibility: 0 for visibility in VISIBILITIES}
        | dict(Counter(row.visibility for row in hidden)),
        hidden_researchers=len({row.person_uuid for row in hidden}),
        list_rows={name: len(table) for name, table in lists.items()},
        duplicates={
            "duplicates_in_pure": _duplicates(lists["duplicates_in_pure"].rows, "pure_uuids"),
            "duplicates_in_orcid": _duplicates(lists["duplicates_in_orcid"].rows, "put_codes"),
        },
        validation_checked=len(data.validation),
        validation_failed={"critical": 0, "warning": 0} | dict(failed),
        failures=_failures(data.failures),
    )


def _failures(rows: list[Any]) -> dict[str, int]:
    requests = [row for row in rows if row.kind == "request"]
    return {
        "records": sum(1 for row in rows if row.kind == "record"),
        "requests": len(requests),
        "retried": sum(1 for row in requests if row.retried),
        "given_up": sum(1 for row in requests if not row.retried),
    }


def _duplicates(rows: list[Any], records: str) -> Duplicates:
    sets = {tuple(getattr(row, records)) for row in rows}
    return Duplicates(
        works=len(sets),
        records=len({record for found in sets for record in found}),
        researchers=len({row.person_uuid for row in rows}),
    )
