-- revision 0006 sha256:75ff81aade64b5b4; to change this view, see sql/views/README.md
-- core.duplicates_in_pure as the run reporting.report_run() names published it.
CREATE VIEW reporting.duplicates_in_pure AS
    SELECT * FROM core.published_duplicates_in_pure WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.duplicates_in_pure IS
    'One row per researcher and work that Pure holds two or more times (outputs the matcher '
    'found to be duplicates), with the evidence of each link: outputs to merge in Pure.';
