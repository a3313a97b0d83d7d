"""Pure's list responses, saved responses and dumps, taken apart into records: each record is
parsed on its own, so one that cannot be read is reported and the others go on."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from pipeline.sources.limits import load_json
from pipeline.sources.model import RecordError
from pipeline.sources.pure.values import UNKNOWN

T = TypeVar("T")


def located_items(document: Any, where: str) -> list[tuple[str, Any]]:
    """(location, record) for the records of a list response (`{count, pageInformation,
    items}`), or for the document itself when it is a single record. A page with nothing
    visible on it (`count: 0`) may leave `items` out altogether."""
    prefix = f"{where} " if where else ""
    if isinstance(document, dict) and "items" in document:
        items = document["items"]
        if not isinstance(items, list):
            return [(f"{prefix}items", RecordError(f"{prefix}items", "items", "not a list"))]
        return [(f"{prefix}items[{index}]", item) for index, item in enumerate(items)]
    if isinstance(document, dict) and "count" in document and "uuid" not in document:
        return []
    return [(where or "document", document)]


def parse_located(
    located: Iterable[tuple[str, Any]], parse: Callable[[Any], T]
) -> Iterator[T | RecordError]:
    """Each record parsed on its own: one that cannot be read is reported, the rest go on."""
    for where, item in located:
        if isinstance(item, RecordError):
            yield item
            continue
        try:
            yield parse(item)
        except RecordError as error:
            if error.record_id == UNKNOWN:
                error = RecordError(where, error.field, error.message)
            yield error


def parse_page(document: Any, parse: Callable[[Any], T]) -> list[T | RecordError]:
    """A list response (or a single record): what `parse` makes of each item, or its error."""
    return list(parse_located(located_items(document, ""), parse))


def parse_lines(lines: Iterable[str], parse: Callable[[Any], T]) -> Iterator[T | RecordError]:
    """Every record in a JSON-lines file (a record or a list page on each line), or in one
    JSON document spread over many lines: saved responses are pretty-printed, dumps such as
    Lund's LUCRIS files are one record per line. A first line that is not JSON on its own
    means the text is one document; if it is not that either, each line is tried alone."""
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    first = next(numbered, None)
    if first is None:
        return
    alone = _json(first[1], f"line {first[0]}")
    if isinstance(alone, RecordError) and alone.field == "json":
        rest = [first, *numbered]
        document = _json("".join(line for _, line in rest), "document")
        if isinstance(document, RecordError) and document.field == "json":
            yield from _line_by_line(rest, parse)
        elif isinstance(document, RecordError):
            yield document
        else:
            yield from parse_page(document, parse)
        return
    yield from _line_by_line(itertools.chain([first], numbered), parse)


def _json(text: str, where: str) -> Any:
    """The JSON document, or the RecordError saying why it is none (returned, not raised)."""
    try:
        return load_json(text, where, "json")
    except RecordError as error:
        return error


def _line_by_line(
    numbered: Iterable[tuple[int, str]], parse: Callable[[Any], T]
) -> Iterator[T | RecordError]:
    for number, line in numbered:
        where = f"line {number}"
        document = _json(line, where)
        if isinstance(document, RecordError):
            yield document
            continue
        yield from parse_located(located_items(document, where), parse)
