-- Every token not known to be revoked, expired ones included (a refresh may renew them), with
-- its refresh token: what the load stage writes with.
SELECT orcid, access_token, refresh_token, scopes, expires_at
  FROM ops.orcid_tokens
 WHERE revoked_at IS NULL
