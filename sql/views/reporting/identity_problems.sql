-- revision 0005 sha256:25e66558aeab3de6; to change this view, see sql/views/README.md
-- core.identity_problems as the run reporting.report_run() names published it.
CREATE VIEW reporting.identity_problems AS
    SELECT * FROM core.published_identity_problems WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.identity_problems IS
    'One row per problem that stops the pipeline from reading or writing a researcher''s ORCID '
    'record, with what to do about it.';
