-- The trend as it stood when the run published: a past run's report shows no later runs.
SELECT run_id, run_started_at, faculty, researchers,
       pure_validated_public, pure_on_orcid, pure_on_orcid_share,
       orcid_works_public, orcid_in_pure, orcid_in_pure_share
  FROM reporting.coverage_trend
 WHERE run_id <= :run_id
 ORDER BY run_started_at, run_id, faculty NULLS LAST
