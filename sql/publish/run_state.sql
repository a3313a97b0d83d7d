SELECT r.run_id, r.status, r.message, r.published_at
  FROM ops.runs AS r
 WHERE r.run_id = coalesce(
           CAST(:run_id AS bigint),
           (SELECT max(run_id) FROM ops.runs WHERE published_at IS NOT NULL)
       )
