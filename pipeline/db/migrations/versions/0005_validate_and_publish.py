"""Validation results, and reporting views that show only what a run published.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

Until now the reporting views read staging and the latest matching directly, so a broken batch
showed in them the moment it was staged. Now the lists are computed by the same views, moved to
`core` (the "live" state, as the pipeline sees it mid-run), and the publish stage, which runs only
after validation passed, copies each into a `core.published_*` table under its run id. The
`reporting` views show one published run: the latest, or the one named by the session setting
`pure_orcid.report_run` (how `pure-orcid report --run` and analysts look at a past run).
Copying a few rows per researcher per run keeps every past run's report reproducible.
The views' SQL is in sql/views/; the 0004 versions this downgrade restores are under
sql/views/history/.
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER
from pipeline.db.views import apply_views

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each list analysts and the report read, in an order where a view comes after those it uses.
PUBLISHED_LISTS = (
    "researchers",
    "coverage_per_researcher",
    "coverage_per_faculty",
    "works_missing_from_orcid",
    "works_missing_from_pure",
    "works_hidden_by_visibility",
    "identity_problems",
)
LIVE_LISTS = [f"core.{name}" for name in PUBLISHED_LISTS]
# The reporting views of 0004 that change here: the lists now show a published run, and the
# run history says whether a run published and what its validation found.
CHANGED_VIEWS = [*(f"reporting.{name}" for name in PUBLISHED_LISTS), "reporting.run_history"]
NEW_VIEWS = ["reporting.coverage_trend", "reporting.validation_results"]


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(OPS_TABLES)
    apply_views(op.get_bind(), revision, LIVE_LISTS)
    for name in PUBLISHED_LISTS:
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
    op.execute(PUBLISH_FUNCTION)
    apply_views(op.get_bind(), revision, [*CHANGED_VIEWS, *NEW_VIEWS])


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(f"DROP VIEW {', '.join(NEW_VIEWS)}")
    apply_views(op.get_bind(), down_revision, CHANGED_VIEWS)
    op.execute("DROP FUNCTION core.publish_run(bigint)")
    for name in PUBLISHED_LISTS:
        op.execute(f"DROP TABLE core.published_{name}")
    op.execute(f"DROP VIEW {', '.join(LIVE_LISTS)}")
    op.execute(
        """
        DROP FUNCTION reporting.report_run();
        DROP TABLE ops.run_metrics;
        DROP TABLE ops.validation_results;
        ALTER TABLE ops.runs DROP COLUMN published_at;
        """
    )


OPS_TABLES = """
ALTER TABLE ops.runs ADD COLUMN published_at timestamptz;
COMMENT ON COLUMN ops.runs.published_at IS
    'When the run published its lists (reports, reporting views); null: it published nothing.';

CREATE TABLE ops.validation_results (
    run_id       bigint NOT NULL REFERENCES ops.runs ON DELETE CASCADE,
    ordinal      integer NOT NULL,
    suite        text NOT NULL,
    expectation  text NOT NULL,
    target       text NOT NULL,
    column_name  text,
    severity     text NOT NULL CHECK (severity IN ('critical', 'warning')),
    success      boolean NOT NULL,
    description  text NOT NULL,
    observed     jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (run_id, ordinal)
);
COMMENT ON TABLE ops.validation_results IS
    'Every expectation a run checked, on which table or query, whether it held and what was '
    'observed. A failed critical expectation stops the run before it publishes anything.';

CREATE TABLE ops.run_metrics (
    run_id  bigint NOT NULL REFERENCES ops.runs ON DELETE CASCADE,
    metric  text NOT NULL,
    value   double precision NOT NULL,
    PRIMARY KEY (run_id, metric)
);
COMMENT ON TABLE ops.run_metrics IS
    'Figures of each validated batch (rows per source, share of researchers without ORCID '
    'works...), which the next run''s batch checks compare against.';

CREATE FUNCTION reporting.report_run() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce(
        nullif(current_setting('pure_orcid.report_run', true), '')::bigint,
        (SELECT max(run_id) FROM ops.runs WHERE published_at IS NOT NULL)
    );
END;
COMMENT ON FUNCTION reporting.report_run() IS
    'The run the reporting views show: the one named by the setting pure_orcid.report_run '
    '(SET pure_orcid.report_run = 12), else the latest run that published.';
"""

PUBLISH_FUNCTION = (
    """
CREATE FUNCTION core.publish_run(run bigint) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    -- Publishing twice (a publish stage re-run) replaces the run's copies.
"""
    + "".join(
        f"""    DELETE FROM core.published_{name} WHERE run_id = run;
    INSERT INTO core.published_{name} SELECT run, live.* FROM core.{name} AS live;
"""
        for name in PUBLISHED_LISTS
    )
    + """    UPDATE ops.runs SET published_at = now() WHERE run_id = run;
END;
$$;
COMMENT ON FUNCTION core.publish_run(bigint) IS
    'Copy every live list (core views) under the run id and mark the run published, at once.';
"""
)
