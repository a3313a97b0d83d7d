"""`OrcidWork` and `OrcidRecord` in ORCID v3.0 JSON, key for key as in the real samples
(shared/fixtures/orcid: record-full-3.0.json, limited_record_work30.json), so a parser written
against the simulator parses ORCID: epoch-millisecond dates, `{"value": …}` wrappers, string
date parts, nulls rather than absent keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sim.model import Author, ExternalId, OrcidRecord, OrcidWork
from sim.orcid.identifiers import group_works, identity, is_groupable, normalise
from sim.orcid.state import StoredWork

HOST = "orcid.org"
Json = dict[str, Any]


def epoch_ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _date(moment: dt.datetime | None) -> Json | None:
    return None if moment is None else {"value": epoch_ms(moment)}


def _value(text: str | None) -> Json | None:
    return None if text is None else {"value": text}


def orcid_identifier(orcid: str) -> Json:
    return {"uri": f"https://{HOST}/{orcid}", "path": orcid, "host": HOST}


def _source(work: OrcidWork) -> Json:
    client = work.source_client_id
    return {
        "source-orcid": None if client else orcid_identifier(work.orcid),
        "source-client-id": (
            {"uri": f"https://{HOST}/client/{client}", "path": client, "host": HOST}
            if client
            else None
        ),
        "source-name": _value(work.source_name),
        "assertion-origin-orcid": None,
        "assertion-origin-client-id": None,
        "assertion-origin-name": None,
    }


def _external_id(ext: ExternalId) -> Json:
    normalised = normalise(ext.type, ext.value)
    return {
        "external-id-type": ext.type,
        "external-id-value": ext.value,
        "external-id-normalized": (
            {"value": normalised, "transient": True} if normalised else None
        ),
        "external-id-normalized-error": (
            None
            if normalised
            else {
                "error-code": "8001",
                "error-message": f"Cannot normalize identifier value {ext.type}:{ext.value}",
                "transient": True,
            }
        ),
        "external-id-url": _value(ext.url),
        "external-id-relationship": ext.relationship,
    }


def _external_ids(exts: Iterable[ExternalId]) -> Json:
    return {"external-id": [_external_id(ext) for ext in exts]}


def _publication_date(work: OrcidWork) -> Json | None:
    if work.year is None:
        return None
    return {
        "year": {"value": f"{work.year:04d}"},
        "month": None if work.month is None else {"value": f"{work.month:02d}"},
        "day": None if work.day is None else {"value": f"{work.day:02d}"},
    }


def _title(stored: StoredWork) -> Json:
    return {
        "title": {"value": stored.work.title},
        "subtitle": _value(stored.work.subtitle),
        "translated-title": stored.extras.get("translated-title"),
    }


def _contributor(author: Author, sequence: str) -> Json:
    return {
        "contributor-orcid": orcid_identifier(author.orcid) if author.orcid else None,
        "credit-name": {"value": f"{author.given_names} {author.family_name}".strip()},
        "contributor-email": None,
        "contributor-attributes": {
            "contributor-sequence": sequence,
            "contributor-role": "author",
        },
    }


def _contributors(stored: StoredWork) -> Json:
    if "contributors" in stored.extras:
        return stored.extras["contributors"]
    authors = stored.work.contributors
    return {
        "contributor": [
            _contributor(a, "first" if i == 0 else "additional") for i, a in enumerate(authors)
        ]
    }


def work_path(work: OrcidWork) -> str:
    return f"/{work.orcid}/work/{work.put_code}"


def work_summary(stored: StoredWork) -> Json:
    work = stored.work
    return {
        "put-code": work.put_code,
        "created-date": _date(work.created),
        "last-modified-date": _date(work.last_modified),
        "source": _source(work),
        "title": _title(stored),
        "external-ids": _external_ids(work.external_ids),
        "url": stored.extras.get("url"),
        "type": work.type,
        "publication-date": _publication_date(work),
        "journal-title": _value(work.journal_title),
        "visibility": work.visibility,
        "path": work_path(work),
        "display-index": "0",
    }


def work_full(stored: StoredWork) -> Json:
    work = stored.work
    return {
        "created-date": _date(work.created),
        "last-modified-date": _date(work.last_modified),
        "source": _source(work),
        "put-code": work.put_code,
        "path": work_path(work),
        "title": _title(stored),
        "journal-title": _value(work.journal_title),
        "short-description": stored.extras.get("short-description"),
        "citation": stored.extras.get("citation"),
        "type": work.type,
        "publication-date": _publication_date(work),
        "external-ids": _external_ids(work.external_ids),
        "url": stored.extras.get("url"),
        "contributors": _contributors(stored),
        "language-code": stored.extras.get("language-code"),
        "country": stored.extras.get("country"),
        "visibility": work.visibility,
    }


def _latest(works: Iterable[OrcidWork]) -> Json | None:
    return _date(max((w.last_modified for w in works), default=None))


def _group_ids(works: list[OrcidWork]) -> Json:
    """The group's ids recomputed from the works the caller sees (ORCID's
    `filterExternalIdentifiers`), so a hidden work's DOI does not leak through its group."""
    seen: dict[tuple[str, str], ExternalId] = {}
    for work in works:
        for ext in work.external_ids:
            if is_groupable(ext):
                seen.setdefault(identity(ext), ext)
    return _external_ids(seen.values())


