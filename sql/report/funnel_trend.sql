-- The funnel as it stood when the run published: a past run's report shows no later runs.
SELECT run_id, run_started_at, faculty, researchers, valid_orcid, connected, works_public,
       pure_on_orcid, orcid_in_pure, valid_orcid_share, connected_share, works_public_share,
       pure_on_orcid_share, orcid_in_pure_share
  FROM reporting.funnel_trend
 WHERE run_id <= :run_id
 ORDER BY run_started_at, run_id, faculty NULLS LAST
