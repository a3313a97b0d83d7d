-- A payload seen again keeps its first run and takes the latest run, time and content.
INSERT INTO staging.raw_records AS r (
    source, record_type, source_record_id, payload, payload_sha256, first_run_id, last_run_id
)
SELECT source, record_type, source_record_id, payload, payload_sha256, :run_id, :run_id
  FROM batch_raw
ON CONFLICT (source, record_type, source_record_id) DO UPDATE
   SET payload = EXCLUDED.payload,
       payload_sha256 = EXCLUDED.payload_sha256,
       last_run_id = EXCLUDED.last_run_id,
       extracted_at = now(),
       deleted_at = NULL
