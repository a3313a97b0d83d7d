-- Works of these owners that the source no longer lists: gone from the parsed rows, and their
-- raw payloads marked deleted (kept, so that the report can say what disappeared and when).
-- `kept` holds the record ids still listed, of all the owners together.
WITH owners AS (
    SELECT unnest(CAST(:owners AS text[])) AS owner_id
),
kept AS (
    SELECT unnest(CAST(:kept AS text[])) AS source_record_id
),
gone AS (
    DELETE FROM staging.works AS w
     USING owners AS o
     WHERE w.source = :source
       AND w.owner_id = o.owner_id
       AND NOT EXISTS (SELECT 1 FROM kept AS k WHERE k.source_record_id = w.source_record_id)
    RETURNING w.source, w.source_record_id
),
marked AS (
    UPDATE staging.raw_records AS r
       SET deleted_at = now(), last_run_id = :run_id
      FROM gone
     WHERE r.source = gone.source
       AND r.record_type = :record_type
       AND r.source_record_id = gone.source_record_id
)
SELECT count(*) FROM gone
