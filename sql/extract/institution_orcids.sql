-- The ORCID iDs Pure holds for the institution's people, as stored (validity is checked in Python).
SELECT DISTINCT orcid
  FROM staging.persons
 WHERE source = 'pure'
   AND orcid IS NOT NULL
