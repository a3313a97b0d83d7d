SELECT (SELECT count(*) FROM core.published_researchers WHERE run_id = :run_id) AS researchers,
       (SELECT count(*) FROM core.published_works_missing_from_orcid WHERE run_id = :run_id)
           AS works_missing_from_orcid,
       (SELECT count(*) FROM core.published_works_missing_from_pure WHERE run_id = :run_id)
           AS works_missing_from_pure,
       (SELECT count(*) FROM core.published_works_hidden_by_visibility WHERE run_id = :run_id)
           AS works_hidden_by_visibility,
       (SELECT count(*) FROM core.published_identity_problems WHERE run_id = :run_id)
           AS identity_problems
