-- An operator allows a work the researcher deleted from their ORCID record to be pushed again.
UPDATE ops.orcid_pushes
   SET state = 'allowed', put_code = NULL, content_hash = NULL, updated_at = now()
 WHERE orcid = :orcid
   AND pure_uuid = :pure_uuid
   AND state = 'deleted-by-researcher'
RETURNING person_uuid
