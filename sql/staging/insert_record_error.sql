INSERT INTO ops.record_errors (run_id, source, record_id, field, message)
VALUES (:run_id, :source, :record_id, :field, :message)
