SELECT EXISTS (
    SELECT 1
      FROM ops.run_stages
     WHERE run_id = :run_id
       AND stage = 'validate'
       AND status = 'succeeded'
)
