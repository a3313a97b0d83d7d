-- The works of a batch of researchers, with what matching compares: each Pure output once,
-- with its institution authors among :people as owners, and every staged ORCID work of
-- :orcids (the iDs their works are read under), owned by that iD. Identifiers come as three
-- parallel arrays (type, comparable value, relationship): the normalised value, or for the
-- record ids Pure and ORCID copy from each other (orcid-work, source-work-id) the raw one;
-- an identifier that did not normalise is left out. Authors as "Family, Given".
WITH pure_owned AS (
    SELECT c.source_record_id, array_agg(DISTINCT c.pure_person_id) AS owners
      FROM staging.work_contributors AS c
     WHERE c.source = 'pure'
       AND c.pure_person_id = ANY(CAST(:people AS text[]))
     GROUP BY c.source_record_id
),
targets AS (
    SELECT 'pure' AS source, p.source_record_id, p.owners
      FROM pure_owned AS p
    UNION ALL
    SELECT w.source, w.source_record_id, ARRAY[w.owner_id]
      FROM staging.works AS w
     WHERE w.source = 'orcid'
       AND w.owner_id = ANY(CAST(:orcids AS text[]))
)
SELECT t.source,
       t.owners,
       w.source_record_id,
       w.title,
       w.subtitle,
       w.work_type,
       w.pub_year,
       w.venue,
       coalesce(ids.types, '{}') AS id_types,
       coalesce(ids.comparable, '{}') AS id_values,
       coalesce(ids.relationships, '{}') AS id_relationships,
       coalesce(people.names, '{}') AS authors
  FROM targets AS t
  JOIN staging.works AS w
    ON w.source = t.source AND w.source_record_id = t.source_record_id
  LEFT JOIN LATERAL (
      SELECT array_agg(i.id_type ORDER BY i.ordinal) AS types,
             array_agg(i.value ORDER BY i.ordinal) AS comparable,
             array_agg(i.relationship ORDER BY i.ordinal) AS relationships
        FROM (
            SELECT k.id_type, k.ordinal, k.relationship,
                   CASE WHEN k.id_type IN ('orcid-work', 'source-work-id') THEN k.raw_value
                        ELSE k.normalised_value END AS value
              FROM staging.work_identifiers AS k
             WHERE k.source = w.source AND k.source_record_id = w.source_record_id
        ) AS i
       WHERE i.value IS NOT NULL
  ) AS ids ON true
  LEFT JOIN LATERAL (
      SELECT array_agg(coalesce(k.family_name || ', ' || coalesce(k.given_names, ''),
                                k.display_name) ORDER BY k.ordinal) AS names
        FROM staging.work_contributors AS k
       WHERE k.source = w.source AND k.source_record_id = w.source_record_id
  ) AS people ON true
-- Ties between equally good pairs are broken by record position: a fixed order makes the links
-- the same however researchers are batched and whatever plan the database picks.
 ORDER BY t.source, w.source_record_id
