-- revision 0006 sha256:52bb597bd991f458; to change this view, see sql/views/README.md
-- core.funnel_per_faculty as the run reporting.report_run() names published it.
CREATE VIEW reporting.funnel_per_faculty AS
    SELECT * FROM core.published_funnel_per_faculty WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.funnel_per_faculty IS
    'Per faculty, how many researchers have come how far in the ORCID process: each step counts '
    'those who took it and every step before it.';
