-- A validate stage run again for the same run replaces the figures it stored before.
INSERT INTO ops.run_metrics (run_id, metric, value)
VALUES (:run_id, :metric, :value)
ON CONFLICT (run_id, metric) DO UPDATE SET value = excluded.value
