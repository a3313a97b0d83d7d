"""Incremental nights: each researcher's matching kept until their records or the rules change.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26

Until now every night matched every researcher again and kept only that run's links and
clusters. Now a night re-matches only the researchers whose staged records changed, or all of
them when the matching rules changed: `core.matched_researchers` holds, per researcher, a digest
of what their matching read and the version of the rules that matched them, and their links and
clusters stay those of the run that last matched them (`core.match_links.rules_version` names
the rules of each link).

`core.researcher_records`, every record of every researcher with its cluster, was a view that
each list (researchers, works missing from ORCID or Pure, hidden works) computed again: seven
times over the whole institution when a run published. It becomes a table the match stage keeps,
each researcher's rows replaced with their links (sql/match/researcher_records.sql), so a night
computes them only for the researchers it matched, batch by batch, and the lists read them.
`core.duplicate_clusters` likewise reads each researcher's links and clusters whatever run made
them.
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import Connection

from pipeline.db.queries import query
from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import apply_views

revision: str = "0010"
down_revision: str | None = "0009"
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
    connection = op.get_bind()
    readers = _readers(connection)
    # The table takes the view's columns and, to start with, its rows.
    op.execute(
        f"""
        DROP VIEW {", ".join(readers)};
        ALTER VIEW core.researcher_records RENAME TO researcher_records_0004;
        CREATE TABLE core.researcher_records AS SELECT * FROM core.researcher_records_0004;
        DROP VIEW core.researcher_records_0004;
        ALTER TABLE core.researcher_records
            ADD PRIMARY KEY (person_uuid, source, record_id);
        COMMENT ON TABLE core.researcher_records IS
            'Every Pure output and ORCID work of each researcher, with the cluster (one work) '
            'the last matching of that researcher put it in and whether that work is in Pure '
            'and on ORCID; run_id: that matching''s run. Kept by the match stage.';
        """
    )
    apply_views(connection, revision, ["core.duplicate_clusters", *readers])


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    connection = op.get_bind()
    readers = _readers(connection)
    op.execute(f"DROP VIEW {', '.join(readers)}; DROP TABLE core.researcher_records")
    apply_views(connection, down_revision, ["core.researcher_records", *readers])
    apply_views(connection, down_revision, ["core.duplicate_clusters"])
    op.execute(
        """
        DROP INDEX core.ix_work_clusters_owner_record;
        DROP INDEX core.ix_match_links_owner;
        ALTER TABLE core.match_links DROP COLUMN rules_version;
        DROP TABLE core.matched_researchers;
        """
    )


def _readers(connection: Connection) -> list[str]:
    """The views that read core.researcher_records, in the order to create them."""
    found = connection.execute(
        query("db/views_and_readers"), {"views": ["core.researcher_records"]}
    )
    return [name for name in found.scalars() if name != "core.researcher_records"]
