INSERT INTO ops.orcid_tokens (orcid, access_token, refresh_token, scopes, expires_at)
VALUES (:orcid, :access_token, :refresh_token, :scopes, :expires_at)
ON CONFLICT (orcid) DO UPDATE
   SET access_token = EXCLUDED.access_token,
       refresh_token = EXCLUDED.refresh_token,
       scopes = EXCLUDED.scopes,
       expires_at = EXCLUDED.expires_at,
       revoked_at = NULL,
       revoked_reason = NULL,
       updated_at = now()
