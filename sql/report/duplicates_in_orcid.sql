SELECT d.person_uuid, d.name, d.faculties, d.orcid, d.cluster, d.put_codes, d.titles,
       d.pub_years, d.sources, d.visibilities, d.records, d.evidence
  FROM reporting.duplicates_in_orcid AS d
  -- In family-name order, as the researchers list: the view's name is "given family".
  LEFT JOIN reporting.researchers AS r ON r.person_uuid = d.person_uuid
 ORDER BY r.family_name, r.given_names, d.person_uuid, d.cluster
