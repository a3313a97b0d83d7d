-- The run a report is of: the one asked for, else the latest that published.
SELECT run_id, trigger, status, message, started_at, finished_at, published_at
  FROM reporting.run_history
 WHERE run_id = coalesce(
           CAST(:run_id AS bigint),
           (SELECT max(run_id) FROM ops.runs WHERE published_at IS NOT NULL)
       )
