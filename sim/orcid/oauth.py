"""The token endpoint and bearer-token checks, as ORCID's Spring Security OAuth layer answers.

Client credentials come from `Institution.clients` (`client_id`/`client_secret`), researcher
tokens from `Institution.tokens`; those were granted to the institution's own client (the first
one), which therefore is the source of every work written with them. The fault profile's
`revoke_token_share` breaks some researcher tokens once `revoke_after_requests` member-API
requests have been answered, which is how a long night loses tokens.
"""

from __future__ import annotations

import base64
import binascii
import json
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from starlette.responses import Response

from sim.model import MemberClient
from sim.orcid.access import Api, Caller
from sim.orcid.context import Sim
from sim.orcid.errors import JSON_UTF8, OAuthError
from sim.orcid.state import READ_PUBLIC, TOKEN_LIFETIME_SECONDS, Grant


def _form(body: bytes) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}


def _authenticate(sim: Sim, request: Request, form: dict[str, str]) -> MemberClient:
    """Form fields as ORCID's tutorials send them, or HTTP Basic, which ORCID prefers."""
    client_id, secret = form.get("client_id"), form.get("client_secret")
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            client_id = None
    client = sim.state.clients.get(client_id or "")
    if client is None:
        raise OAuthError(401, "invalid_client", f"Client not found: {client_id}")
    if client.client_secret != secret:
        raise OAuthError(401, "invalid_client", "Bad client credentials")
    return client


def _fault(sim: Sim, grant: Grant) -> None:
    """Break a chosen token the first time it is seen after the fault's request threshold."""
    mode = sim.token_faults.get(grant.access_token)
    if mode is None or sim.state.counters["member.served"] <= sim.faults.revoke_after_requests:
        return
    grant.strike(revoke=mode == "revoked", now=sim.clock())
    del sim.token_faults[grant.access_token]


def _token_body(sim: Sim, grant: Grant, *, with_person: bool) -> Response:
    body: dict[str, object] = {
        "access_token": grant.access_token,
        "token_type": "bearer",
        "refresh_token": grant.refresh_token,
        "expires_in": int(grant.expires_at - sim.clock()),
        "scope": " ".join(sorted(grant.scopes)),
    }
    if with_person:
        body["name"] = grant.name
    body["orcid"] = grant.orcid
    return Response(json.dumps(body), media_type=JSON_UTF8)


def token_router(sim: Sim) -> APIRouter:
    router = APIRouter()

    @router.post("/oauth/token")
    async def token(request: Request) -> Response:
        form = _form(await request.body())
        client = _authenticate(sim, request, form)
        grant_type = form.get("grant_type", "")
        if grant_type == "client_credentials":
            scope = form.get("scope", READ_PUBLIC).strip()
            if scope != READ_PUBLIC:
                raise OAuthError(400, "invalid_scope", f"Invalid scope: {scope}")
            grant = sim.state.issue(
                client.client_id, None, None, frozenset({READ_PUBLIC}), sim.clock()
            )
            return _token_body(sim, grant, with_person=False)
        if grant_type == "refresh_token":
            return _refresh(sim, client, form)
        raise OAuthError(400, "unsupported_grant_type", f"Unsupported grant type: {grant_type}")

    return router


def _refresh(sim: Sim, client: MemberClient, form: dict[str, str]) -> Response:
    refresh_token = form.get("refresh_token", "")
    old = sim.state.refresh_grants.get(refresh_token)
    if old is not None:
        _fault(sim, old)
    if old is None or old.revoked or old.client_id != client.client_id:
        raise OAuthError(400, "invalid_grant", f"Invalid refresh token: {refresh_token}")
    scopes = frozenset(form["scope"].split()) if form.get("scope") else old.scopes
    if not scopes <= old.scopes:
        raise OAuthError(400, "invalid_scope", f"Invalid scope: {' '.join(sorted(scopes))}")
    lifetime = int(form.get("expires_in") or TOKEN_LIFETIME_SECONDS)
    grant = sim.state.issue(client.client_id, old.orcid, old.name, scopes, sim.clock(), lifetime)
    if form.get("revoke_old", "").lower() == "true":
        old.revoked = True
    return _token_body(sim, grant, with_person=True)


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def resolve_caller(sim: Sim, api: Api, token: str | None, ip: str) -> Caller:
    """Who is calling; a bad token fails here, before any ORCID check, as in Spring's filter."""
    if token is None:
        if api == "member":
            raise OAuthError(
                401, "unauthorized", "Full authentication is required to access this resource"
            )
        return Caller(api, None, None, None, frozenset(), ip)
    grant = sim.state.grants.get(token)
    if grant is not None:
        _fault(sim, grant)
    if grant is None or grant.revoked:
        raise OAuthError(401, "invalid_token", f"Invalid access token: {token}")
    if grant.expires_at <= sim.clock():
        raise OAuthError(401, "invalid_token", f"Access token expired: {token}")
    client = sim.state.clients.get(grant.client_id)
    return Caller(
        api, grant.client_id, client.name if client else None, grant.orcid, grant.scopes, ip
    )
