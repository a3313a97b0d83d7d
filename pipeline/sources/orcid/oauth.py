"""ORCID's token endpoint: the member API client's own `/read-public` token (client-credentials
grant), and new access tokens for researchers from their refresh tokens.

ORCID says to request the `/read-public` token once and reuse it (it lasts about twenty years);
the extraction asks for one at its start. No secret appears in an error: ORCID's answer is
quoted with any token taken out, the request is not quoted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from pipeline.sources.http import Pacer, RetryPolicy, send_with_retries
from pipeline.sources.orcid.client import AccessToken, OrcidError
from pipeline.sources.redact import redact


async def read_public_token(
    token_url: str,
    client_id: str,
    client_secret: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> AccessToken:
    async with httpx.AsyncClient(transport=transport, timeout=30.0) as http:
        response = await http.post(
            token_url,
            data={
                "client_id": client_id,
                "client_secret": client_secret,
                "grant_type": "client_credentials",
                "scope": "/read-public",
            },
            headers={"Accept": "application/json"},
        )
    if response.status_code != 200:
        raise OrcidError(
            f"ORCID refused a /read-public token for client {client_id}: "
            f"HTTP {response.status_code} {response.text[:200]}"
        )
    body = response.json()
    return AccessToken(value=body["access_token"], scope=body.get("scope", "/read-public"))


class RefreshRefused(OrcidError):
    """ORCID refused a researcher's refresh token (`invalid_grant`): the researcher revoked the
    institution's access, and only a new grant (a token import) brings it back. The message
    quotes ORCID without the token."""


@dataclass(frozen=True, slots=True)
class ClientCredentials:
    """The institution's member API client, as the token endpoint wants it."""

    token_url: str
    client_id: str
    client_secret: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Refreshed:
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    scopes: tuple[str, ...]
    expires_in: int | None


async def refresh_access_token(
    http: httpx.AsyncClient, pacer: Pacer, client: ClientCredentials, refresh_token: str
) -> Refreshed:
    """A new access token for the researcher of `refresh_token`, with the same scopes
    (ORCID's `grant_type=refresh_token`; shared/reference/orcid-api.md §1.2). Transient
    failures are retried; a refused grant raises `RefreshRefused`, any other refusal (the
    client's own credentials) `OrcidError`; neither message contains a secret."""
    reply = await send_with_retries(
        lambda: http.post(
            client.token_url,
            data={
                "client_id": client.client_id,
                "client_secret": client.client_secret,
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
            },
            headers={"Accept": "application/json"},
        ),
        pacer=pacer,
        policy=RetryPolicy(),
        what="POST oauth/token (refresh)",
    )
    body = reply.data if isinstance(reply.data, dict) else {}
    secrets = (refresh_token, client.client_secret)
    if reply.status_code == 200 and body.get("access_token"):
        scope = str(body.get("scope") or "")
        expires = body.get("expires_in")
        return Refreshed(
            access_token=str(body["access_token"]),
            refresh_token=str(body.get("refresh_token") or refresh_token),
            scopes=tuple(scope.split()),
            expires_in=int(expires) if expires is not None else None,
        )
    error = str(body.get("error") or f"HTTP {reply.status_code}")
    description = redact(str(body.get("error_description") or ""), secrets)
    if error == "invalid_grant":
        raise RefreshRefused(f"ORCID refused the refresh token: {error}: {description}")
    raise OrcidError(
        f"ORCID refused to refresh a token for client {client.client_id}: {error}: "
        f"{description or redact(reply.text[:200], secrets)}"
    )
