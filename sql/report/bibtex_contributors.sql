SELECT c.source_record_id AS pure_uuid, c.ordinal, c.display_name, c.given_names,
       c.family_name, c.role
  FROM staging.work_contributors AS c
 WHERE c.source = 'pure'
   AND c.source_record_id IN (
       SELECT pure_uuid FROM reporting.works_missing_from_orcid WHERE NOT connected
   )
 ORDER BY c.source_record_id, c.ordinal
