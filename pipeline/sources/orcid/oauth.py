"""The member API client's own `/read-public` token (client-credentials grant).

ORCID says to request it once and reuse it (it lasts about twenty years); the extraction asks
for one at its start. The client secret never appears in an error: ORCID's answer is quoted,
the request is not.
"""

from __future__ import annotations

import httpx

from pipeline.sources.orcid.client import AccessToken, OrcidError


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
