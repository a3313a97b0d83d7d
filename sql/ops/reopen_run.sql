-- A failed or abandoned run started again (--resume) by this process: a new attempt.
WITH reopened AS (
    UPDATE ops.runs
       SET status = 'running',
           finished_at = NULL,
           message = NULL,
           flow_run_id = coalesce(:flow_run_id, flow_run_id)
     WHERE run_id = :run_id
       AND status IN ('failed', 'abandoned')
    RETURNING run_id
)
INSERT INTO ops.run_attempts (run_id, attempt, host, pid, lock_session, flow_run_id)
SELECT r.run_id,
       coalesce((SELECT max(a.attempt) FROM ops.run_attempts AS a WHERE a.run_id = r.run_id), 0)
           + 1,
       :host, :pid, :lock_session, :flow_run_id
  FROM reopened AS r
RETURNING attempt
