"""What the property tests feed the parsers: anything a person or a broken export could type
(random Unicode with control characters and NUL, wrong JSON types in any field, documents cut
short), built from the real responses in shared/fixtures so that every field is reached."""

from __future__ import annotations

import copy
from typing import Any
from xml.etree import ElementTree

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = settings(
    max_examples=500,
    deadline=None,
    database=None,  # nothing written into the work tree; failures print their example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""At least 500 examples per parser, as issue 13 asks; sizes stay small so that they run in
seconds, and the huge cases are explicit tests of their own."""

text = st.text(max_size=40)
"""Any Unicode but surrogates: control characters, NUL, combining marks, right-to-left."""

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
"""A value of any JSON type, for a field that should hold another."""


def slim(document: Any) -> Any:
    """A real record cut to two items per list and 200 characters per text: every field kept,
    so that mutations reach each of them, at a size that parses in microseconds."""
    if isinstance(document, dict):
        return {key: slim(value) for key, value in document.items()}
    if isinstance(document, list):
        return [slim(value) for value in document[:2]]
    if isinstance(document, str):
        return document[:200]
    return document


def paths(document: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document (the document itself included)."""
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found += paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += paths(value, (*prefix, index))
    return found


def _replaced(document: Any, path: tuple, value: Any) -> Any:
    """`document` with the value at `path` replaced: the containers along the path are copied,
    the rest is shared, so that a mutation costs the depth of its place, not the size of the
    record (the original is never changed). KeyError, IndexError or TypeError when an earlier
    change removed the place."""
    if not path:
        return value
    step, rest = path[0], path[1:]
    child = _replaced(document[step], rest, value)
    if isinstance(document, dict):
        return {**document, step: child}
    if not isinstance(document, list):
        raise TypeError(step)
    return [*document[:step], child, *document[step + 1 :]]


@st.composite
def mutated(draw: st.DrawFn, document: Any, *, keep_top: bool = True) -> Any:
    """`document` with up to four of its fields (any depth) given a value of any type; with
    `keep_top`, the document itself stays an object."""
    places = _places(document, keep_top)
    result = document
    for _ in range(draw(st.integers(0, 4))):
        place = draw(st.sampled_from(places))
        try:
            result = _replaced(result, place, draw(json_values))
        except (KeyError, IndexError, TypeError):  # an earlier change removed the place
            continue
    return result


_PLACES: dict[tuple[int, bool], list[tuple]] = {}


def _places(document: Any, keep_top: bool) -> list[tuple]:
    """The places of a (cached, never changed) source document, listed once."""
    key = (id(document), keep_top)
    if key not in _PLACES:
        _PLACES[key] = [p for p in paths(document) if p or not keep_top]
    return _PLACES[key]


@st.composite
def mutated_xml(draw: st.DrawFn, root: ElementTree.Element, *, repeat: bool = False) -> str:
    """`root` as text, with (when `repeat`) its children repeated in any number, elements'
    text replaced by any text (control characters make it no longer XML) and elements removed."""
    root = copy.deepcopy(root)
    if repeat:
        children = list(root)
        for child in children[1:]:
            root.remove(child)
        for _ in range(draw(st.integers(0, 3))):
            root.append(copy.deepcopy(draw(st.sampled_from(children))))
    elements = list(root.iter())
    for _ in range(draw(st.integers(0, 5))):
        element = draw(st.sampled_from(elements))
        if draw(st.booleans()):
            element.text = draw(text)
        else:
            for parent in root.iter():
                if element in list(parent):
                    parent.remove(element)
                    break
    return ElementTree.tostring(root, encoding="unicode")
