"""A local ORCID v3.0 registry serving a synthetic `Institution`, in ORCID's real JSON and limits.

One app holds both APIs, told apart by path prefix, because ORCID tells them apart by host
(`pub.orcid.org` / `api.orcid.org`) and the pipeline is configured with two base URLs anyway:

- public API (read-only, public items only, token optional): `/public/v3.0/...`,
  so `ORCID_PUBLIC_API_URL=http://host:port/public/v3.0`;
- member API (reads by token scope, and writes): `/v3.0/...`,
  so `ORCID_MEMBER_API_URL=http://host:port/v3.0`;
- token endpoint: `POST /oauth/token`;
- counters for the benchmarks and a way back to the generated world: `GET /__sim/stats`,
  `POST /__sim/reset`.

Under each API prefix: `/{orcid}/works`, `/{orcid}/works/{put-codes}`, `/{orcid}/work/{put-code}`,
`/{orcid}/record`, `/search/?q=...`; the member API adds `POST /{orcid}/work`,
`POST /{orcid}/works`, `PUT` and `DELETE /{orcid}/work/{put-code}`.

Credentials: any `Institution.clients` entry's `client_id`/`client_secret` obtains a
`/read-public` token; the researcher tokens in `Institution.tokens` belong to the institution's
own client (`clients[0]`), so works written with them have that client as their source.
Responses are JSON only: ask with `Accept: application/json` or `application/vnd.orcid+json`.
"""

from sim.orcid.app import create_orcid_app

__all__ = ["create_orcid_app"]
