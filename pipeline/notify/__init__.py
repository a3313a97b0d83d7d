"""E-mailing what a published run found: each researcher with something to do gets their page
(in their language, the BibTeX file attached), each faculty coordinator named in the settings
gets their faculty's page.

Nobody is written to twice within `NOTIFY_PERIOD_DAYS`, nor at all once they opted out; every
message sent or refused is recorded in `ops.notifications` as soon as the server answered, so a
run that stops half-way resumes without writing to anyone twice. The pages are those of the
run's report, rendered again from its published lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Literal

from sqlalchemy import Engine

from pipeline.config import Language, Settings
from pipeline.db.queries import query
from pipeline.notify.messages import faculty_message, researcher_message
from pipeline.notify.smtp import MailServerError, mail_server, send
from pipeline.publish.report.data import ReportData, read_report_data
from pipeline.publish.report.faculties import faculty_pages
from pipeline.publish.report.researchers import (
    ResearcherActions,
    collect_actions,
    researcher_bibtex,
)

__all__ = [
    "MailServerError",
    "NotifySummary",
    "PersonNotFound",
    "Planned",
    "notify",
    "set_preference",
]

Kind = Literal["researcher", "faculty"]


class PersonNotFound(LookupError):
    """No Pure person, or more than one, answers to what the command was given."""


@dataclass(frozen=True)
class Planned:
    """One e-mail to send: to whom, in which language, and how it is built."""

    kind: Kind
    recipient: str
    """The researcher's name, or the faculty's."""
    address: str
    language: Language
    person_uuid: str | None = None
    faculty: str | None = None
    build: Any = field(default=None, repr=False, compare=False)
    """() -> EmailMessage, called only when the message is sent."""


@dataclass
class NotifySummary:
    run_id: int
    dry_run: bool
    researchers_with_actions: int = 0
    planned: list[Planned] = field(default_factory=list)
    sent: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(address, the server's reason) of every message refused."""
    no_address: int = 0
    """Researchers with something to do for whom Pure holds no e-mail address."""
    opted_out: int = 0
    recently_sent: int = 0
    """Researchers and coordinators written to within the period, not written to again."""
    unknown_faculties: list[str] = field(default_factory=list)
    """Faculties FACULTY_COORDINATORS names that no researcher of the run belongs to."""


def notify(
    engine: Engine, settings: Settings, run_id: int | None = None, *, dry_run: bool = False
) -> NotifySummary:
    """E-mail the researchers and coordinators of `run_id` (default: the latest published run)
    who are due; with `dry_run`, only say who would be written to."""
    data = read_report_data(engine, run_id)
    summary = NotifySummary(run_id=data.run.run_id, dry_run=dry_run)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=settings.notify_period_days)
    researchers = collect_actions(data, settings.default_language)
    summary.researchers_with_actions = len(researchers)
    summary.planned = [
        *_researchers_due(engine, settings, data, researchers, since, summary),
        *_coordinators_due(engine, settings, data, since, summary),
    ]
    if dry_run or not summary.planned:
        return summary
    with mail_server(settings) as server:
        for planned in summary.planned:
            message: EmailMessage = planned.build()
            refused = send(server, message)
            _record(engine, summary.run_id, planned, refused)
            if refused is None:
                summary.sent += 1
            else:
                summary.failed.append((planned.address, refused))
    return summary


def _researchers_due(
    engine: Engine,
    settings: Settings,
    data: ReportData,
    researchers: list[ResearcherActions],
    since: dt.datetime,
    summary: NotifySummary,
) -> Iterator[Planned]:
    with engine.connect() as connection:
        known = {r.person_uuid: r for r in connection.execute(query("notify/recipients"))}
    for researcher in researchers:
        person = known.get(researcher.person.person_uuid)
        if person is None or not person.address:
            summary.no_address += 1
        elif person.opted_out:
            summary.opted_out += 1
        elif person.last_sent is not None and person.last_sent > since:
            summary.recently_sent += 1
        else:
            bibtex = researcher_bibtex(data, researcher) if researcher.to_import else None
            yield Planned(
                "researcher",
                researcher.person.name,
                person.address,
                researcher.language,
                person_uuid=researcher.person.person_uuid,
                build=lambda r=researcher, a=person.address, b=bibtex: researcher_message(
                    settings, data.run, r, a, b
                ),
            )


def _coordinators_due(
    engine: Engine, settings: Settings, data: ReportData, since: dt.datetime, summary: NotifySummary
) -> Iterator[Planned]:
    if not settings.faculty_coordinators:
        return
    pages = {page.name: page for page in faculty_pages(data) if page.name is not None}
    with engine.connect() as connection:
        last_sent = {
            r.faculty: r.last_sent for r in connection.execute(query("notify/faculties_sent"))
        }
    for faculty, address in settings.faculty_coordinators.items():
        page = pages.get(faculty)
        if page is None:
            summary.unknown_faculties.append(faculty)
        elif last_sent.get(faculty) is not None and last_sent[faculty] > since:
            summary.recently_sent += 1
        else:
            yield Planned(
                "faculty",
                faculty,
                address,
                settings.default_language,
                faculty=faculty,
                build=lambda p=page, a=address: faculty_message(settings, data.run, p, a),
            )


def _record(engine: Engine, run_id: int, planned: Planned, refused: str | None) -> None:
    with engine.begin() as connection:
        connection.execute(
            query("notify/record"),
            {
                "run_id": run_id,
                "kind": planned.kind,
                "person_uuid": planned.person_uuid,
                "faculty": planned.faculty,
                "address": planned.address,
                "language": planned.language,
                "status": "sent" if refused is None else "failed",
                "error": refused,
            },
        )


def set_preference(
    engine: Engine, who: str, *, opted_out: bool | None = None, language: Language | None = None
) -> tuple[str, str]:
    """Record what a researcher (named by Pure UUID, e-mail address or ORCID iD) asked for;
    returns their Pure UUID and name."""
    with engine.begin() as connection:
        found = connection.execute(query("notify/find_person"), {"who": who.strip()}).all()
        if len(found) != 1:
            who_is = "no Pure person answers" if not found else f"{len(found)} Pure persons answer"
            raise PersonNotFound(f"{who_is} to {who!r} (give a Pure UUID, e-mail address or iD)")
        person = found[0]
        connection.execute(
            query("notify/set_preference"),
            {"person_uuid": person.person_uuid, "opted_out": opted_out, "language": language},
        )
    return person.person_uuid, person.name
