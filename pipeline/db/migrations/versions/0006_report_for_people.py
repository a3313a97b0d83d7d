"""The report the office acts on: the ORCID process per researcher and faculty, duplicates within
each source, researchers' e-mail addresses and nationality from Pure, and the e-mails sent.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

The four new lists are live views in `core`, published per run like the others
(`core.publish_run` is redefined to copy them too) and shown by `reporting` views; the funnel
also over every published run. `ops.notifications` records every e-mail `pure-orcid notify`
sends, so nobody is written to twice within the configured period, and
`ops.notify_preferences` what researchers asked for: no e-mail, or a language.
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import apply_views

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_LISTS = (
    "researchers",
    "coverage_per_researcher",
    "coverage_per_faculty",
    "works_missing_from_orcid",
    "works_missing_from_pure",
    "works_hidden_by_visibility",
    "identity_problems",
)
NEW_LISTS = ("researcher_steps", "funnel_per_faculty", "duplicates_in_pure", "duplicates_in_orcid")
LIVE_VIEWS = [f"core.{name}" for name in NEW_LISTS]
REPORTING_VIEWS = [
    *(f"reporting.{name}" for name in NEW_LISTS),
    "reporting.funnel_trend",
    "reporting.notifications",
]


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(TABLES)
    apply_views(op.get_bind(), revision, LIVE_VIEWS)
    for name in NEW_LISTS:
        op.execute(
            f"""
            CREATE TABLE core.published_{name} AS
                SELECT NULL::bigint AS run_id, live.* FROM core.{name} AS live WITH NO DATA;
            ALTER TABLE core.published_{name} ALTER COLUMN run_id SET NOT NULL;
            ALTER TABLE core.published_{name}
                ADD FOREIGN KEY (run_id) REFERENCES ops.runs ON DELETE CASCADE;
            CREATE INDEX ON core.published_{name} (run_id);
            COMMENT ON TABLE core.published_{name} IS
                'core.{name} as each published run saw it (reporting.{name} shows one run).';
            """
        )
    op.execute(publish_function((*OLD_LISTS, *NEW_LISTS)))
    apply_views(op.get_bind(), revision, REPORTING_VIEWS)


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(f"DROP VIEW {', '.join(reversed(REPORTING_VIEWS))}")
    op.execute(publish_function(OLD_LISTS))
    for name in NEW_LISTS:
        op.execute(f"DROP TABLE core.published_{name}")
    op.execute(f"DROP VIEW {', '.join(reversed(LIVE_VIEWS))}")
    op.execute(
        """
        DROP TABLE ops.notifications;
        DROP TABLE ops.notify_preferences;
        ALTER TABLE staging.persons DROP COLUMN emails, DROP COLUMN nationality;
        """
    )


TABLES = """
ALTER TABLE staging.persons
    ADD COLUMN emails text[] NOT NULL DEFAULT '{}',
    ADD COLUMN nationality text;
COMMENT ON COLUMN staging.persons.emails IS
    'The e-mail addresses of the person''s staff associations in Pure, in Pure''s order.';
COMMENT ON COLUMN staging.persons.nationality IS
    'The country code of the nationality Pure records (the tail of its classification URI).';

CREATE TABLE ops.notify_preferences (
    person_uuid   text PRIMARY KEY,
    opted_out_at  timestamptz,
    language      text CHECK (language IN ('nl', 'en')),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE ops.notify_preferences IS
    'What a researcher asked of the e-mails: none at all (opted_out_at), or a language.';

CREATE TABLE ops.notifications (
    notification_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id           bigint NOT NULL REFERENCES ops.runs ON DELETE CASCADE,
    kind             text NOT NULL CHECK (kind IN ('researcher', 'faculty')),
    person_uuid      text,
    faculty          text,
    address          text NOT NULL,
    language         text NOT NULL,
    status           text NOT NULL CHECK (status IN ('sent', 'failed')),
    error            text,
    sent_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'researcher') = (person_uuid IS NOT NULL)),
    CHECK ((kind = 'faculty') = (faculty IS NOT NULL))
);
CREATE INDEX ON ops.notifications (person_uuid, sent_at) WHERE status = 'sent';
CREATE INDEX ON ops.notifications (faculty, sent_at) WHERE status = 'sent';
COMMENT ON TABLE ops.notifications IS
    'Every e-mail pure-orcid notify sent or failed to send: a researcher''s action page or a '
    'faculty coordinator''s faculty page.';
"""


def publish_function(lists: Sequence[str]) -> str:
    copies = "".join(
        f"""    DELETE FROM core.published_{name} WHERE run_id = run;
    INSERT INTO core.published_{name} SELECT run, live.* FROM core.{name} AS live;
"""
        for name in lists
    )
    return f"""
CREATE OR REPLACE FUNCTION core.publish_run(run bigint) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    -- Publishing twice (a publish stage re-run) replaces the run's copies.
{copies}    UPDATE ops.runs SET published_at = now() WHERE run_id = run;
END;
$$;
"""
