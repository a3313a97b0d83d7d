INSERT INTO staging.org_units SELECT * FROM batch_org_units
ON CONFLICT (source, source_record_id) DO UPDATE
   SET name = EXCLUDED.name,
       kind = EXCLUDED.kind,
       parent_id = EXCLUDED.parent_id,
       run_id = EXCLUDED.run_id,
       extracted_at = EXCLUDED.extracted_at
