"""BibTeX files (Pure's export, Mendeley, Zotero) read into `Work` records."""

from pipeline.sources.bibtex.parse import parse_bibtex, parse_bibtex_file

__all__ = ["parse_bibtex", "parse_bibtex_file"]
