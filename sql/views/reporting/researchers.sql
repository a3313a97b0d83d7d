-- revision 0005 sha256:3d218d5e134481eb; to change this view, see sql/views/README.md
-- core.researchers as the run reporting.report_run() names published it.
CREATE VIEW reporting.researchers AS
    SELECT * FROM core.published_researchers WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.researchers IS
    'One row per Pure person: their ORCID iD and its status, whether the institution can push '
    'to their record, their faculties and departments, and their works on each side.';
