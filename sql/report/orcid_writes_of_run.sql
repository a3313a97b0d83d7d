-- Every write call the load stage of run :run_id made to ORCID, in the order made.
SELECT name, orcid, pure_uuid, method, put_code, http_status, error_code, outcome
  FROM reporting.orcid_writes
 WHERE run_id = :run_id
 ORDER BY write_id
