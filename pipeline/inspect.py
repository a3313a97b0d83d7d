"""Parse a saved response or file exactly as the pipeline would, record by record.

This is what a support person runs on the record someone complains about: it shows what the
pipeline reads from it, field by field, and which records it cannot read and why.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal, get_args

from pipeline.sources.bibtex import parse_bibtex_file
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
        json.loads(text)
    except json.JSONDecodeError:
        return [line for line in text.splitlines() if line.strip()]
    return [text]


def _orcid(parse: Callable[[str], list[Any] | Work]) -> Callable[[Path], Iterator[Record]]:
    def read(path: Path) -> Iterator[Record]:
        documents = _documents(path.read_text(encoding="utf-8"))
        for number, document in enumerate(documents, start=1):
            try:
                parsed = parse(document)
            except RecordError as error:
                yield RecordError(f"{path.name}:{number}", error.field, str(error))
                continue
            yield from parsed if isinstance(parsed, list) else [parsed]

    return read


def _pure(parse: Callable[[Iterable[str]], Iterator[Record]]) -> Callable[[Path], Iterator[Record]]:
    def read(path: Path) -> Iterator[Record]:
        with path.open(encoding="utf-8") as handle:
            yield from parse(handle)

    return read


_READERS: dict[Kind, Callable[[Path], Iterator[Record]]] = {
    "pure-ws": _pure(parse_ws_jsonl),
    "pure-api": _pure(parse_api_jsonl),
    "orcid-works": _orcid(lambda document: parse_works_summary(document)),
    "orcid-work": _orcid(lambda document: parse_work(document)),
    "orcid-bulk": _orcid(lambda document: parse_bulk(document)),
    "bibtex": lambda path: iter(parse_bibtex_file(path)),
}


def inspect_file(kind: Kind, path: Path) -> Iterator[Record]:
    """Every record of the file, parsed, or the error that stopped it; never stops early."""
    return _READERS[kind](path)


def as_json_line(record: Work | Person | OrgUnit) -> str:
    return json.dumps(asdict(record), ensure_ascii=False)
