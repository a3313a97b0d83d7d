-- A researcher's token renewed with their refresh token (not a new grant: a revoked token
-- stays revoked, which only `tokens import` undoes).
UPDATE ops.orcid_tokens
   SET access_token = :access_token,
       refresh_token = :refresh_token,
       scopes = :scopes,
       expires_at = :expires_at,
       updated_at = now()
 WHERE orcid = :orcid AND revoked_at IS NULL
