INSERT INTO staging.persons SELECT * FROM batch_persons
ON CONFLICT (source, source_record_id) DO UPDATE
   SET given_names = EXCLUDED.given_names,
       family_name = EXCLUDED.family_name,
       orcid = EXCLUDED.orcid,
       org_unit_ids = EXCLUDED.org_unit_ids,
       warnings = EXCLUDED.warnings,
       emails = EXCLUDED.emails,
       nationality = EXCLUDED.nationality,
       run_id = EXCLUDED.run_id,
       extracted_at = EXCLUDED.extracted_at
