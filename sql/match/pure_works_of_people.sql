-- Each Pure output once per institution author among the given people, with what matching
-- compares: identifiers (type, raw, normalised, relationship) and authors ("Family, Given").
SELECT c.pure_person_id AS owner,
       w.source_record_id,
       w.title,
       w.subtitle,
       w.work_type,
       w.pub_year,
       w.venue,
       coalesce(
           (SELECT json_agg(json_build_array(i.id_type, i.raw_value, i.normalised_value,
                                             i.relationship) ORDER BY i.ordinal)
              FROM staging.work_identifiers AS i
             WHERE i.source = w.source AND i.source_record_id = w.source_record_id),
           '[]'::json
       ) AS identifiers,
       coalesce(
           (SELECT array_agg(coalesce(k.family_name || ', ' || coalesce(k.given_names, ''),
                                      k.display_name) ORDER BY k.ordinal)
              FROM staging.work_contributors AS k
             WHERE k.source = w.source AND k.source_record_id = w.source_record_id),
           '{}'
       ) AS authors
  FROM staging.work_contributors AS c
  JOIN staging.works AS w
    ON w.source = c.source AND w.source_record_id = c.source_record_id
 WHERE c.source = 'pure'
   AND c.pure_person_id = ANY(CAST(:people AS text[]))
