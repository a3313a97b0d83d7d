"""The e-mails: to a researcher their page (HTML, with the same text as plain text, and their
BibTeX file attached), to a faculty coordinator their faculty's page. Both in the reader's
language, from the same templates as the report's pages."""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

from pipeline.config import Language, Settings
from pipeline.publish.report.data import RunInfo
from pipeline.publish.report.faculties import FacultyPage, faculty_html, faculty_text
from pipeline.publish.report.i18n import translations
from pipeline.publish.report.researchers import (
    BIBTEX_NAME,
    Office,
    ResearcherActions,
    actions_html,
    actions_text,
)

SUBJECTS = {
    "researcher": "Your ORCID and Pure: what to do",
    "faculty": "ORCID in your faculty",
}
"""Subjects, translated from the same catalogue as the pages (these texts are the pages'
headings)."""


def researcher_message(
    settings: Settings,
    run: RunInfo,
    researcher: ResearcherActions,
    address: str,
    bibtex: str | None,
) -> EmailMessage:
    office = Office.of(settings)
    language = researcher.language
    message = _message(settings, address, _subject("researcher", language))
    message.set_content(actions_text(run, researcher, language, office))
    message.add_alternative(
        actions_html(run, researcher, language, office, email=True), subtype="html"
    )
    if bibtex is not None:
        message.add_attachment(
            bibtex.encode("utf-8"),
            maintype="application",
            subtype="x-bibtex",
            filename=BIBTEX_NAME,
        )
    return message


def faculty_message(
    settings: Settings, run: RunInfo, page: FacultyPage, address: str
) -> EmailMessage:
    office = Office.of(settings)
    language = settings.default_language
    subject = f"{_subject('faculty', language)}: {page.label}"
    message = _message(settings, address, subject)
    message.set_content(faculty_text(run, page, language, office))
    message.add_alternative(faculty_html(run, page, language, office, email=True), subtype="html")
    return message


def _subject(kind: str, language: Language) -> str:
    return translations(language).gettext(SUBJECTS[kind])


def _message(settings: Settings, to: str, subject: str) -> EmailMessage:
    if not settings.notify_from:
        raise ValueError("NOTIFY_FROM is not set: the e-mails need a sender")
    message = EmailMessage()
    message["From"] = settings.notify_from
    message["To"] = to
    message["Subject"] = subject
    if settings.office_email:
        message["Reply-To"] = Address(settings.office_name, addr_spec=settings.office_email)
    domain = parseaddr(settings.notify_from)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    # RFC 3834: no out-of-office replies to a message nobody typed.
    message["Auto-Submitted"] = "auto-generated"
    return message
