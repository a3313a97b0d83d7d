"""Deciding which records are the same work: for Pure against ORCID per researcher, for
duplicates within a source, and for any two tables of bibliographic records.

`run(ctx)` is the match stage (`institution`): every researcher's records of the run.
`link(left, right, config)` links any two tables (`link_tables` gives the links across two
tables and the duplicates within each at once); records are built with `make_record`. Matching
runs in Python: candidates come from rapidfuzz, not from the database (see `candidates`).
"""

from pipeline.match.config import MatchConfig
from pipeline.match.institution import MatchSummary, run
from pipeline.match.link import Link, link
from pipeline.match.records import MatchRecord, make_record

__all__ = ["Link", "MatchConfig", "MatchRecord", "MatchSummary", "link", "make_record", "run"]
