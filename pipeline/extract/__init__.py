"""Extraction into staging, one module per source: Pure, ORCID, and BibTeX files."""
