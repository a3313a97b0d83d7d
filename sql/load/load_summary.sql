-- The figures the load stage of run :run_id recorded, if it ran.
SELECT summary
  FROM ops.run_stages
 WHERE run_id = :run_id
   AND stage = 'load'
   AND status = 'succeeded'
