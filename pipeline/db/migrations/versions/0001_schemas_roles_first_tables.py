"""Schemas, extensions, roles and the first version of the tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ANALYST_ROLE, OWNER_ROLE
from pipeline.db.views import apply_views

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMAS = ("staging", "core", "ops", "reporting")


def upgrade() -> None:
    # Roles are cluster-wide: another database on the same server may have created them already.
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{OWNER_ROLE}') THEN
                CREATE ROLE {OWNER_ROLE} NOLOGIN;
            END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ANALYST_ROLE}') THEN
                CREATE ROLE {ANALYST_ROLE} LOGIN;
            END IF;
            IF NOT pg_has_role(current_user, '{OWNER_ROLE}', 'MEMBER') THEN
                EXECUTE format('GRANT {OWNER_ROLE} TO %I', current_user);
            END IF;
            EXECUTE format('GRANT CREATE ON DATABASE %I TO {OWNER_ROLE}', current_database());
        END
        $$
        """
    )
    # Trusted extensions, created by the login (who may create in `public`) for everyone's use.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON alembic_version TO {OWNER_ROLE}")
    op.execute(f"SET LOCAL ROLE {OWNER_ROLE}")

    for schema in SCHEMAS:
        op.execute(f"CREATE SCHEMA {schema}")
    op.execute(f"COMMENT ON SCHEMA staging IS {_quote(STAGING_COMMENT)}")
    op.execute(f"COMMENT ON SCHEMA core IS {_quote(CORE_COMMENT)}")
    op.execute(f"COMMENT ON SCHEMA ops IS {_quote(OPS_COMMENT)}")
    op.execute(f"COMMENT ON SCHEMA reporting IS {_quote(REPORTING_COMMENT)}")

    op.execute(OPS_TABLES)
    op.execute(STAGING_TABLES)
    op.execute(CORE_TABLES)
    apply_views(op.get_bind(), revision, ["reporting.run_history"])

    op.execute(f"GRANT USAGE ON SCHEMA reporting TO {ANALYST_ROLE}")
    op.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO {ANALYST_ROLE}")
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO {ANALYST_ROLE}"
    )


def downgrade() -> None:
    op.execute(f"SET LOCAL ROLE {OWNER_ROLE}")
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA reporting REVOKE SELECT ON TABLES FROM {ANALYST_ROLE}"
    )
    for schema in reversed(SCHEMAS):
        op.execute(f"DROP SCHEMA {schema} CASCADE")
    op.execute("RESET ROLE")
    op.execute("DROP EXTENSION IF EXISTS unaccent")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
    op.execute(f"REVOKE ALL ON alembic_version FROM {OWNER_ROLE}")
    # The roles go only when no other database on the server still uses them.
    op.execute(
        f"""
        DO $$
        BEGIN
            EXECUTE format('REVOKE CREATE ON DATABASE %I FROM {OWNER_ROLE}', current_database());
            BEGIN
                DROP ROLE {ANALYST_ROLE};
            EXCEPTION WHEN dependent_objects_still_exist THEN
                RAISE NOTICE 'role {ANALYST_ROLE} kept: other databases use it';
            END;
            BEGIN
                DROP ROLE {OWNER_ROLE};
            EXCEPTION WHEN dependent_objects_still_exist THEN
                RAISE NOTICE 'role {OWNER_ROLE} kept: other databases use it';
            END;
        END
        $$
        """
    )


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


STAGING_COMMENT = (
    "Records as each source gave them: raw payloads (JSONB) next to the rows parsed from them, "
    "keyed by source and source record id, with the run that last saw them."
)
CORE_COMMENT = "Normalised people, organisational units, works and their identifiers."
OPS_COMMENT = "The pipeline's own bookkeeping: runs, their stages and incremental watermarks."
REPORTING_COMMENT = "Stable views for analysts; the analyst role reads this schema only."

OPS_TABLES = """
CREATE TABLE ops.runs (
    run_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    flow_run_id  uuid,
    trigger      text NOT NULL DEFAULT 'manual',
    parameters   jsonb NOT NULL DEFAULT '{}'::jsonb,
    status       text NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    message      text,
    CHECK ((status = 'running') = (finished_at IS NULL))
);
COMMENT ON TABLE ops.runs IS 'One row per pipeline run; message says why a failed run failed.';

CREATE TABLE ops.run_stages (
    run_id       bigint NOT NULL REFERENCES ops.runs ON DELETE CASCADE,
    stage        text NOT NULL,
    status       text NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    summary      jsonb NOT NULL DEFAULT '{}'::jsonb,
    message      text,
    PRIMARY KEY (run_id, stage)
);

CREATE TABLE ops.watermarks (
    source       text NOT NULL,
    scope        text NOT NULL,
    value        text NOT NULL,
    run_id       bigint NOT NULL REFERENCES ops.runs,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, scope)
);
COMMENT ON TABLE ops.watermarks IS
    'Where the last successful extraction of each source stopped: a date or a resumption token.';
"""

