"""Pushing works: what a client sees on create, duplicate, update and delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from orcid_world import CROSSREF, TOKEN_A, TOKEN_B, A, B, bearer, read_public_token

pytestmark = pytest.mark.anyio


def new_work(self_doi: str = "10.5555/pushed.1", **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": {"title": {"value": "Pushed from Pure"}},
        "type": "journal-article",
        "publication-date": {"year": {"value": "2024"}, "month": {"value": "02"}},
        "external-ids": {
            "external-id": [
                {
                    "external-id-type": "doi",
                    "external-id-value": self_doi,
                    "external-id-url": {"value": f"https://doi.org/{self_doi}"},
                    "external-id-relationship": "self",
                }
            ]
        },
        "visibility": "public",
    }
    return body | fields


async def post(client: httpx.AsyncClient, body: dict[str, Any], token: str = TOKEN_A) -> int:
    response = await client.post(f"/v3.0/{A}/work", json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    assert response.content == b""
    location = response.headers["location"]
    assert location.startswith(f"http://orcid/v3.0/{A}/work/")
    return int(location.rsplit("/", 1)[1])


async def read(client: httpx.AsyncClient, put_code: int) -> dict[str, Any]:
    response = await client.get(f"/v3.0/{A}/work/{put_code}", headers=bearer(TOKEN_A))
    assert response.status_code == 200
    return response.json()


async def test_created_work_reads_back_with_the_institution_as_source(
    client: httpx.AsyncClient,
) -> None:
    put_code = await post(client, new_work())
    work = await read(client, put_code)
    assert work["title"]["title"]["value"] == "Pushed from Pure"
    assert work["source"]["source-client-id"]["path"] == "APP-PURE0000000001"
    assert work["publication-date"]["month"] == {"value": "02"}


async def test_posted_visibility_is_ignored_for_the_researchers_default(
    make_client: Callable[..., httpx.AsyncClient],
) -> None:
    client = make_client(default_visibility={A: "limited"})
    put_code = await post(client, new_work(visibility="public"))
    assert (await read(client, put_code))["visibility"] == "limited"


async def test_second_post_with_the_same_self_id_is_a_9021_naming_the_first(
    client: httpx.AsyncClient,
) -> None:
    first = await post(client, new_work("10.5555/twice"))
    again = await client.post(
        f"/v3.0/{A}/work", json=new_work("https://doi.org/10.5555/TWICE"), headers=bearer(TOKEN_A)
    )
    assert again.status_code == 409
    body = again.json()
    assert body["error-code"] == 9021
    assert f"please see element with put-code {first}." in body["developer-message"]


async def test_another_sources_work_with_the_same_doi_is_not_a_duplicate(
    client: httpx.AsyncClient,
) -> None:
    # 103 is Scopus's work with DOI 10.1000/w103; Pure may add its own and they group.
    put_code = await post(client, new_work("10.1000/W103"))
    listed = (await client.get(f"/v3.0/{A}/works", headers=bearer(TOKEN_A))).json()
    group = next(g for g in listed["group"] if g["work-summary"][0]["put-code"] == 103)
    assert put_code in [ws["put-code"] for ws in group["work-summary"]]


async def test_bulk_create_answers_each_item_and_catches_duplicates_within_the_call(
    client: httpx.AsyncClient,
) -> None:
    body = {
        "bulk": [
            {"work": new_work("10.5555/bulk.1")},
            {"work": new_work("10.5555/bulk.1")},
            {"work": new_work("10.5555/bulk.2", type="poem")},
            {"work": {"type": "book", "external-ids": new_work()["external-ids"]}},
        ]
    }
    response = await client.post(f"/v3.0/{A}/works", json=body, headers=bearer(TOKEN_A))
    assert response.status_code == 200
    items = response.json()["bulk"]
    created = items[0]["work"]["put-code"]
    assert items[1]["error"]["error-code"] == 9021
    assert f"put-code {created}." in items[1]["error"]["developer-message"]
    assert [items[2]["error"]["error-code"], items[3]["error"]["error-code"]] == [9037, 9022]


async def test_bulk_create_of_more_than_100_works_is_refused(client: httpx.AsyncClient) -> None:
    body = {"bulk": [{"work": new_work(f"10.5555/n{i}")} for i in range(101)]}
    response = await client.post(f"/v3.0/{A}/works", json=body, headers=bearer(TOKEN_A))
    assert (response.status_code, response.json()["error-code"]) == (400, 9006)


async def test_put_with_a_different_visibility_is_a_9035(client: httpx.AsyncClient) -> None:
    put_code = await post(client, new_work())
    body = new_work(visibility="private") | {"put-code": put_code}
    response = await client.put(f"/v3.0/{A}/work/{put_code}", json=body, headers=bearer(TOKEN_A))
    assert (response.status_code, response.json()["error-code"]) == (403, 9035)


async def test_put_without_visibility_updates_and_moves_last_modified(
    client: httpx.AsyncClient,
) -> None:
    put_code = await post(client, new_work())
    before = await read(client, put_code)
    body = new_work(title={"title": {"value": "Corrected title"}}) | {"put-code": put_code}
    del body["visibility"]
    response = await client.put(f"/v3.0/{A}/work/{put_code}", json=body, headers=bearer(TOKEN_A))
    assert response.status_code == 200
    assert response.json()["title"]["title"]["value"] == "Corrected title"
    assert response.json()["created-date"] == before["created-date"]


async def test_put_needs_the_same_put_code_in_the_body(client: httpx.AsyncClient) -> None:
    put_code = await post(client, new_work())
    response = await client.put(
        f"/v3.0/{A}/work/{put_code}", json=new_work(), headers=bearer(TOKEN_A)
    )
    assert (response.status_code, response.json()["error-code"]) == (400, 9019)


async def test_only_the_source_may_update_or_delete(client: httpx.AsyncClient) -> None:
    body = new_work() | {"put-code": 101}
    update = await client.put(f"/v3.0/{A}/work/101", json=body, headers=bearer(TOKEN_A))
    assert (update.status_code, update.json()["error-code"]) == (403, 9010)
    delete = await client.delete(f"/v3.0/{A}/work/101", headers=bearer(TOKEN_A))
    assert (delete.status_code, delete.json()["error-code"]) == (403, 9010)


async def test_delete_removes_the_work(client: httpx.AsyncClient) -> None:
    put_code = await post(client, new_work())
    response = await client.delete(f"/v3.0/{A}/work/{put_code}", headers=bearer(TOKEN_A))
    assert response.status_code == 204
    gone = await client.get(f"/v3.0/{A}/work/{put_code}", headers=bearer(TOKEN_A))
    assert gone.status_code == 404


async def test_writes_need_activities_update_for_that_record(client: httpx.AsyncClient) -> None:
    read_public = await read_public_token(client, CROSSREF)
    response = await client.post(f"/v3.0/{A}/work", json=new_work(), headers=bearer(read_public))
    assert (response.status_code, response.json()["error-code"]) == (403, 9038)
    other = await client.post(f"/v3.0/{A}/work", json=new_work(), headers=bearer(TOKEN_B))
    assert (other.status_code, other.json()["error-code"]) == (401, 9017)
    own = await client.post(f"/v3.0/{B}/work", json=new_work(), headers=bearer(TOKEN_B))
    assert own.status_code == 201


async def test_a_put_code_in_a_new_work_is_refused(client: httpx.AsyncClient) -> None:
    body = new_work() | {"put-code": 12345}
    response = await client.post(f"/v3.0/{A}/work", json=body, headers=bearer(TOKEN_A))
    assert (response.status_code, response.json()["error-code"]) == (400, 9024)
