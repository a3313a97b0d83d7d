-- revision 0005 sha256:ac1c06ca4f34cfa0; to change this view, see sql/views/README.md
-- core.coverage_per_researcher as the run reporting.report_run() names published it.
CREATE VIEW reporting.coverage_per_researcher AS
    SELECT * FROM core.published_coverage_per_researcher WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.coverage_per_researcher IS
    'Per researcher: the share of validated public Pure outputs found on ORCID, and the share '
    'of public ORCID works found in Pure.';
