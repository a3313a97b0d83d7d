"""Staging tables in the shape of `pipeline.sources.model`, record errors and ORCID tokens.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        ALTER TABLE staging.works RENAME COLUMN person_record_id TO owner_id;
        ALTER TABLE staging.works DROP COLUMN issn, DROP COLUMN isbn;
        ALTER TABLE staging.works
            ADD COLUMN source_type              text,
            ADD COLUMN orcid_source_name        text,
            ADD COLUMN orcid_read_scope         text,
            ADD COLUMN pure_publication_status  text,
            ADD COLUMN warnings                 text[] NOT NULL DEFAULT '{}';
        COMMENT ON COLUMN staging.works.orcid_read_scope IS
            'Which token read the work: public, read-public or read-limited. '
            'The same record shows different works to each.';
        CREATE INDEX ix_staging_works_owner ON staging.works (source, owner_id);

        ALTER TABLE staging.persons ADD COLUMN warnings text[] NOT NULL DEFAULT '{}';

        CREATE TABLE staging.org_units (
            source            text NOT NULL,
            source_record_id  text NOT NULL,
            name              text NOT NULL,
            kind              text,
            parent_id         text,
            run_id            bigint NOT NULL REFERENCES ops.runs,
            extracted_at      timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (source, source_record_id)
        );

        CREATE INDEX ix_staging_work_identifiers_value
            ON staging.work_identifiers (id_type, normalised_value);

        CREATE TABLE ops.record_errors (
            error_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id            bigint NOT NULL REFERENCES ops.runs ON DELETE CASCADE,
            source            text NOT NULL,
            record_id         text NOT NULL,
            field             text NOT NULL,
            message           text NOT NULL,
            created_at        timestamptz NOT NULL DEFAULT now()
        );
        COMMENT ON TABLE ops.record_errors IS
            'Records a run could not read, each naming the record and the field; '
            'the rest of the run went on.';
        CREATE INDEX ix_record_errors_run ON ops.record_errors (run_id);

        CREATE TABLE ops.orcid_tokens (
            orcid             text PRIMARY KEY,
            access_token      bytea NOT NULL,
            refresh_token     bytea,
            scopes            text[] NOT NULL,
            expires_at        timestamptz,
            revoked_at        timestamptz,
            revoked_reason    text,
            updated_at        timestamptz NOT NULL DEFAULT now()
        );
        COMMENT ON TABLE ops.orcid_tokens IS
            'Researchers'' ORCID access tokens, encrypted by the application '
            '(ORCID_TOKEN_KEY); revoked_at is set when ORCID answers invalid_token.';

        CREATE TABLE ops.orcid_record_status (
            orcid             text PRIMARY KEY,
            status            text NOT NULL CHECK (
                status IN ('active', 'deprecated', 'deactivated', 'not-found')
            ),
            primary_orcid     text,
            checked_run_id    bigint NOT NULL REFERENCES ops.runs,
            checked_at        timestamptz NOT NULL DEFAULT now()
        );
        COMMENT ON TABLE ops.orcid_record_status IS
            'What ORCID said of each iD at the last extraction: deprecated iDs name their primary.';
        """
    )


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        DROP TABLE ops.orcid_record_status;
        DROP TABLE ops.orcid_tokens;
        DROP TABLE ops.record_errors;
        DROP INDEX staging.ix_staging_work_identifiers_value;
        DROP TABLE staging.org_units;
        ALTER TABLE staging.persons DROP COLUMN warnings;
        DROP INDEX staging.ix_staging_works_owner;
        ALTER TABLE staging.works
            DROP COLUMN warnings,
            DROP COLUMN pure_publication_status,
            DROP COLUMN orcid_read_scope,
            DROP COLUMN orcid_source_name,
            DROP COLUMN source_type;
        ALTER TABLE staging.works ADD COLUMN issn text, ADD COLUMN isbn text;
        ALTER TABLE staging.works RENAME COLUMN owner_id TO person_record_id;
        """
    )
