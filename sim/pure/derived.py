"""Stable identifiers for things Pure has but the institution model does not carry.

Pure gives every journal, external person and association its own pureId or UUID. The model only
has the text, so these are derived from it by hashing: the same journal title or external name
always gets the same id, in every response and in every run with the same data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
import zlib
from typing import Any

from sim.model import PureOutput

_NAMESPACE = uuid.UUID("6f1c2b3e-5d4a-4c8b-9e7f-0a1b2c3d4e5f")


def stable_uuid(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def stable_pure_id(kind: str, key: str) -> int:
    """A positive int in Pure's pureId range, distinct per (kind, key) for practical purposes."""
    return 100_000_000 + zlib.crc32(f"{kind}:{key}".encode()) % 900_000_000


def api_version(uuid_: str, base: str, revision: int) -> str:
    """The Pure API's optimistic-lock token: a 40-hex string, as observed, new per revision."""
    return hashlib.sha1(f"{uuid_}/{base}/{revision}".encode(), usedforsecurity=False).hexdigest()


def publication_date(output: PureOutput) -> dict[str, Any]:
    """`publicationDate` as both generations write it: a day only where the month is known."""
    date: dict[str, Any] = {"year": output.year}
    if output.month:
        date["month"] = output.month
        if output.day:
            date["day"] = output.day
    return date


def ws_timestamp(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """WS 5.24 style: milliseconds and an offset without a colon, "2022-10-22T04:43:27.043-0500"."""
    local = moment.astimezone(zone)
    return (
        local.strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{local.microsecond // 1000:03d}"
        + local.strftime("%z")
    )


def api_timestamp(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """Pure API style: milliseconds and a colon offset, "2023-12-12T11:39:33.685+01:00"."""
    return moment.astimezone(zone).isoformat(timespec="milliseconds")


def bare_doi(doi: str) -> str:
    """A DOI without resolver prefix, to compare a written DOI with the truth's."""
    for prefix in (
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
    ):
        if doi.lower().startswith(prefix):
            return doi[len(prefix) :]
    return doi


def url_doi(doi: str) -> str:
    """The DOI as WS 5.24 shows it: https://doi.org/ + the stored DOI; planted variants (already
    a URL, `doi:` prefixed…) are shown as stored, for the pipeline to normalise."""
    return f"https://doi.org/{doi}" if doi.startswith("10.") else doi
