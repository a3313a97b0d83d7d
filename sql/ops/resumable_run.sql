-- The run --resume continues: the one asked for, else the latest run of the flow. Only a run of
-- the flow (it records its stages) that no later run of the flow has followed can be resumed.
SELECT r.run_id,
       r.status,
       r.parameters,
       EXISTS (
           SELECT FROM ops.runs AS later
            WHERE later.run_id > r.run_id
              AND later.parameters ? 'stages'
       ) AS followed,
       coalesce(
           (SELECT array_agg(s.stage) FROM ops.run_stages AS s
             WHERE s.run_id = r.run_id AND s.status = 'succeeded'),
           '{}'
       ) AS done
  FROM ops.runs AS r
 WHERE r.run_id = coalesce(
           CAST(:run_id AS bigint),
           (SELECT max(run_id) FROM ops.runs WHERE parameters ? 'stages')
       )
