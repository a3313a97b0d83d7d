UPDATE ops.runs
   SET status = :status,
       finished_at = now(),
       message = :message
 WHERE run_id = :run_id
   AND status = 'running'
