SELECT w.person_uuid, w.name, w.orcid, w.put_code, w.title, w.pub_year, w.work_type, w.doi,
       w.visibility, w.source_name, w.source_client, w.in_pure, w.action
  FROM reporting.works_hidden_by_visibility AS w
  -- In family-name order, as the researchers list: the view's name is "given family".
  LEFT JOIN reporting.researchers AS r ON r.person_uuid = w.person_uuid
 ORDER BY r.family_name, r.given_names, w.person_uuid, w.visibility,
          w.pub_year DESC NULLS LAST, w.title, w.put_code
