-- After a full scan in run :run_id: the records of this type it did not see.
SELECT source_record_id
  FROM staging.raw_records
 WHERE source = :source
   AND record_type = :record_type
   AND last_run_id <> :run_id
   AND deleted_at IS NULL
