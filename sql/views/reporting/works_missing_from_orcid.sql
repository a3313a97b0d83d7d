-- revision 0005 sha256:22286cf547ff56d2; to change this view, see sql/views/README.md
-- core.works_missing_from_orcid as the run reporting.report_run() names published it.
CREATE VIEW reporting.works_missing_from_orcid AS
    SELECT * FROM core.published_works_missing_from_orcid WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.works_missing_from_orcid IS
    'Validated public Pure outputs of each researcher that are on none of their ORCID works, '
    'and whether the pipeline will push them or the researcher must act.';
