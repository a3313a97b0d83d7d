-- Works of one owner that the source no longer lists: gone from the parsed rows, and their
-- raw payloads marked deleted (kept, so that the report can say what disappeared and when).
WITH gone AS (
    DELETE FROM staging.works
     WHERE source = :source
       AND owner_id = :owner_id
       AND NOT (source_record_id = ANY(CAST(:kept AS text[])))
    RETURNING source, source_record_id
)
UPDATE staging.raw_records AS r
   SET deleted_at = now(), last_run_id = :run_id
  FROM gone
 WHERE r.source = gone.source
   AND r.record_type = :record_type
   AND r.source_record_id = gone.source_record_id
