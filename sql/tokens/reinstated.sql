-- A token revoked during the last run that ORCID renewed when tried again: usable again.
UPDATE ops.orcid_tokens
   SET access_token = :access_token,
       refresh_token = :refresh_token,
       scopes = :scopes,
       expires_at = :expires_at,
       revoked_at = NULL,
       revoked_reason = NULL,
       updated_at = now()
 WHERE orcid = :orcid AND revoked_at IS NOT NULL
