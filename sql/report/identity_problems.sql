SELECT w.person_uuid, w.name, w.faculties, w.departments, w.orcid_in_pure, w.problem, w.detail,
       w.action
  FROM reporting.identity_problems AS w
  -- In family-name order, as the researchers list: the view's name is "given family".
  LEFT JOIN reporting.researchers AS r ON r.person_uuid = w.person_uuid
 ORDER BY r.family_name, r.given_names, w.person_uuid, w.problem
