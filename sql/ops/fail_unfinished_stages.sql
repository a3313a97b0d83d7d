-- Stages of a run that were still running when it stopped (stages that run at the same time
-- stop together).
UPDATE ops.run_stages
   SET status = 'failed',
       finished_at = now(),
       message = :message
 WHERE run_id = :run_id
   AND status = 'running'
