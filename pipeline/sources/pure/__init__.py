"""Elsevier Pure records read into `Work`, `Person` and `OrgUnit`: the legacy Web Service (WS
5.18–5.24, with its `/changes` feed) and the newer Pure API."""

from pipeline.sources.pure.build import Kind, Parser
from pipeline.sources.pure.parse_api import (
    API_PARSERS,
    parse_api_jsonl,
    parse_api_org_unit,
    parse_api_person,
    parse_api_research_output,
)
from pipeline.sources.pure.parse_ws import (
    WS_PARSERS,
    Change,
    ChangesPage,
    parse_ws_change,
    parse_ws_changes,
    parse_ws_dataset,
    parse_ws_jsonl,
    parse_ws_org_unit,
    parse_ws_page,
    parse_ws_person,
    parse_ws_research_output,
)

__all__ = [
    "API_PARSERS",
    "WS_PARSERS",
    "Change",
    "ChangesPage",
    "Kind",
    "Parser",
    "parse_api_jsonl",
    "parse_api_org_unit",
    "parse_api_person",
    "parse_api_research_output",
    "parse_ws_change",
    "parse_ws_changes",
    "parse_ws_dataset",
    "parse_ws_jsonl",
    "parse_ws_org_unit",
    "parse_ws_page",
    "parse_ws_person",
    "parse_ws_research_output",
]
