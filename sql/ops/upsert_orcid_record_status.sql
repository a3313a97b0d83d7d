INSERT INTO ops.orcid_record_status (orcid, status, primary_orcid, checked_run_id)
VALUES (:orcid, :status, :primary_orcid, :run_id)
ON CONFLICT (orcid) DO UPDATE
   SET status = EXCLUDED.status,
       primary_orcid = EXCLUDED.primary_orcid,
       checked_run_id = EXCLUDED.checked_run_id,
       checked_at = now()
