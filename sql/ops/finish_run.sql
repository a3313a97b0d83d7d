-- A run closed with its outcome, and the attempt that ran it; once: a closed run stays closed.
WITH finished AS (
    UPDATE ops.runs
       SET status = :status,
           finished_at = now(),
           message = :message
     WHERE run_id = :run_id
       AND status = 'running'
    RETURNING run_id
)
UPDATE ops.run_attempts AS a
   SET status = :status,
       finished_at = now(),
       message = :message
  FROM finished
 WHERE a.run_id = finished.run_id
   AND a.status = 'running'
