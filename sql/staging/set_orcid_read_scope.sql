-- Every staged work of a researcher read in this run, as seen with the token it was read with:
-- a work fetched in an earlier run, unchanged since, is still listed, now under this scope.
UPDATE staging.works
   SET orcid_read_scope = :scope
 WHERE source = 'orcid'
   AND owner_id = :owner
   AND orcid_read_scope IS DISTINCT FROM :scope
