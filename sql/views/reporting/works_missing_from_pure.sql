-- revision 0005 sha256:6e7c52fe3c482789; to change this view, see sql/views/README.md
-- core.works_missing_from_pure as the run reporting.report_run() names published it.
CREATE VIEW reporting.works_missing_from_pure AS
    SELECT * FROM core.published_works_missing_from_pure WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.works_missing_from_pure IS
    'Public ORCID works of each researcher that are none of their Pure outputs, one row per '
    'work however many sources wrote it, flagged where Pure probably has them already.';
