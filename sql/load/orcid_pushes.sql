-- What the load stage has pushed (or meant to push) to each ORCID record.
SELECT orcid, pure_uuid, person_uuid, state, put_code, content_hash
  FROM ops.orcid_pushes
