-- revision 0005 sha256:4b9f3955c06e3c3f; to change this view, see sql/views/README.md
CREATE VIEW reporting.coverage_trend AS
SELECT c.run_id,
       r.started_at AS run_started_at,
       c.faculty,
       c.researchers,
       c.pure_validated_public,
       c.pure_on_orcid,
       c.pure_on_orcid_share,
       c.orcid_works_public,
       c.orcid_in_pure,
       c.orcid_in_pure_share
  FROM core.published_coverage_per_faculty AS c
  JOIN ops.runs AS r ON r.run_id = c.run_id;
COMMENT ON VIEW reporting.coverage_trend IS
    'Coverage per faculty, both ways, for every published run: the trend over time.';
