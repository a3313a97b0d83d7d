-- revision 0006 sha256:d43ae03ce9586dc9; to change this view, see sql/views/README.md
-- core.duplicates_in_orcid as the run reporting.report_run() names published it.
CREATE VIEW reporting.duplicates_in_orcid AS
    SELECT * FROM core.published_duplicates_in_orcid WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.duplicates_in_orcid IS
    'One row per researcher and work that their ORCID record holds two or more versions of '
    '(the matcher found them to be duplicates), with the evidence of each link.';
