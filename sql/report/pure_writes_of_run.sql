-- The write calls the load stage of run :run_id made to Pure, per kind and outcome.
SELECT kind, outcome, count(*) AS calls
  FROM ops.pure_writes
 WHERE run_id = :run_id
 GROUP BY kind, outcome
 ORDER BY kind, outcome
