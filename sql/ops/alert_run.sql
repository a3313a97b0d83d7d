-- What a notice says of a run: its latest attempt, if that failed or was abandoned.
SELECT r.run_id,
       a.attempt,
       a.status,
       r.trigger,
       (SELECT string_agg(s.stage, ', ' ORDER BY s.stage) FROM ops.run_stages AS s
         WHERE s.run_id = r.run_id AND s.status IN ('failed', 'abandoned')) AS stage,
       a.message,
       a.started_at,
       a.finished_at,
       a.host || '/' || a.pid AS process
  FROM ops.runs AS r
  JOIN ops.run_attempts AS a ON a.run_id = r.run_id
 WHERE r.run_id = :run_id
   AND a.attempt = (SELECT max(attempt) FROM ops.run_attempts WHERE run_id = r.run_id)
   AND a.status IN ('failed', 'abandoned')