STAGING_TABLES = """
CREATE TABLE staging.raw_records (
    source            text NOT NULL CHECK (source IN ('pure', 'orcid', 'bibtex')),
    record_type       text NOT NULL,
    source_record_id  text NOT NULL,
    payload           jsonb NOT NULL,
    payload_sha256    text NOT NULL,
    first_run_id      bigint NOT NULL REFERENCES ops.runs,
    last_run_id       bigint NOT NULL REFERENCES ops.runs,
    extracted_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz,
    PRIMARY KEY (source, record_type, source_record_id)
);

CREATE TABLE staging.persons (
    source            text NOT NULL,
    source_record_id  text NOT NULL,
    given_names       text,
    family_name       text,
    orcid             text,
    org_unit_ids      text[] NOT NULL DEFAULT '{}',
    run_id            bigint NOT NULL REFERENCES ops.runs,
    extracted_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, source_record_id)
);

CREATE TABLE staging.works (
    source               text NOT NULL,
    source_record_id     text NOT NULL,
    person_record_id     text,
    title                text,
    subtitle             text,
    work_type            text,
    pub_year             smallint,
    pub_month            smallint CHECK (pub_month BETWEEN 1 AND 12),
    pub_day              smallint CHECK (pub_day BETWEEN 1 AND 31),
    venue                text,
    issn                 text,
    isbn                 text,
    language             text,
    orcid_put_code       bigint,
    orcid_source_client  text,
    orcid_visibility     text,
    pure_workflow_step   text,
    pure_visibility      text,
    run_id               bigint NOT NULL REFERENCES ops.runs,
    extracted_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, source_record_id)
);

CREATE TABLE staging.work_identifiers (
    source            text NOT NULL,
    source_record_id  text NOT NULL,
    ordinal           smallint NOT NULL,
    id_type           text NOT NULL,
    raw_value         text NOT NULL,
    normalised_value  text,
    relationship      text NOT NULL DEFAULT 'self',
    PRIMARY KEY (source, source_record_id, ordinal),
    FOREIGN KEY (source, source_record_id) REFERENCES staging.works ON DELETE CASCADE
);

CREATE TABLE staging.work_contributors (
    source            text NOT NULL,
    source_record_id  text NOT NULL,
    ordinal           smallint NOT NULL,
    display_name      text,
    given_names       text,
    family_name       text,
    orcid             text,
    pure_person_id    text,
    role              text,
    PRIMARY KEY (source, source_record_id, ordinal),
    FOREIGN KEY (source, source_record_id) REFERENCES staging.works ON DELETE CASCADE
);
"""

CORE_TABLES = """
CREATE TABLE core.org_units (
    org_unit_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pure_uuid    text UNIQUE,
    name         text NOT NULL,
    kind         text NOT NULL,
    parent_id    bigint REFERENCES core.org_units
);

CREATE TABLE core.people (
    person_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pure_uuid       text UNIQUE,
    given_names     text,
    family_name     text,
    orcid           text,
    orcid_status    text,
    updated_run_id  bigint REFERENCES ops.runs
);
CREATE INDEX ix_people_orcid ON core.people (orcid);

CREATE TABLE core.person_org_units (
    person_id    bigint NOT NULL REFERENCES core.people ON DELETE CASCADE,
    org_unit_id  bigint NOT NULL REFERENCES core.org_units ON DELETE CASCADE,
    PRIMARY KEY (person_id, org_unit_id)
);

CREATE TABLE core.works (
    work_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source            text NOT NULL,
    source_record_id  text NOT NULL,
    person_id         bigint REFERENCES core.people,
    title             text,
    title_key         text,
    work_type         text,
    pub_year          smallint,
    venue             text,
    updated_run_id    bigint REFERENCES ops.runs,
    UNIQUE (source, source_record_id)
);
CREATE INDEX ix_works_title_key_trgm ON core.works USING gin (title_key gin_trgm_ops);

CREATE TABLE core.work_identifiers (
    work_id       bigint NOT NULL REFERENCES core.works ON DELETE CASCADE,
    id_type       text NOT NULL,
    value         text NOT NULL,
    relationship  text NOT NULL DEFAULT 'self',
    PRIMARY KEY (work_id, id_type, value)
);
CREATE INDEX ix_work_identifiers_value ON core.work_identifiers (id_type, value);
"""
