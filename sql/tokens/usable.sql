-- Tokens that may still work: not revoked, not known to have expired.
SELECT orcid, access_token, scopes
  FROM ops.orcid_tokens
 WHERE revoked_at IS NULL
   AND (expires_at IS NULL OR expires_at > now())
