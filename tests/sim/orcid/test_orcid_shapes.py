"""Responses carry the key paths and JSON types of ORCID's real samples, and the real write
samples are accepted as ORCID accepts them."""

from __future__ import annotations

import httpx
import pytest
from orcid_shapes import READ, SAVED, WRITE, assert_matches_samples, error_sample, load
from orcid_world import TOKEN_A, A, bearer

pytestmark = pytest.mark.anyio

RECORD_SAMPLE = load(READ / "record-full-3.0.json")
WORKS_SAMPLE = RECORD_SAMPLE["activities-summary"]["works"]
# record-full-3.0.json's one summary has a client as source and no subtitle; the saved work
# shows a researcher as source and a subtitle, in the same common:source and work:title types.
SAVED_WORK = load(SAVED / "limited_record_work30.json")
SUMMARY_SAMPLES = (
    WORKS_SAMPLE,
    {"group": [{"work-summary": [{k: SAVED_WORK[k] for k in ("source", "title")}]}]},
)
RECORD_SAMPLES = (
    RECORD_SAMPLE,
    {"activities-summary": {"works": SUMMARY_SAMPLES[1]}},
)
# The saved work has a researcher as source and an id that fails normalisation; the summary in
# record-full-3.0.json shows the same common:source and common:external-id types filled in.
WORK_SAMPLES = (
    load(SAVED / "limited_record_work30.json"),
    load(WRITE / "work-full-3.0.json"),
    WORKS_SAMPLE["group"][0]["work-summary"][0],
)
BULK_SAMPLES = (
    load(WRITE / "bulk-work-3.0.json"),
    {"bulk": [{"work": sample} for sample in WORK_SAMPLES]},
    {"bulk": [{"error": error_sample()}]},
)
SUMMARY_REQUIRED = (
    "group[].last-modified-date.value",
    "group[].external-ids.external-id[].external-id-normalized.value",
    "group[].work-summary[].put-code",
    "group[].work-summary[].created-date.value",
    "group[].work-summary[].source.source-client-id.path",
    "group[].work-summary[].source.source-orcid.path",
    "group[].work-summary[].source.source-name.value",
    "group[].work-summary[].title.title.value",
    "group[].work-summary[].title.subtitle.value",
    "group[].work-summary[].external-ids.external-id[].external-id-type",
    "group[].work-summary[].external-ids.external-id[].external-id-relationship",
    "group[].work-summary[].publication-date.year.value",
    "group[].work-summary[].journal-title.value",
    "group[].work-summary[].visibility",
    "group[].work-summary[].path",
    "path",
)
WORK_REQUIRED = (
    "put-code",
    "created-date.value",
    "last-modified-date.value",
    "source.source-client-id.uri",
    "title.title.value",
    "type",
    "external-ids.external-id[].external-id-value",
    "contributors.contributor[].credit-name.value",
    "contributors.contributor[].contributor-attributes.contributor-sequence",
    "visibility",
)


async def test_works_summary_has_the_shape_of_record_full_sample(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/v3.0/{A}/works", headers=bearer(TOKEN_A))
    assert response.status_code == 200
    assert_matches_samples(response.json(), *SUMMARY_SAMPLES, required=SUMMARY_REQUIRED)


async def test_record_has_the_shape_of_record_full_sample(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/public/v3.0/{A}/record", headers=bearer(TOKEN_A))
    body = response.json()
    assert_matches_samples(
        body,
        *RECORD_SAMPLES,
        required=(
            "orcid-identifier.path",
            "history.last-modified-date.value",
            "person.name.given-names.value",
            "person.name.family-name.value",
            "activities-summary.works.group[].work-summary[].put-code",
        ),
    )
    assert body["person"]["name"]["family-name"]["value"] == "Lovelace"


async def test_single_work_has_the_shape_of_the_saved_work(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/v3.0/{A}/work/101", headers=bearer(TOKEN_A))
    assert response.status_code == 200
    assert_matches_samples(response.json(), *WORK_SAMPLES, required=WORK_REQUIRED)


async def test_bulk_read_has_the_shape_of_the_bulk_samples(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/v3.0/{A}/works/101,102,999", headers=bearer(TOKEN_A))
    body = response.json()
    assert_matches_samples(
        body,
        *BULK_SAMPLES,
        required=("bulk[].work.put-code", "bulk[].error.error-code", "bulk[].error.more-info"),
    )
    assert [next(iter(item)) for item in body["bulk"]] == ["work", "work", "error"]


async def test_real_bulk_write_sample_is_accepted_and_answered_in_bulk_shape(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        f"/v3.0/{A}/works",
        json=load(WRITE / "bulk-works-3-works-3.0.json"),
        headers=bearer(TOKEN_A),
    )
    assert response.status_code == 200
    body = response.json()
    assert [next(iter(item)) for item in body["bulk"]] == ["work", "work", "work"]
    assert_matches_samples(body, *BULK_SAMPLES, required=("bulk[].work.put-code",))


async def test_real_single_work_write_sample_is_created(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"/v3.0/{A}/work", json=load(WRITE / "work-full-3.0.json"), headers=bearer(TOKEN_A)
    )
    assert response.status_code == 201
    put_code = response.headers["location"].rsplit("/", 1)[1]
    created = (await client.get(f"/v3.0/{A}/work/{put_code}", headers=bearer(TOKEN_A))).json()
    assert_matches_samples(created, *WORK_SAMPLES, required=WORK_REQUIRED)
    assert created["contributors"]["contributor"][1]["credit-name"]["value"] == "Fran"
    assert created["url"] == {"value": "https://example.com"}


async def test_error_body_has_the_five_keys_of_error_sample(client: httpx.AsyncClient) -> None:
    response = await client.get("/v3.0/0000-0001-5000-0007/works", headers=bearer(TOKEN_A))
    assert response.status_code == 404
    assert_matches_samples(response.json(), error_sample(), required=tuple(error_sample()))
    assert response.json()["error-code"] == 9016


async def test_dates_are_epoch_milliseconds_and_date_parts_strings(
    client: httpx.AsyncClient,
) -> None:
    summary = (await client.get(f"/v3.0/{A}/work/101", headers=bearer(TOKEN_A))).json()
    assert summary["created-date"]["value"] == 1685577600000
    assert summary["publication-date"] == {
        "year": {"value": "2021"},
        "month": {"value": "05"},
        "day": None,
    }


async def test_xml_only_accept_is_refused_with_406(client: httpx.AsyncClient) -> None:
    response = await client.get(
        f"/v3.0/{A}/works",
        headers={"Accept": "application/vnd.orcid+xml", "Authorization": f"Bearer {TOKEN_A}"},
    )
    assert response.status_code == 406
    assert response.json()["error-code"] == 9001


async def test_orcid_json_media_type_is_answered_in_kind(client: httpx.AsyncClient) -> None:
    response = await client.get(
        f"/public/v3.0/{A}/works", headers={"Accept": "application/vnd.orcid+json"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.orcid+json")


async def test_unrouted_calls_answer_with_orcids_9001_body(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/public/v3.0/{A}/works", json={}, headers=bearer(TOKEN_A))
    assert response.status_code == 405
    assert_matches_samples(response.json(), error_sample(), required=tuple(error_sample()))
    assert response.json()["error-code"] == 9001
