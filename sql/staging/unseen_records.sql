-- After a full scan: the staged records of this type the scan did not see (:seen, its own list).
SELECT r.source_record_id
  FROM staging.raw_records AS r
 WHERE r.source = :source
   AND r.record_type = :record_type
   AND r.deleted_at IS NULL
   AND NOT EXISTS (
       SELECT FROM unnest(CAST(:seen AS text[])) AS s(id) WHERE s.id = r.source_record_id
   )
