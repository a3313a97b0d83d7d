-- The staged ORCID works of the given iDs, with identifiers and authors as for Pure.
SELECT w.owner_id AS owner,
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
  FROM staging.works AS w
 WHERE w.source = 'orcid'
   AND w.owner_id = ANY(CAST(:orcids AS text[]))
