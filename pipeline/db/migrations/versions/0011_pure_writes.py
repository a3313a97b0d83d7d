"""Writes to Pure: an append-only audit of every call, and the DOIs Pure could take from ORCID.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

`ops.pure_writes` has a row per write call the load stage makes to the Pure API (an output
created from an ORCID work, a DOI added to an output) as Pure answered it. Rows are never
changed or removed (a trigger refuses it): the table is how the office answers "who put this
in Pure, and when". Analysts read it as `reporting.pure_writes`; `reporting.doi_enrichment`
lists the Pure outputs a matched ORCID work could give a DOI.
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import apply_views

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = ["reporting.pure_writes", "reporting.doi_enrichment"]


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        CREATE TABLE ops.pure_writes (
            write_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id         bigint NOT NULL REFERENCES ops.runs,
            written_at     timestamptz NOT NULL DEFAULT now(),
            kind           text NOT NULL CHECK (kind IN ('create', 'doi')),
            person_uuid    text,
            orcid_records  text[] NOT NULL DEFAULT '{}',
            method         text NOT NULL,
            path           text NOT NULL,
            pure_uuid      text,
            doi            text,
            status         integer,
            outcome        text NOT NULL
                CHECK (outcome IN ('created', 'updated', 'conflict', 'refused', 'failed')),
            error          text
        );
        CREATE INDEX ix_pure_writes_run ON ops.pure_writes (run_id);
        COMMENT ON TABLE ops.pure_writes IS
            'Every write call to the Pure API, as answered: kind create (an output proposed '
            'from the ORCID records orcid_records) or doi (a DOI added to pure_uuid); status '
            'is the HTTP status (null: no answer), outcome created, updated, conflict (409 '
            'after one re-read), refused (4xx) or failed. Append-only.';
        CREATE FUNCTION ops.refuse_audit_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END;
        $$;
        CREATE TRIGGER pure_writes_append_only
            BEFORE UPDATE OR DELETE ON ops.pure_writes
            FOR EACH STATEMENT EXECUTE FUNCTION ops.refuse_audit_change();
        """
    )
    apply_views(op.get_bind(), revision, VIEWS)


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        DROP VIEW reporting.doi_enrichment, reporting.pure_writes;
        DROP TABLE ops.pure_writes;
        DROP FUNCTION ops.refuse_audit_change();
        """
    )
