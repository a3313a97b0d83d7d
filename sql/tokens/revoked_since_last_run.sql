-- Tokens revoked since the previous run began (during it, or since), with their refresh tokens:
-- each is tried once more before it is given up, since a night of trouble at ORCID can look
-- like a revocation. A second refusal leaves revoked_at as it was, so it is not tried again.
SELECT orcid, access_token, refresh_token, scopes, expires_at
  FROM ops.orcid_tokens
 WHERE revoked_at IS NOT NULL
   AND refresh_token IS NOT NULL
   AND revoked_at >= (SELECT max(started_at) FROM ops.runs WHERE run_id < :run_id)
