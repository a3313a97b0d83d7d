"""The duplicates within Pure and within ORCID read one view of the matcher's duplicate links
(`core.duplicate_clusters`) instead of each repeating it; what they show is unchanged.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import apply_views

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANGED = ["core.duplicates_in_pure", "core.duplicates_in_orcid"]


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    apply_views(op.get_bind(), revision, ["core.duplicate_clusters", *CHANGED])


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    apply_views(op.get_bind(), down_revision, CHANGED)
    op.execute("DROP VIEW core.duplicate_clusters")
