"""The staging database: where it is, how to reach it, and its versioned schema."""

from pipeline.db.engine import database_url, display_url, get_engine, make_engine
from pipeline.db.migrate import current_revision, downgrade, head_revision, require_head, upgrade

__all__ = [
    "current_revision",
    "database_url",
    "display_url",
    "downgrade",
    "get_engine",
    "head_revision",
    "make_engine",
    "require_head",
    "upgrade",
]
