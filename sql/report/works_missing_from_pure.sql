SELECT w.person_uuid, w.name, w.orcid, w.cluster, w.put_codes, w.title, w.pub_year,
       w.work_type, w.doi, w.sources, w.probably_in_pure, w.probable_pure_uuid,
       w.probable_reason
  FROM reporting.works_missing_from_pure AS w
  -- In family-name order, as the researchers list: the view's name is "given family".
  LEFT JOIN reporting.researchers AS r ON r.person_uuid = w.person_uuid
 ORDER BY r.family_name, r.given_names, w.person_uuid, w.probably_in_pure,
          w.pub_year DESC NULLS LAST, w.title, w.cluster
