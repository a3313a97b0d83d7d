SELECT run_id, trigger, status, started_at, finished_at, message
  FROM ops.runs
 WHERE run_id = :run_id
