"""Stage one researcher's BibTeX file (a Pure export, or Mendeley's or Zotero's).

Researchers keep publication lists that neither Pure nor ORCID has; staged, those works take
part in matching like any other source. The file itself is kept as the raw payload.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from pipeline.db.queries import query
from pipeline.sources.limits import detected_encoding
from pipeline.sources.model import Parsed, RecordError
from pipeline.staging import StagingWriter


@dataclass
class BibtexImportSummary:
    works: int = 0
    errors: int = 0
    warnings: int = 0


def staged_person(engine: Engine, person_id: str) -> bool:
    """Whether Pure holds `person_id` (a Pure UUID or ORCID iD): works staged for anyone else
    would belong to nobody the pipeline matches or reports."""
    with engine.connect() as connection:
        found = connection.execute(query("extract/bibtex_person"), {"who": person_id.strip()})
        return bool(found.scalar_one())


def import_bibtex(
    engine: Engine,
    run_id: int,
    path: Path,
    person_id: str,
    parsed: list[Parsed],
    encoding: str | None = None,
) -> BibtexImportSummary:
    """Stage every entry parsed from `path` (`parse_bibtex_file`, in `encoding`); broken
    entries are recorded in `ops.record_errors`."""
    data = path.read_bytes()
    text = data.decode(encoding or detected_encoding(data) or "utf-8", errors="replace")
    summary = BibtexImportSummary()
    with StagingWriter(engine, run_id) as writer:
        writer.add_raw(
            "bibtex",
            "file",
            f"{person_id}/{path.name}",
            {"person": person_id, "file": path.name, "text": text.removeprefix("\ufeff")},
        )
        for item in parsed:
            if isinstance(item, RecordError):
                writer.add_error("bibtex", item)
                summary.errors += 1
            else:
                writer.add_work(item)
                summary.works += 1
                summary.warnings += len(item.warnings)
    return summary
