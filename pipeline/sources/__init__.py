"""Readers of the outside systems (Pure, ORCID, BibTeX files), each into `model.Work`."""
