SELECT w.person_uuid, w.name, w.orcid_in_pure, w.id_status, w.connected, w.pure_uuid, w.title,
       w.pub_year, w.work_type, w.doi, w.publication_status, w.action
  FROM reporting.works_missing_from_orcid AS w
  -- In family-name order, as the researchers list: the view's name is "given family".
  LEFT JOIN reporting.researchers AS r ON r.person_uuid = w.person_uuid
 ORDER BY r.family_name, r.given_names, w.person_uuid, w.pub_year DESC NULLS LAST, w.title,
          w.pure_uuid
