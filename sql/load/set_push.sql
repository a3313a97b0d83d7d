-- The state of one Pure output on one ORCID record (see ops.orcid_pushes).
INSERT INTO ops.orcid_pushes
       (orcid, pure_uuid, person_uuid, state, put_code, content_hash, run_id)
VALUES (:orcid, :pure_uuid, :person_uuid, :state, :put_code, :content_hash, :run_id)
ON CONFLICT (orcid, pure_uuid) DO UPDATE
   SET person_uuid = EXCLUDED.person_uuid,
       state = EXCLUDED.state,
       put_code = EXCLUDED.put_code,
       content_hash = EXCLUDED.content_hash,
       run_id = EXCLUDED.run_id,
       updated_at = now()
