-- The DOIs to add to Pure outputs (reporting.doi_enrichment): only those it is safe to write.
SELECT pure_uuid, person_uuid, doi, orcid_records
  FROM reporting.doi_enrichment
 WHERE applicable
 ORDER BY person_uuid, pure_uuid
