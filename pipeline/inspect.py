"""Parse a saved response or file exactly as the pipeline would, record by record.

This is what a support person runs on the record someone complains about: it shows what the
pipeline reads from it, field by field, and which records it cannot read and why.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal, get_args

from pipeline.sources.bibtex import parse_bibtex_file
from pipeline.sources.limits import InputError, decode, load_json
from pipeline.sources.model import OrgUnit, Person, RecordError, Work
from pipeline.sources.orcid import parse_bulk, parse_work, parse_works_summary
from pipeline.sources.pure import parse_api_jsonl, parse_ws_jsonl

Kind = Literal["pure-ws", "pure-api", "orcid-works", "orcid-work", "orcid-bulk", "bibtex"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Record = Work | Person | OrgUnit | RecordError


def _documents(text: str) -> list[str]:
    """One JSON or XML document, or JSON lines with a document on each line."""
    if text.lstrip().startswith("<"):
        return [text]
    try:
        load_json(text, "document")
    except RecordError as error:
        if error.field == "json":
            return [line for line in text.splitlines() if line.strip()]
    return [text]


def _orcid(
    parse: Callable[[str], list[Any] | Work],
) -> Callable[[Path, str | None], Iterator[Record]]:
    def read(path: Path, encoding: str | None) -> Iterator[Record]:
        documents = _documents(decode(path.read_bytes(), path.name, encoding))
        for number, document in enumerate(documents, start=1):
            try:
                parsed = parse(document)
            except RecordError as error:
                yield RecordError(f"{path.name}:{number}", error.field, error.message)
                continue
            yield from parsed if isinstance(parsed, list) else [parsed]

    return read


def _pure(
    parse: Callable[[Iterable[str]], Iterator[Record]],
) -> Callable[[Path, str | None], Iterator[Record]]:
    def read(path: Path, encoding: str | None) -> Iterator[Record]:
        yield from parse(decode(path.read_bytes(), path.name, encoding).splitlines())

    return read


_READERS: dict[Kind, Callable[[Path, str | None], Iterator[Record]]] = {
    "pure-ws": _pure(parse_ws_jsonl),
    "pure-api": _pure(parse_api_jsonl),
    "orcid-works": _orcid(lambda document: parse_works_summary(document)),
    "orcid-work": _orcid(lambda document: parse_work(document)),
    "orcid-bulk": _orcid(lambda document: parse_bulk(document)),
    "bibtex": lambda path, encoding: iter(parse_bibtex_file(path, encoding=encoding)),
}


def inspect_file(kind: Kind, path: Path, encoding: str | None = None) -> Iterator[Record]:
    """Every record of the file, parsed, or the error that stopped it; never stops early.
    InputError (before any record) for a file that is not text in a known encoding, or that
    holds no record at all."""
    records = _READERS[kind](path, encoding)
    first = next(records, None)
    if first is None:
        raise InputError(f"{path.name}: no {kind} record in it")
    return itertools.chain([first], records)


def as_json_line(record: Work | Person | OrgUnit) -> str:
    return json.dumps(asdict(record), ensure_ascii=False)
