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
"""

from collections.abc import Sequence

from alembic import op

from pipeline.db.roles import ACT_AS_OWNER, ANALYST_ROLE

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


def upgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(OPS_TABLES)
    # The run columns of the two coverage views said which matching they describe; a published
    # copy says it with its run id instead, so they are rebuilt without them.
    op.execute(
        "DROP VIEW reporting.coverage_per_faculty; DROP VIEW reporting.coverage_per_researcher;"
    )
    for name in PUBLISHED_LISTS:
        if not name.startswith("coverage"):
            # Moved views keep their grants; the analyst has no business with the live state.
            op.execute(f"ALTER VIEW reporting.{name} SET SCHEMA core")
            op.execute(f"REVOKE ALL ON core.{name} FROM {ANALYST_ROLE}")
    op.execute(LIVE_COVERAGE)
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
            CREATE VIEW reporting.{name} AS
                SELECT * FROM core.published_{name} WHERE run_id = reporting.report_run();
            """
        )
    op.execute(PUBLISH_FUNCTION)
    op.execute(REPORTING_EXTRAS)
    op.execute(COMMENTS)


def downgrade() -> None:
    op.execute(ACT_AS_OWNER)
    op.execute(
        """
        DROP VIEW reporting.validation_results;
        DROP VIEW reporting.coverage_trend;
        DROP FUNCTION core.publish_run(bigint);
        """
    )
    for name in reversed(PUBLISHED_LISTS):
        op.execute(f"DROP VIEW reporting.{name}; DROP TABLE core.published_{name};")
    op.execute("DROP VIEW core.coverage_per_faculty; DROP VIEW core.coverage_per_researcher;")
    for name in PUBLISHED_LISTS:
        if not name.startswith("coverage"):
            op.execute(f"ALTER VIEW core.{name} SET SCHEMA reporting")
    op.execute(OLD_COVERAGE)
    op.execute(OLD_RUN_HISTORY)
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

COVERAGE_PER_RESEARCHER = """
CREATE VIEW {schema}.coverage_per_researcher AS
{matching_cte}SELECT r.person_uuid,
       r.name,
       r.faculties,
       r.departments,
       r.id_status,
       r.connected,
       r.pure_validated_public,
       r.pure_validated_public - r.pure_missing_from_orcid AS pure_on_orcid,
       round((r.pure_validated_public - r.pure_missing_from_orcid)::numeric
             / nullif(r.pure_validated_public, 0), 3) AS pure_on_orcid_share,
       r.orcid_works_public,
       r.orcid_works_public - r.orcid_missing_from_pure AS orcid_in_pure,
       round((r.orcid_works_public - r.orcid_missing_from_pure)::numeric
             / nullif(r.orcid_works_public, 0), 3) AS orcid_in_pure_share{matching_columns}
  FROM {schema}.researchers AS r{matching_join};
"""

COVERAGE_PER_FACULTY = """
CREATE VIEW {schema}.coverage_per_faculty AS
SELECT f.faculty,
       count(*) AS researchers,
       count(*) FILTER (WHERE c.id_status = 'valid') AS researchers_with_valid_orcid,
       count(*) FILTER (WHERE c.connected) AS researchers_connected,
       sum(c.pure_validated_public) AS pure_validated_public,
       sum(c.pure_on_orcid) AS pure_on_orcid,
       round(sum(c.pure_on_orcid) / nullif(sum(c.pure_validated_public), 0), 3)
           AS pure_on_orcid_share,
       sum(c.orcid_works_public) AS orcid_works_public,
       sum(c.orcid_in_pure) AS orcid_in_pure,
       round(sum(c.orcid_in_pure) / nullif(sum(c.orcid_works_public), 0), 3)
           AS orcid_in_pure_share{matching_columns}
  FROM {schema}.coverage_per_researcher AS c
  -- Someone in several faculties counts in each; someone in none, in the row without one.
  LEFT JOIN core.researcher_faculties AS f ON f.person_uuid = c.person_uuid
 GROUP BY f.faculty_id, f.faculty;
"""

LIVE_COVERAGE = COVERAGE_PER_RESEARCHER.format(
    schema="core", matching_cte="", matching_columns="", matching_join=""
) + COVERAGE_PER_FACULTY.format(schema="core", matching_columns="")

