-- The works of a batch of researchers, with what matching compares: each Pure output once per
-- institution author among :people, and every staged ORCID work of :orcids (the iDs their works
-- are read under); identifiers as (type, raw, normalised, relationship), authors as
-- "Family, Given".
WITH targets AS (
    SELECT DISTINCT c.source, c.source_record_id, c.pure_person_id AS owner
      FROM staging.work_contributors AS c
     WHERE c.source = 'pure'
       AND c.pure_person_id = ANY(CAST(:people AS text[]))
    UNION ALL
    SELECT w.source, w.source_record_id, w.owner_id
      FROM staging.works AS w
     WHERE w.source = 'orcid'
       AND w.owner_id = ANY(CAST(:orcids AS text[]))
)
SELECT t.source,
       t.owner,
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
  FROM targets AS t
  JOIN staging.works AS w
    ON w.source = t.source AND w.source_record_id = t.source_record_id
