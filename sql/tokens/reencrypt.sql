UPDATE ops.orcid_tokens
   SET access_token = :access_token, refresh_token = :refresh_token
 WHERE orcid = :orcid
