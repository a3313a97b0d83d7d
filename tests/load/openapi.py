"""Pure API write bodies checked against the Pure API's own OpenAPI (the 2023 copy in
shared/fixtures) with openapi-schema-validator, as Pure would check them: required properties,
types and enumerations, and no read-only property in what a client writes.

The validator does not follow `discriminator`s, so every object in a body that names its
subtype (`typeDiscriminator` of an output, contributor, identifier or electronic version;
`systemName` of a reference) is validated against that subtype as well."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from openapi_schema_validator import OAS30Validator, OAS30WriteValidator

SPEC = Path(__file__).parents[2].parent / "shared/fixtures/pure/schemas"
SPEC_FILE = SPEC / "openapi-experts.umn.edu-2023-08-02.json"


@cache
def _spec() -> dict[str, Any]:
    return json.loads(SPEC_FILE.read_text(encoding="utf-8"))


def _schemas() -> dict[str, Any]:
    return _spec()["components"]["schemas"]


def _references() -> dict[str, str]:
    mapping = _schemas()["ContentRef"]["discriminator"]["mapping"]
    return {name: target.rsplit("/", 1)[-1] for name, target in mapping.items()}


def _subtypes(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, list):
        for item in node:
            yield from _subtypes(item)
    elif isinstance(node, dict):
        kind = node.get("typeDiscriminator")
        if isinstance(kind, str) and kind in _schemas():
            yield kind, node
        reference = _references().get(node.get("systemName") or "")
        if reference is not None and "uuid" in node and len(node) <= 3:
            yield reference, node
        for value in node.values():
            yield from _subtypes(value)


def errors(body: dict[str, Any], *, write: bool = True) -> list[str]:
    """Every way `body` breaks the spec, as `<subtype> <path>: <message>`; none when valid.
    `write=False` for an update, which PUTs back the whole record as read, read-only
    properties included (as Pure's documented clients do)."""
    validator_class = OAS30WriteValidator if write else OAS30Validator
    found = []
    for name, node in _subtypes(body):
        schema = {"$ref": f"#/components/schemas/{name}", "components": _spec()["components"]}
        for error in validator_class(schema).iter_errors(node):
            where = "/".join(str(p) for p in error.absolute_path)
            found.append(f"{name} {where}: {error.message}")
    if body.get("typeDiscriminator") not in _schemas():
        found.append(f"typeDiscriminator {body.get('typeDiscriminator')!r} is not a subtype")
    return found
