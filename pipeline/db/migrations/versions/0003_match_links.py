"""Links between records that are the same work, with their evidence, and the clusters they form.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        CREATE INDEX ix_staging_work_contributors_person
            ON staging.work_contributors (pure_person_id)
         WHERE pure_person_id IS NOT NULL;

        CREATE TABLE core.match_links (
            run_id            bigint NOT NULL REFERENCES ops.runs ON DELETE CASCADE,
            owner             text NOT NULL,
            kind              text NOT NULL CHECK (kind IN ('same-work', 'duplicate')),
            left_source       text NOT NULL,
            left_record_id    text NOT NULL,
            right_source      text NOT NULL,
            right_record_id   text NOT NULL,
            score             real NOT NULL,
            method            text NOT NULL,
            evidence          jsonb NOT NULL DEFAULT '{}'::jsonb,
            PRIMARY KEY (run_id, owner, left_source, left_record_id, right_source, right_record_id)
        );
        COMMENT ON TABLE core.match_links IS
            'Pairs of records found to be the same work for one researcher (owner: the Pure '
            'person uuid): across Pure and ORCID (same-work) or within one source (duplicate), '
            'with the rule that made the link and its evidence.';

        CREATE TABLE core.work_clusters (
            run_id            bigint NOT NULL REFERENCES ops.runs ON DELETE CASCADE,
            owner             text NOT NULL,
            source            text NOT NULL,
            record_id         text NOT NULL,
            cluster           text NOT NULL,
            PRIMARY KEY (run_id, owner, source, record_id)
        );
        COMMENT ON TABLE core.work_clusters IS
            'Each record of a researcher, in Pure or ORCID, with the cluster of records that are '
            'one work (a record alone is a cluster of one). cluster names its smallest member.';
        CREATE INDEX ix_work_clusters_cluster ON core.work_clusters (run_id, owner, cluster);
        """
    )


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        DROP TABLE core.work_clusters;
        DROP TABLE core.match_links;
        DROP INDEX staging.ix_staging_work_contributors_person;
        """
    )
