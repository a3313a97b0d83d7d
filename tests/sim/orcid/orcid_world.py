"""A hand-built institution small enough that each test can name the work a rule applies to.

Record A holds one work per visibility rule (public, limited, private, another client's,
the institution's own private work) plus two works that group only through a DOI written in
two forms; B is a second researcher; D is deprecated into A; X is deactivated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from sim.model import (
    Author,
    ExternalId,
    Institution,
    MemberClient,
    OrcidRecord,
    OrcidToken,
    OrcidWork,
)


def with_check_digit(base15: str) -> str:
    """ISO 7064 MOD 11-2, as shared/reference/orcid-api.md §2.5 gives it."""
    total = 0
    for digit in base15:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    raw = base15 + ("X" if check == 10 else str(check))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


A = "0000-0002-1825-0097"
B = "0000-0002-1694-233X"
D = "0009-0001-5055-9262"
X = with_check_digit("000000031234567")

PURE = MemberClient("APP-PURE0000000001", "pure-secret", "Leiden University Pure")
CROSSREF = MemberClient("APP-CROSSREF000001", "crossref-secret", "Crossref")
SCOPUS = MemberClient("APP-SCOPUS00000001", "scopus-secret", "Scopus - Elsevier")

TOKEN_A = "token-a-read-limited-update"
TOKEN_A_UPDATE_ONLY = "token-a-update-only"
TOKEN_B = "token-b-read-limited-update"
TOKEN_REVOKED = "token-a-revoked"
TOKEN_EXPIRED = "token-a-expired"

START = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
OLD = dt.datetime(2023, 6, 1, tzinfo=dt.UTC)


def doi(value: str, relationship: Any = "self") -> ExternalId:
    return ExternalId("doi", value, relationship, f"https://doi.org/{value}")


def work(put_code: int, orcid: str, title: str, **fields: Any) -> OrcidWork:
    defaults: dict[str, Any] = {
        "true_work_id": put_code,
        "type": "journal-article",
        "subtitle": None,
        "journal_title": "Journal of Tests",
        "year": 2021,
        "month": 5,
        "day": None,
        "external_ids": [doi(f"10.1000/w{put_code}")],
        "contributors": [Author("Ada", "Lovelace", orcid=orcid), Author("Alan", "Turing")],
        "visibility": "public",
        "source_client_id": CROSSREF.client_id,
        "source_name": CROSSREF.name,
        "created": OLD,
        "last_modified": OLD,
    }
    return OrcidWork(put_code=put_code, orcid=orcid, title=title, **(defaults | fields))


def build_institution() -> Institution:
    own = {"source_client_id": PURE.client_id, "source_name": PURE.name}
    a_works = [
        work(
            101,
            A,
            "Public by Crossref",
            subtitle="with a subtitle",
            external_ids=[doi("https://doi.org/10.1000/ABC")],
        ),
        work(102, A, "Same DOI written bare, by Pure", external_ids=[doi("10.1000/abc")], **own),
        work(
            103,
            A,
            "Limited by Scopus",
            visibility="limited",
            source_client_id=SCOPUS.client_id,
            source_name=SCOPUS.name,
        ),
        work(
            104,
            A,
            "Private, entered by the researcher",
            visibility="private",
            source_client_id=None,
            source_name="Ada Lovelace",
        ),
        work(105, A, "Private, pushed by Pure", visibility="private", **own),
        work(
            106,
            A,
            "Chapter with only a part-of ISBN and an EID, entered by the researcher",
            type="book-chapter",
            source_client_id=None,
            source_name="Ada Lovelace",
            external_ids=[
                ExternalId("isbn", "978-3-16-148410-0", "part-of"),
                ExternalId("eid", "2-s2.0-85000000001", "self"),
            ],
        ),
    ]
    records = {
        A: OrcidRecord(A, "Ada", "Lovelace", "active", None, None, OLD, a_works),
        B: OrcidRecord(
            B, "Alan", "Turing", "active", None, None, OLD, [work(201, B, "Turing's paper")]
        ),
        D: OrcidRecord(D, "Ada", "Lovelace", "deprecated", A, None, OLD, []),
        X: OrcidRecord(X, "Gone", "Away", "deactivated", None, OLD, OLD, []),
    }
    far = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    tokens = [
        OrcidToken(TOKEN_A, "refresh-a", A, ["/read-limited", "/activities/update"], far),
        OrcidToken(TOKEN_A_UPDATE_ONLY, "refresh-a-update", A, ["/activities/update"], far),
        OrcidToken(TOKEN_B, "refresh-b", B, ["/read-limited", "/activities/update"], far),
        OrcidToken(TOKEN_REVOKED, "refresh-revoked", A, ["/read-limited"], far, revoked=True),
        OrcidToken(TOKEN_EXPIRED, "refresh-expired", A, ["/read-limited"], OLD),
    ]
    return Institution(
        seed=7,
        name="Test University",
        org_units=[],
        persons=[],
        true_works={},
        pure_outputs=[],
        orcid_records=records,
        clients=[PURE, CROSSREF, SCOPUS],
        tokens=tokens,
        pure_api_key="unused",
    )


class FakeClock:
    """Epoch seconds that move only when a test (or a queued request's sleep) moves them."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


JSON = {"Accept": "application/json"}


def bearer(token: str) -> dict[str, str]:
    return {"Accept": "application/json", "Authorization": f"Bearer {token}"}


async def read_public_token(client: httpx.AsyncClient, member: MemberClient = PURE) -> str:
    response = await client.post(
        "/oauth/token",
        data={
            "client_id": member.client_id,
            "client_secret": member.client_secret,
            "grant_type": "client_credentials",
            "scope": "/read-public",
        },
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]
