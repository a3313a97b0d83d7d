"""Incremental nights: each researcher's matching kept until their records or the rules change.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

Until now every night matched every researcher again and kept only that run's links and
clusters. Now a night re-matches only the researchers whose staged records changed, or all of
them when the matching rules changed: `core.matched_researchers` holds, per researcher, a digest
of what their matching read and the version of the rules that matched them, and their links and
clusters stay those of the run that last matched them (`core.match_links.rules_version` names
the rules of each link). `core.researcher_records` therefore reads each researcher's clusters
whatever run made them.
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import apply_views

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        CREATE TABLE core.matched_researchers (
            owner          text PRIMARY KEY,
            input_digest   text NOT NULL,
            rules_version  text NOT NULL,
            run_id         bigint NOT NULL REFERENCES ops.runs ON DELETE CASCADE,
            matched_at     timestamptz NOT NULL DEFAULT now()
        );
        COMMENT ON TABLE core.matched_researchers IS
            'Each researcher as last matched: a digest of the staged records the matching read, '
            'the version of the matching rules, and the run. A night re-matches a researcher '
            'only when either changed.';
        ALTER TABLE core.match_links ADD COLUMN rules_version text NOT NULL DEFAULT '';
        COMMENT ON COLUMN core.match_links.rules_version IS
            'The version of the matching rules (code and thresholds) that made the link.';
        CREATE INDEX ix_match_links_owner ON core.match_links (owner);
        CREATE INDEX ix_work_clusters_owner_record
            ON core.work_clusters (owner, source, record_id);
        -- A matching killed half-way left two runs' rows; the last complete one stays, and
        -- every researcher is matched again by the next night (none has a digest yet).
        DELETE FROM core.match_links
         WHERE run_id <> (SELECT min(run_id) FROM core.work_clusters);
        DELETE FROM core.work_clusters
         WHERE run_id <> (SELECT min(run_id) FROM core.work_clusters);
        """
    )
    apply_views(op.get_bind(), revision, ["core.researcher_records"])


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    apply_views(op.get_bind(), down_revision, ["core.researcher_records"])
    op.execute(
        """
        DROP INDEX core.ix_work_clusters_owner_record;
        DROP INDEX core.ix_match_links_owner;
        ALTER TABLE core.match_links DROP COLUMN rules_version;
        DROP TABLE core.matched_researchers;
        """
    )
