SELECT i.source_record_id AS pure_uuid, i.id_type, i.raw_value, i.normalised_value,
       i.relationship
  FROM staging.work_identifiers AS i
 WHERE i.source = 'pure'
   AND i.source_record_id IN (
       SELECT pure_uuid FROM reporting.works_missing_from_orcid WHERE NOT connected
   )
 ORDER BY i.source_record_id, i.ordinal
