INSERT INTO ops.run_stages (run_id, stage)
VALUES (:run_id, :stage)
ON CONFLICT (run_id, stage) DO UPDATE
   SET status = 'running',
       started_at = now(),
       finished_at = NULL,
       message = NULL,
       attempts = ops.run_stages.attempts + 1
