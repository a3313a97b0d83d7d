INSERT INTO ops.runs (flow_run_id, trigger, parameters)
VALUES (:flow_run_id, :trigger, CAST(:parameters AS jsonb))
RETURNING run_id
