-- Every stored token, revoked ones too, locked until the re-encryption commits.
SELECT orcid, access_token, refresh_token
  FROM ops.orcid_tokens
 ORDER BY orcid
   FOR UPDATE
