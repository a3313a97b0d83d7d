-- A new run and its first attempt, by this process.
WITH run AS (
    INSERT INTO ops.runs (flow_run_id, trigger, parameters)
    VALUES (:flow_run_id, :trigger, CAST(:parameters AS jsonb))
    RETURNING run_id
), attempt AS (
    INSERT INTO ops.run_attempts (run_id, attempt, host, pid, lock_session, flow_run_id)
    SELECT run_id, 1, :host, :pid, :lock_session, :flow_run_id FROM run
)
SELECT run_id FROM run
