-- What each Pure person's language may be judged by: their own choice, else their nationality.
SELECT p.source_record_id AS person_uuid, f.language AS chosen, p.nationality
  FROM staging.persons AS p
  LEFT JOIN ops.notify_preferences AS f ON f.person_uuid = p.source_record_id
 WHERE p.source = 'pure'
