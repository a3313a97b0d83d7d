-- What failed during the run: records that could not be read first, then every failed attempt
-- at a request, in the order they failed.
SELECT kind, source, subject, field, attempt, retried, reason
  FROM reporting.run_failures
 WHERE run_id = :run_id
 ORDER BY kind DESC, failed_at, subject, attempt
