"""BibTeX name lists → contributors, split the way BibTeX itself splits them.

The structure of a name lives in its braces (`{van Kampen}, {Erik Jan}`, `{World Health
Organization}`), so names are split first and decoded from LaTeX afterwards.
"""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from pipeline.normalize.latex import to_text
from pipeline.sources.model import Contributor

_TRUNCATION = re.compile(r"(?i)\{?\s*(others|more authors)\s*\}?")
"""`and others` (BibTeX's "et al.") and Pure's `{More Authors}` at the end of long lists: they
say the list is incomplete, they are not people."""

_REPEATED_AND = re.compile(r"(?i)\s+and(\s+and)+\s+")
"""`A and and B`, a slip in hand-edited files, which would otherwise make a person "and B"."""

_WHOLLY_BRACED = re.compile(r"\{([^{}]|\{[^{}]*\})*\}")


def contributors(value: str, role: str, first_order: int) -> list[Contributor]:
    """The people (or bodies) named in an author or editor field, numbered from `first_order`."""
    people: list[Contributor] = []
    for raw in split_multiple_persons_names(_REPEATED_AND.sub(" and ", value)):
        name = raw.strip()
        if not name or _TRUNCATION.fullmatch(name):
            continue
        contributor = _contributor(name, role, first_order + len(people))
        if contributor is not None:
            people.append(contributor)
    return people


def _contributor(name: str, role: str, order: int) -> Contributor | None:
    if _WHOLLY_BRACED.fullmatch(name):
        # BibTeX's own convention for a body: braces stop it being split into given and family.
        body = to_text(name)
        return Contributor(order=order, name=body, family_name=body, role=role) if body else None
    parts = parse_single_name_into_parts(name, strict=False)
    given = to_text(" ".join(parts.first)) or None
    family = to_text(" ".join(parts.von + parts.last)) or None
    suffix = to_text(" ".join(parts.jr))
    display = " ".join(part for part in (given, family) if part)
    if suffix:
        display = f"{display}, {suffix}"
    if not display:
        return None
    return Contributor(order=order, name=display, given_names=given, family_name=family, role=role)
