-- The institution's researchers and the ORCID iD Pure holds for each (validated in Python).
SELECT source_record_id AS person, orcid
  FROM staging.persons
 WHERE source = 'pure'
