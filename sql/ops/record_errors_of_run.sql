SELECT record_id, field, message
  FROM ops.record_errors
 WHERE run_id = :run_id
 ORDER BY error_id
