"""Compare a simulator response with ORCID's real samples by key path and JSON type, so a parser
written against the simulator cannot come to depend on a key or a type ORCID never sends."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[4] / "shared" / "fixtures" / "orcid"
"""shared/ lies beside the checkout, wherever the checkout is."""
READ = FIXTURES / "orcid-model/read_samples"
WRITE = FIXTURES / "orcid-model/write_samples"
SAVED = FIXTURES / "orcid-independent-tests/saved_records"


def load(path: Path) -> Any:
    return json.loads(path.read_text())


def error_sample() -> dict[str, Any]:
    """error-3.0.xml as the JSON ORCID sends: the same five keys; the two codes are xs:int."""
    root = ET.parse(READ / "error-3.0.xml").getroot()
    body: dict[str, Any] = {}
    for child in root:
        key = child.tag.rsplit("}", 1)[-1]
        body[key] = int(child.text or 0) if key in ("response-code", "error-code") else child.text
    return body


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {dict: "object", list: "array", str: "string"}[type(value)]


def shape(document: Any, prefix: str = "") -> dict[str, set[str]]:
    """Key path → JSON types seen there; list items share the path `list[]`."""
    paths: dict[str, set[str]] = {}

    def walk(node: Any, path: str) -> None:
        paths.setdefault(path, set()).add(_type(node))
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)
        elif isinstance(node, list):
            for item in node:
                walk(item, f"{path}[]")

    walk(document, prefix)
    return paths


def assert_matches_samples(actual: Any, *samples: Any, required: tuple[str, ...] = ()) -> None:
    """Every path of `actual` exists in a sample with a type the samples show there. A null
    passes wherever the path exists, because ORCID writes an absent optional element as null
    (subtitle is an object in limited_record_work30.json and null in record-full-3.0.json).
    The `required` paths must be present and not null."""
    expected: dict[str, set[str]] = {}
    for sample in samples:
        for path, types in shape(sample).items():
            expected.setdefault(path, set()).update(types)
    produced = shape(actual)
    problems = [
        f"{path}: {sorted(types)} not in samples {sorted(expected.get(path, set()))}"
        for path, types in sorted(produced.items())
        if path not in expected or not (types - {"null"}) <= expected[path]
    ]
    missing = [p for p in required if p not in produced or produced[p] == {"null"}]
    assert not problems, "\n".join(problems)
    assert not missing, f"missing or null: {missing}"
