-- A validate stage run again for the same run replaces its earlier outcomes.
DELETE FROM ops.validation_results WHERE run_id = :run_id
