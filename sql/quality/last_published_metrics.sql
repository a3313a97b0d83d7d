-- The figures of the last run that published before this one (the baseline of the batch checks):
-- a run that failed validation or never published is no yardstick of a healthy batch.
SELECT m.run_id, m.metric, m.value
  FROM ops.run_metrics AS m
 WHERE m.run_id = (
           SELECT max(r.run_id)
             FROM ops.runs AS r
            WHERE r.published_at IS NOT NULL
              AND r.run_id < :run_id
              AND EXISTS (SELECT 1 FROM ops.run_metrics AS x WHERE x.run_id = r.run_id)
       )
