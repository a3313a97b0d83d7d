-- The ORCID records already behind an output the pipeline created in Pure, in any run: a work
-- is proposed once, whatever Pure's approvers then do with it.
SELECT DISTINCT unnest(orcid_records) AS orcid_record
  FROM ops.pure_writes
 WHERE kind = 'create'
   AND outcome = 'created'
