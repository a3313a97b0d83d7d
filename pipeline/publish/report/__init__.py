"""The report of a published run, for the research office, each researcher and the analysts:
`index.html` (self-contained, offline), every list as HTML pages, CSV and XLSX, and per
researcher a printable action page and a BibTeX file for ORCID's "Import BibTeX".

Everything is read from the `reporting` views of that one run (docs/reports.md says what each
file holds); `pure-orcid report --run ID` writes it again for any past published run.
"""

from pipeline.publish.report.data import RunNotPublished
from pipeline.publish.report.write import (
    ReportSummary,
    remove_report_leftovers,
    run_directory,
    write_report,
)

__all__ = [
    "ReportSummary",
    "RunNotPublished",
    "remove_report_leftovers",
    "run_directory",
    "write_report",
]
