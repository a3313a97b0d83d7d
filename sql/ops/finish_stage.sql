UPDATE ops.run_stages
   SET status = :status,
       finished_at = now(),
       summary = CAST(:summary AS jsonb),
       message = :message
 WHERE run_id = :run_id
   AND stage = :stage
