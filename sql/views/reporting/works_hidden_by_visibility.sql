-- revision 0005 sha256:df7e8c39d4b97fc7; to change this view, see sql/views/README.md
-- core.works_hidden_by_visibility as the run reporting.report_run() names published it.
CREATE VIEW reporting.works_hidden_by_visibility AS
    SELECT * FROM core.published_works_hidden_by_visibility WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.works_hidden_by_visibility IS
    'ORCID works the pipeline sees only through the researcher''s read-limited token (limited) '
    'or because the institution''s client wrote them (private), with no public version, and '
    'what the researcher must change.';
