-- The Pure outputs whose DOI the pipeline already wrote, in any run.
SELECT DISTINCT pure_uuid
  FROM ops.pure_writes
 WHERE kind = 'doi'
   AND outcome = 'updated'
