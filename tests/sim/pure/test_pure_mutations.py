"""`mutate_while_paging`: outputs appear and vanish between the pages of a scan."""

from __future__ import annotations

from sim.faults import PROFILES


def _scan(client, path, size):
    seen, offset, count = [], 0, None
    while count is None or offset < count:
        body = client.get(path, params={"size": size, "offset": offset}).json()
        seen += [item["uuid"] for item in body["items"]]
        count = body["count"]
        offset += size
    return seen


def _feed(client):
    items, page = [], client.get("/ws/api/524/changes/2000-01-01").json()
    items += page.get("items", [])
    while page["moreChanges"]:
        page = client.get(f"/ws/api/524/changes/{page['resumptionToken']}").json()
        items += page.get("items", [])
    return items


def test_records_are_added_and_removed_between_pages(moving_client, institution):
    held_back = {o.uuid for o in institution.pure_outputs} - {
        i["uuid"]
        for i in moving_client.get("/ws/api/research-outputs", params={"size": 1000}).json()[
            "items"
        ]
    }
    assert held_back
    seen = _scan(moving_client, "/ws/api/research-outputs", 5)
    stats = moving_client.get("/__sim/stats").json()["mutations"]
    assert stats["removed"]
    assert set(stats["added"]) <= held_back
    final = {
        i["uuid"]
        for i in moving_client.get("/ws/api/research-outputs", params={"size": 1000}).json()[
            "items"
        ]
    }
    assert set(stats["added"]) <= final
    assert not set(stats["removed"]) & final
    assert set(seen) != final, "a naive paged scan does not end with what Pure holds"
    for uuid in stats["removed"]:
        assert moving_client.get(f"/ws/api/research-outputs/{uuid}").status_code == 404


def test_the_change_feed_reports_every_addition_and_removal(moving_client):
    _scan(moving_client, "/ws/api/524/research-outputs", 4)
    mutations = moving_client.get("/__sim/stats").json()["mutations"]
    items = _feed(moving_client)
    deleted = {i["uuid"] for i in items if i["changeType"] == "DELETE"}
    created = {i["uuid"] for i in items if i["changeType"] == "CREATE"}
    assert deleted == set(mutations["removed"])
    assert set(mutations["added"]) <= created
    added = moving_client.get(f"/ws/api/524/research-outputs/{mutations['added'][0]}").json()
    assert added["info"]["modifiedDate"].startswith("2025-03-01")


def test_mutations_are_deterministic(institution, client_factory):
    runs = []
    for _ in range(2):
        with client_factory(institution, PROFILES["moving"]) as client:
            _scan(client, "/ws/api/research-outputs", 6)
            runs.append(client.get("/__sim/stats").json()["mutations"])
    assert runs[0] == runs[1]


def test_without_the_fault_nothing_moves(client, institution):
    seen = _scan(client, "/ws/api/research-outputs", 5)
    assert seen == [o.uuid for o in institution.pure_outputs]
    assert client.get("/__sim/stats").json()["mutations"] == {"added": [], "removed": []}