def works_summary(orcid: str, works: list[StoredWork], shown: Callable[[OrcidWork], bool]) -> Json:
    """Groups are formed over all works, then filtered: a hidden work can still join two visible
    ones into one group, as on ORCID, which groups before it applies visibility."""
    extras = {s.work.put_code: s for s in works}
    groups = []
    for group in group_works(s.work for s in works):
        visible = [w for w in group if shown(w)]
        if not visible:
            continue
        groups.append(
            {
                "last-modified-date": _latest(visible),
                "external-ids": _group_ids(visible),
                "work-summary": [work_summary(extras[w.put_code]) for w in visible],
            }
        )
    visible_works = [s.work for s in works if shown(s.work)]
    return {
        "last-modified-date": _latest(visible_works),
        "group": groups,
        "path": f"/{orcid}/works",
    }


def _empty(orcid: str, key: str, path: str) -> Json:
    return {"last-modified-date": None, key: [], "path": f"/{orcid}/{path}"}


def record(rec: OrcidRecord, works: Json, last_modified: dt.datetime) -> Json:
    """The whole record; only the name and the works carry data, as the Institution models no
    other section, and the rest are ORCID's empty sections."""
    orcid = rec.orcid
    created = min((w.created for w in rec.works), default=rec.last_modified)
    person = {
        "last-modified-date": _date(rec.last_modified),
        "name": {
            "created-date": _date(created),
            "last-modified-date": _date(rec.last_modified),
            "given-names": _value(rec.given_names),
            "family-name": _value(rec.family_name),
            "credit-name": None,
            "source": None,
            "visibility": "public",
            "path": orcid,
        },
        "other-names": _empty(orcid, "other-name", "other-names"),
        "biography": None,
        "researcher-urls": _empty(orcid, "researcher-url", "researcher-urls"),
        "emails": _empty(orcid, "email", "email"),
        "addresses": _empty(orcid, "address", "address"),
        "keywords": _empty(orcid, "keyword", "keywords"),
        "external-identifiers": _empty(orcid, "external-identifier", "external-identifiers"),
        "path": f"/{orcid}/person",
    }
    affiliation = "affiliation-group"
    activities = {
        "last-modified-date": works["last-modified-date"],
        "distinctions": _empty(orcid, affiliation, "distinctions"),
        "educations": _empty(orcid, affiliation, "educations"),
        "employments": _empty(orcid, affiliation, "employments"),
        "fundings": _empty(orcid, "group", "fundings"),
        "invited-positions": _empty(orcid, affiliation, "invited-positions"),
        "memberships": _empty(orcid, affiliation, "memberships"),
        "peer-reviews": _empty(orcid, "group", "peer-reviews"),
        "qualifications": _empty(orcid, affiliation, "qualifications"),
        "research-resources": _empty(orcid, "group", "research-resources"),
        "services": _empty(orcid, affiliation, "services"),
        "works": works,
        "path": f"/{orcid}/activities",
    }
    history = {
        "creation-method": "DIRECT",
        "completion-date": None,
        "submission-date": _date(created),
        "last-modified-date": _date(last_modified),
        "claimed": True,
        "source": None,
        "deactivation-date": _date(rec.deactivation_date),
        "verified-email": True,
        "verified-primary-email": True,
    }
    return {
        "orcid-identifier": orcid_identifier(orcid),
        "preferences": {"locale": "en"},
        "history": history,
        "person": person,
        "activities-summary": activities,
        "path": f"/{orcid}",
    }
