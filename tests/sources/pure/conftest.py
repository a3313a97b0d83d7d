"""Records that several Pure test modules alter in their own ways: each test gets a fresh copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

UMN = "pure/ws524/umn/research_output/f145e583-7d49-415e-aefb-381905b58ae7.json"


@pytest.fixture
def ws_item(fixtures_dir: Path) -> dict:
    """UMN's WS 5.24 journal article."""
    return json.loads((fixtures_dir / UMN).read_text(encoding="utf-8"))
