-- The iDs to read again whatever ORCID's search says changed: those the last extraction could
-- not read (an error naming the whole record, in the run that moved the ORCID watermark or
-- since), and those whose staged works were read with less than the researcher's token now
-- allows (read with the public token while it was refused, and it works again).
SELECT e.record_id
  FROM ops.record_errors AS e
  JOIN ops.watermarks AS w ON w.source = 'orcid' AND w.scope = :scope
 WHERE e.source = 'orcid'
   AND e.field = 'record'
   AND e.run_id >= w.run_id
UNION
SELECT w.owner_id
  FROM staging.works AS w
  JOIN ops.orcid_tokens AS t ON t.orcid = w.owner_id
 WHERE w.source = 'orcid'
   AND t.revoked_at IS NULL
   AND (t.expires_at IS NULL OR t.expires_at > now())
   AND '/read-limited' = ANY(t.scopes)
   AND w.orcid_read_scope IS DISTINCT FROM 'read-limited'
