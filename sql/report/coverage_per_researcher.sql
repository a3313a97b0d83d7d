SELECT w.person_uuid, w.name, w.faculties, w.departments, w.id_status, w.connected,
       w.pure_validated_public, w.pure_on_orcid, w.pure_on_orcid_share, w.orcid_works_public,
       w.orcid_in_pure, w.orcid_in_pure_share
  FROM reporting.coverage_per_researcher AS w
  -- In family-name order, as the researchers list: the view's name is "given family".
  LEFT JOIN reporting.researchers AS r ON r.person_uuid = w.person_uuid
 ORDER BY r.family_name, r.given_names, w.person_uuid
