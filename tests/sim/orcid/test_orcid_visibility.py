"""Each token sees what ORCID's visibility table (reference §2.1) lets it see, and works group as
ORCID groups them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from orcid_world import (
    CROSSREF,
    PURE,
    TOKEN_A,
    TOKEN_A_UPDATE_ONLY,
    A,
    bearer,
    doi,
    read_public_token,
    work,
)

from sim.model import Institution

pytestmark = pytest.mark.anyio


def put_codes(summary: dict[str, Any]) -> set[int]:
    return {ws["put-code"] for group in summary["group"] for ws in group["work-summary"]}


async def summary(client: httpx.AsyncClient, path: str, token: str | None) -> dict[str, Any]:
    headers = bearer(token) if token else {"Accept": "application/json"}
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_read_public_token_never_sees_a_limited_work(client: httpx.AsyncClient) -> None:
    token = await read_public_token(client, CROSSREF)
    listed = await summary(client, f"/v3.0/{A}/works", token)
    assert 103 not in put_codes(listed)

    bulk = (await client.get(f"/v3.0/{A}/works/101,103", headers=bearer(token))).json()["bulk"]
    assert "work" in bulk[0]
    assert "work" not in bulk[1]
    assert bulk[1]["error"]["error-code"] == 9013

    single = await client.get(f"/v3.0/{A}/work/103", headers=bearer(token))
    assert single.status_code == 403
    assert single.json()["error-code"] == 9038


async def test_public_api_shows_public_works_only_and_refuses_others_with_9039(
    client: httpx.AsyncClient,
) -> None:
    listed = await summary(client, f"/public/v3.0/{A}/works", TOKEN_A)
    assert put_codes(listed) == {101, 102, 106}
    single = await client.get(f"/public/v3.0/{A}/work/103", headers={"Accept": "application/json"})
    assert (single.status_code, single.json()["error-code"]) == (403, 9039)
    bulk = await client.get(f"/public/v3.0/{A}/works/105", headers={"Accept": "application/json"})
    assert bulk.json()["bulk"][0]["error"]["error-code"] == 9039


async def test_read_limited_token_sees_limited_but_not_anothers_private_work(
    client: httpx.AsyncClient,
) -> None:
    listed = await summary(client, f"/v3.0/{A}/works", TOKEN_A)
    # 105 is private but pushed by Pure, the client these researcher tokens belong to.
    assert put_codes(listed) == {101, 102, 103, 105, 106}
    private = await client.get(f"/v3.0/{A}/work/104", headers=bearer(TOKEN_A))
    assert (private.status_code, private.json()["error-code"]) == (403, 9013)


async def test_update_only_token_reads_like_the_public(client: httpx.AsyncClient) -> None:
    listed = await summary(client, f"/v3.0/{A}/works", TOKEN_A_UPDATE_ONLY)
    assert put_codes(listed) == {101, 102, 105, 106}


async def test_the_source_client_sees_its_own_private_work_with_client_credentials(
    client: httpx.AsyncClient,
) -> None:
    token = await read_public_token(client, PURE)
    response = await client.get(f"/v3.0/{A}/work/105", headers=bearer(token))
    assert response.status_code == 200
    assert response.json()["visibility"] == "private"


async def test_doi_in_url_and_bare_form_group_together(client: httpx.AsyncClient) -> None:
    listed = await summary(client, f"/public/v3.0/{A}/works", None)
    groups = [sorted(ws["put-code"] for ws in g["work-summary"]) for g in listed["group"]]
    assert [101, 102] in groups
    doi_group = next(g for g in listed["group"] if len(g["work-summary"]) == 2)
    ids = doi_group["external-ids"]["external-id"]
    assert [i["external-id-normalized"]["value"] for i in ids] == ["10.1000/abc"]


async def test_part_of_ids_never_make_a_group_id(client: httpx.AsyncClient) -> None:
    listed = await summary(client, f"/public/v3.0/{A}/works", None)
    chapter = next(g for g in listed["group"] if g["work-summary"][0]["put-code"] == 106)
    assert [i["external-id-type"] for i in chapter["external-ids"]["external-id"]] == ["eid"]


async def test_group_ids_are_recomputed_from_the_visible_works(
    client: httpx.AsyncClient, institution: Institution
) -> None:
    # 107 (limited) bridges public 108 and 109: one group, but its own DOI must not leak.
    institution.orcid_records[A].works += [
        work(107, A, "Bridge", visibility="limited",
             external_ids=[doi("10.1000/left"), doi("10.1000/hidden"), doi("10.1000/right")]),
        work(108, A, "Left", external_ids=[doi("10.1000/left")]),
        work(109, A, "Right", external_ids=[doi("10.1000/right")]),
    ]  # fmt: skip
    listed = await summary(client, f"/public/v3.0/{A}/works", None)
    bridged = next(g for g in listed["group"] if g["work-summary"][0]["put-code"] == 108)
    assert [ws["put-code"] for ws in bridged["work-summary"]] == [108, 109]
    values = [i["external-id-value"] for i in bridged["external-ids"]["external-id"]]
    assert values == ["10.1000/left", "10.1000/right"]
