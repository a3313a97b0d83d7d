SELECT run_id, trigger, status, started_at, finished_at, published_at
  FROM reporting.run_history
 WHERE run_id = :run_id
