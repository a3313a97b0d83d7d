-- revision 0005 sha256:c6a0c2afda7d8fb8; to change this view, see sql/views/README.md
-- core.coverage_per_faculty as the run reporting.report_run() names published it.
CREATE VIEW reporting.coverage_per_faculty AS
    SELECT * FROM core.published_coverage_per_faculty WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.coverage_per_faculty IS
    'Coverage both ways summed over the researchers of each faculty; a researcher in several '
    'faculties counts in each, one in none in the row whose faculty is null.';
