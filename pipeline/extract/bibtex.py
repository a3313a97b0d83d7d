"""Stage one researcher's BibTeX file (a Pure export, or Mendeley's or Zotero's).

Researchers keep publication lists that neither Pure nor ORCID has; staged, those works take
part in matching like any other source. The file itself is kept as the raw payload.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from pipeline.sources.bibtex import parse_bibtex_file
from pipeline.sources.model import RecordError
from pipeline.staging import StagingWriter


@dataclass
class BibtexImportSummary:
    works: int = 0
    errors: int = 0
    warnings: int = 0


def import_bibtex(engine: Engine, run_id: int, path: Path, person_id: str) -> BibtexImportSummary:
    """Parse and stage every entry; broken entries are recorded in `ops.record_errors`."""
    parsed = parse_bibtex_file(path, owner_id=person_id)
    summary = BibtexImportSummary()
    with StagingWriter(engine, run_id) as writer:
        writer.add_raw(
            "bibtex",
            "file",
            f"{person_id}/{path.name}",
            {"person": person_id, "file": path.name, "text": path.read_text(errors="replace")},
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
