"""ORCID work bodies (v3.0 JSON) checked against ORCID's own XML Schema (work-3.0.xsd and the
common schema it imports, in shared/fixtures) with xmlschema, as ORCID checks a work: the
fields it knows, their types and enumerations (work types, relationships, sequences, roles),
what is required.

ORCID's JSON is its XML with one key per element: a `{"value": …}` object is the element's
text, a list repeats the element, `put-code` and `visibility` are attributes. `to_xml` turns a
body into that XML, its elements in the schema's order (JSON has none); a key the schema does
not know is an error."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import xmlschema

SCHEMAS = Path(__file__).parents[2].parent / "shared/fixtures/orcid/orcid-model/schemas"
WORK = "http://www.orcid.org/ns/work"
COMMON = "http://www.orcid.org/ns/common"
WORK_ELEMENTS = frozenset(
    {
        "journal-title",
        "short-description",
        "citation",
        "citation-type",
        "citation-value",
        "type",
        "contributors",
        "contributor",
        "credit-name",
        "contributor-email",
        "contributor-attributes",
        "contributor-sequence",
        "contributor-role",
    }
)
ORDER = (
    "title",
    "subtitle",
    "translated-title",
    "journal-title",
    "short-description",
    "citation",
    "citation-type",
    "citation-value",
    "type",
    "publication-date",
    "year",
    "month",
    "day",
    "external-ids",
    "external-id",
    "external-id-type",
    "external-id-value",
    "external-id-url",
    "external-id-relationship",
    "url",
    "contributors",
    "contributor",
    "contributor-orcid",
    "uri",
    "path",
    "host",
    "credit-name",
    "contributor-email",
    "contributor-attributes",
    "contributor-sequence",
    "contributor-role",
    "language-code",
    "country",
)
"""Every element a work may hold, in the order of the schema's sequences."""
ATTRIBUTES = ("put-code", "visibility")


@cache
def work_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "record_3.0" / "work-3.0.xsd"))


def to_xml(work: dict[str, Any]) -> ET.Element:
    root = ET.Element(f"{{{WORK}}}work")
    for name in ATTRIBUTES:
        if work.get(name) is not None:
            root.set(name, str(work[name]))
    _children(root, "work", work)
    return root


def _namespace(key: str, parent: str) -> str:
    if key == "title":
        return WORK if parent == "work" else COMMON
    return WORK if key in WORK_ELEMENTS else COMMON


def _children(element: ET.Element, parent: str, value: dict[str, Any]) -> None:
    keys = [key for key in value if key not in ATTRIBUTES and value[key] is not None]
    unknown = [key for key in keys if key not in ORDER]
    assert not unknown, f"{parent}: {unknown} are not elements of an ORCID work"
    for key in sorted(keys, key=ORDER.index):
        item = value[key]
        for one in item if isinstance(item, list) else [item]:
            child = ET.SubElement(element, f"{{{_namespace(key, parent)}}}{key}")
            if isinstance(one, dict) and "value" in one:
                child.text = str(one["value"])
                for attribute, text in one.items():
                    if attribute != "value" and text is not None:
                        child.set(attribute, str(text))
            elif isinstance(one, dict):
                _children(child, key, one)
            else:
                child.text = str(one)


def errors(work: dict[str, Any]) -> list[str]:
    """What ORCID's schema finds wrong with the work, one line each."""
    return [f"{error.path}: {error.reason}" for error in work_schema().iter_errors(to_xml(work))]
