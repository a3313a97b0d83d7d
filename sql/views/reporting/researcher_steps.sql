-- revision 0006 sha256:4d4deae23577ede0; to change this view, see sql/views/README.md
-- core.researcher_steps as the run reporting.report_run() names published it.
CREATE VIEW reporting.researcher_steps AS
    SELECT * FROM core.published_researcher_steps WHERE run_id = reporting.report_run();
COMMENT ON VIEW reporting.researcher_steps IS
    'One row per Pure person: which steps of the ORCID process they have taken (valid iD in '
    'Pure, connected, works public, Pure outputs on ORCID, ORCID works in Pure) and the first '
    'step they are stuck at.';
