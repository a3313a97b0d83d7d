-- ORCID said the token expired and there is no refresh token to renew it with: it stops being
-- offered (core.researcher_identity shows it as expired) until a new one is imported.
UPDATE ops.orcid_tokens
   SET expires_at = least(coalesce(expires_at, now()), now()), updated_at = now()
 WHERE orcid = :orcid AND revoked_at IS NULL
