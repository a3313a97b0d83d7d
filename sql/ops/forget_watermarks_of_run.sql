DELETE FROM ops.watermarks WHERE run_id = :run_id
