"""The WS `/changes` feed as UMN saw it: a harvest that must not stop at a page with no changes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.sources.pure import Change, parse_ws_change, parse_ws_changes

CHANGES = "pure/ws524/umn/changes"

# file suffix: (count, resumptionToken, moreChanges, changes on the page)
PAGES = {
    "1_key_2020-03-12": (52, "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1MzcyfQ==", True, 52),
    "2_key_eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1MzcyfQ": (
        0,
        "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NDcyfQ==",
        True,
        0,
    ),
    "3_key_eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NDcyfQ": (
        0,
        "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NTcyfQ==",
        True,
        0,
    ),
    "4_key_eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NTcyfQ": (
        0,
        "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NjcyfQ==",
        True,
        0,
    ),
    "5_key_eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NjcyfQ": (
        0,
        "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NzcyfQ==",
        True,
        0,
    ),
    # The last page hands back the token it was asked with, and says there is no more.
    "6_key_eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NzcyfQ": (
        24,
        "eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NzcyfQ==",
        False,
        24,
    ),
}


def load(fixtures_dir: Path, name: str) -> dict:
    return json.loads((fixtures_dir / CHANGES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("suffix", list(PAGES))
def test_every_changes_page_gives_count_token_and_whether_more_follow(
    fixtures_dir: Path, suffix: str
) -> None:
    page = parse_ws_changes(load(fixtures_dir, f"changes_response_{suffix}.json"))
    count, token, more, changes = PAGES[suffix]
    assert (page.count, page.resumption_token, page.more_changes) == (count, token, more)
    assert len(page.changes) == changes
    assert page.errors == []


def test_first_page_holds_research_outputs_persons_and_import_results(fixtures_dir: Path) -> None:
    page = parse_ws_changes(load(fixtures_dir, "changes_response_1_key_2020-03-12.json"))
    assert Counter(c.family for c in page.changes) == {
        "ImportResult": 48,
        "Person": 3,
        "ResearchOutput": 1,
    }
    assert {c.change_type for c in page.changes} == {"UPDATE"}
    assert page.changes[0] == Change(
        "d09e017d-4e1d-403c-a703-6c3d11b039b4", "ImportResult", "UPDATE", -1
    )


def test_last_page_in_full_detail(fixtures_dir: Path) -> None:
    name = "changes_response_6_key_eyJzZXF1ZW5jZU51bWJlciI6MTk0MTM1NzcyfQ.json"
    page = parse_ws_changes(load(fixtures_dir, name))
    assert page.changes[0] == Change(
        "67073a6c-e84a-470f-9b45-d780cfe0d7cc", "ResearchOutput", "UPDATE", 3
    )
    assert Counter(c.family for c in page.changes) == {"ImportResult": 2, "ResearchOutput": 22}
    outputs = [(c.uuid, c.version) for c in page.changes if c.family == "ResearchOutput"]
    assert ("5c10e2f1-a533-4d8e-bd41-6b71020112b2", 143) in outputs
    assert ("ca2a2e83-ac8c-4193-9afa-812030a96dde", 108) in outputs


def test_single_change_items_with_and_without_relation_changes(fixtures_dir: Path) -> None:
    updated = parse_ws_change(
        load(fixtures_dir, "change-e1ecd377-583c-4424-838a-d804289da913.json")
    )
    created = parse_ws_change(
        load(fixtures_dir, "change-f02f5263-0eff-4832-ae82-9ab743e93ff3.json")
    )
    assert updated == Change("e1ecd377-583c-4424-838a-d804289da913", "Organisation", "UPDATE", 44)
    assert created == Change("f02f5263-0eff-4832-ae82-9ab743e93ff3", "Organisation", "CREATE", 0)


def test_a_broken_change_is_reported_and_the_others_kept() -> None:
    page = parse_ws_changes(
        {
            "count": 3,
            "resumptionToken": "abc",
            "moreChanges": True,
            "items": [
                {"uuid": "u1", "changeType": "DELETE", "familySystemName": "Person", "version": 7},
                {"changeType": "UPDATE", "familySystemName": "Person", "version": 1},
                {
                    "uuid": "u3",
                    "changeType": "update",
                    "family": "dk.atira.pure.api.shared.model.researchoutput.ResearchOutput",
                },
            ],
        }
    )
    assert page.changes == [
        Change("u1", "Person", "DELETE", 7),
        Change("u3", "ResearchOutput", "UPDATE", None),
    ]
    assert [(e.record_id, e.field) for e in page.errors] == [("items[1]", "uuid")]
    assert (page.count, page.resumption_token, page.more_changes) == (3, "abc", True)


def test_a_page_without_more_changes_flag_ends_the_harvest() -> None:
    page = parse_ws_changes({"count": 0})
    assert (page.changes, page.more_changes, page.resumption_token) == ([], False, None)
