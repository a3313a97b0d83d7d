INSERT INTO ops.request_failures (run_id, source, request, attempt, reason, retried)
VALUES (:run_id, :source, :request, :attempt, :reason, :retried)
