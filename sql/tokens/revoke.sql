UPDATE ops.orcid_tokens
   SET revoked_at = now(), revoked_reason = :reason, updated_at = now()
 WHERE orcid = :orcid AND revoked_at IS NULL
