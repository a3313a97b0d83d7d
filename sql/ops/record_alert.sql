UPDATE ops.run_alerts
   SET sent_at = CASE WHEN CAST(:error AS text) IS NULL THEN now() END,
       error = :error
 WHERE run_id = :run_id
   AND attempt = :attempt
   AND channel = :channel
