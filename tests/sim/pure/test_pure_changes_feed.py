"""The WS change feed: windows of 100 sequence numbers, empty windows, resumption tokens."""

from __future__ import annotations

import base64
import json


def _walk(client, key):
    pages = [client.get(f"/ws/api/524/changes/{key}").json()]
    while pages[-1]["moreChanges"]:
        pages.append(client.get(f"/ws/api/524/changes/{pages[-1]['resumptionToken']}").json())
    return pages


def test_feed_has_an_empty_page_with_more_changes_and_continues_after_it(client, institution):
    pages = _walk(client, "2000-01-01")
    empty = [i for i, p in enumerate(pages) if p["count"] == 0 and p["moreChanges"]]
    assert empty, "expected a count-0 page with moreChanges true"
    assert "items" not in pages[empty[0]]
    assert any(p["count"] > 0 for p in pages[empty[-1] + 1 :])
    items = [item for p in pages for item in p.get("items", [])]
    assert sum(p["count"] for p in pages) == len(items)
    creates = {i["uuid"] for i in items if i["changeType"] == "CREATE"}
    assert creates == {o.uuid for o in institution.pure_outputs} | {
        p.uuid for p in institution.persons
    }


def test_items_and_tokens_look_like_umn(client):
    page = client.get("/ws/api/524/changes/2000-01-01").json()
    assert list(page) == ["count", "resumptionToken", "moreChanges", "items", "navigationLinks"]
    item = page["items"][0]
    assert set(item) == {"uuid", "changeType", "family", "familySystemName", "version"}
    assert json.loads(base64.b64decode(page["resumptionToken"])) == {"sequenceNumber": 101}
    assert page["navigationLinks"] == [
        {
            "ref": "next",
            "href": f"http://testserver/ws/api/524/changes/{page['resumptionToken']}",
        }
    ]


def test_last_page_hands_back_its_own_start_so_a_resume_sees_new_changes(client, institution):
    """As in UMN's last response: the token echoes the page's start and moreChanges is false."""
    last = _walk(client, "2000-01-01")[-1]
    again = client.get(f"/ws/api/524/changes/{last['resumptionToken']}").json()
    assert again == last
    uuid = institution.pure_outputs[0].uuid
    record = client.get(f"/ws/api/research-outputs/{uuid}").json()
    assert client.put(f"/ws/api/research-outputs/{uuid}", json=record).status_code == 200
    resumed = client.get(f"/ws/api/524/changes/{last['resumptionToken']}").json()
    assert resumed["items"][-1]["uuid"] == uuid
    assert resumed["items"][-1]["changeType"] == "UPDATE"


def test_a_date_after_everything_gives_an_empty_final_page(client):
    page = client.get("/ws/api/524/changes/2030-01-01_00-00-00").json()
    assert (page["count"], page["moreChanges"]) == (0, False)


def test_unknown_keys_are_not_found(client):
    for key in ("yesterday", "bm90LWpzb24", base64.b64encode(b'{"x":1}').decode()):
        response = client.get(f"/ws/api/524/changes/{key}")
        assert response.status_code == 404
        assert response.json()["code"] == 404


def test_churn_retitles_and_deletes_outputs_and_the_feed_says_so(client, institution):
    """A night's changes for the benchmarks: a share of the outputs retitled or deleted, each
    change in the feed for an incremental read to find."""
    last = _walk(client, "2000-01-01")[-1]
    before = len(institution.pure_outputs)
    done = client.post("/__sim/churn", params={"share": 0.2}).json()
    assert done == {"retitled": 3, "deleted": 3}
    assert client.get("/__sim/stats").json()["outputs"] == before - 3
    # The last page's token resumes at that page's start: the churn's changes come last.
    changes = client.get(f"/ws/api/524/changes/{last['resumptionToken']}").json()["items"][-6:]
    kinds = [c["changeType"] for c in changes]
    assert sorted(kinds) == ["DELETE"] * 3 + ["UPDATE"] * 3
    retitled = [c["uuid"] for c in changes if c["changeType"] == "UPDATE"]
    for uuid in retitled:
        title = client.get(f"/ws/api/research-outputs/{uuid}").json()["title"]["value"]
        assert title.endswith("(corrected)")
    for uuid in (c["uuid"] for c in changes if c["changeType"] == "DELETE"):
        assert client.get(f"/ws/api/research-outputs/{uuid}").status_code == 404
