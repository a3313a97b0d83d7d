SELECT d.person_uuid, d.name, d.faculties, d.cluster, d.pure_uuids, d.titles, d.pub_years,
       d.work_types, d.records, d.evidence
  FROM reporting.duplicates_in_pure AS d
  -- In family-name order, as the researchers list: the view's name is "given family".
  LEFT JOIN reporting.researchers AS r ON r.person_uuid = d.person_uuid
 ORDER BY r.family_name, r.given_names, d.person_uuid, d.cluster