OLD_COVERAGE = COVERAGE_PER_RESEARCHER.format(
    schema="reporting",
    matching_cte="""WITH matching AS (
    SELECT r.run_id, r.started_at AS run_started_at
      FROM ops.runs AS r
     WHERE r.run_id = (SELECT min(run_id) FROM core.work_clusters)
)
""",
    matching_columns=",\n       m.run_id,\n       m.run_started_at",
    matching_join="\n  LEFT JOIN matching AS m ON true",
) + COVERAGE_PER_FACULTY.format(
    schema="reporting",
    matching_columns=(
        ",\n       min(c.run_id) AS run_id,\n       min(c.run_started_at) AS run_started_at"
    ),
)

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

RUN_HISTORY = """
CREATE VIEW reporting.run_history AS
SELECT r.run_id,
       r.trigger,
       r.status,
       r.started_at,
       r.finished_at,
       r.finished_at - r.started_at AS duration,
       r.message,
       coalesce(
           (SELECT jsonb_object_agg(s.stage, s.status ORDER BY s.started_at)
              FROM ops.run_stages AS s
             WHERE s.run_id = r.run_id),
           '{{}}'::jsonb
       ) AS stages{extra}
  FROM ops.runs AS r;
COMMENT ON VIEW reporting.run_history IS
    'Every run with its outcome and the outcome of each stage, newest last.';
"""

OLD_RUN_HISTORY = "DROP VIEW reporting.run_history;" + RUN_HISTORY.format(extra="")

REPORTING_EXTRAS = (
    "DROP VIEW reporting.run_history;"
    + RUN_HISTORY.format(
        extra=""",
       r.published_at,
       (SELECT count(*) FROM ops.validation_results AS v
         WHERE v.run_id = r.run_id AND NOT v.success AND v.severity = 'critical')
           AS failed_critical_expectations,
       (SELECT count(*) FROM ops.validation_results AS v
         WHERE v.run_id = r.run_id AND NOT v.success AND v.severity = 'warning')
           AS failed_warning_expectations"""
    )
    + """
CREATE VIEW reporting.coverage_trend AS
SELECT c.run_id,
       r.started_at AS run_started_at,
       c.faculty,
       c.researchers,
       c.pure_validated_public,
       c.pure_on_orcid,
       c.pure_on_orcid_share,
       c.orcid_works_public,
       c.orcid_in_pure,
       c.orcid_in_pure_share
  FROM core.published_coverage_per_faculty AS c
  JOIN ops.runs AS r ON r.run_id = c.run_id;
COMMENT ON VIEW reporting.coverage_trend IS
    'Coverage per faculty, both ways, for every published run: the trend over time.';

CREATE VIEW reporting.validation_results AS
SELECT run_id, ordinal, suite, expectation, target, column_name, severity, success,
       description, observed
  FROM ops.validation_results;
COMMENT ON VIEW reporting.validation_results IS
    'What each run checked before publishing, and what failed: a failed critical expectation '
    'stopped that run; a failed warning is listed in its report.';
"""
)

COMMENTS = """
COMMENT ON VIEW reporting.researchers IS
    'One row per Pure person: their ORCID iD and its status, whether the institution can push '
    'to their record, their faculties and departments, and their works on each side.';
COMMENT ON VIEW reporting.coverage_per_researcher IS
    'Per researcher: the share of validated public Pure outputs found on ORCID, and the share '
    'of public ORCID works found in Pure.';
COMMENT ON VIEW reporting.coverage_per_faculty IS
    'Coverage both ways summed over the researchers of each faculty; a researcher in several '
    'faculties counts in each, one in none in the row whose faculty is null.';
COMMENT ON VIEW reporting.works_missing_from_orcid IS
    'Validated public Pure outputs of each researcher that are on none of their ORCID works, '
    'and whether the pipeline will push them or the researcher must act.';
COMMENT ON VIEW reporting.works_missing_from_pure IS
    'Public ORCID works of each researcher that are none of their Pure outputs, one row per '
    'work however many sources wrote it, flagged where Pure probably has them already.';
COMMENT ON VIEW reporting.works_hidden_by_visibility IS
    'ORCID works the pipeline sees only through the researcher''s read-limited token (limited) '
    'or because the institution''s client wrote them (private), with no public version, and '
    'what the researcher must change.';
COMMENT ON VIEW reporting.identity_problems IS
    'One row per problem that stops the pipeline from reading or writing a researcher''s ORCID '
    'record, with what to do about it.';
"""
