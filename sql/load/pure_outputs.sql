-- The Pure outputs :uuids with what an ORCID work is made of: title, type, date, venue,
-- identifiers (type, value, relationship) and contributors in their order (name, iD), and
-- whether the output passes Pure's own export rules (validated, public, published or e-pub).
SELECT w.source_record_id AS pure_uuid,
       w.title,
       w.subtitle,
       w.work_type,
       w.pub_year,
       w.pub_month,
       w.pub_day,
       w.venue,
       w.language,
       (w.pure_workflow_step IN ('approved', 'validated')
        AND w.pure_visibility = 'FREE'
        AND w.pure_publication_status IN ('published', 'epub')) AS exported,
       coalesce(ids.types, '{}') AS id_types,
       coalesce(ids.values_, '{}') AS id_values,
       coalesce(ids.relationships, '{}') AS id_relationships,
       coalesce(people.names, '{}') AS author_names,
       coalesce(people.orcids, '{}') AS author_orcids
  FROM staging.works AS w
  LEFT JOIN LATERAL (
      SELECT array_agg(i.id_type ORDER BY i.ordinal) AS types,
             array_agg(coalesce(i.normalised_value, i.raw_value) ORDER BY i.ordinal) AS values_,
             array_agg(i.relationship ORDER BY i.ordinal) AS relationships
        FROM staging.work_identifiers AS i
       WHERE i.source = w.source AND i.source_record_id = w.source_record_id
  ) AS ids ON true
  LEFT JOIN LATERAL (
      SELECT array_agg(coalesce(nullif(concat_ws(' ', c.given_names, c.family_name), ''),
                                c.display_name, '') ORDER BY c.ordinal) AS names,
             array_agg(coalesce(c.orcid, '') ORDER BY c.ordinal) AS orcids
        FROM staging.work_contributors AS c
       WHERE c.source = w.source AND c.source_record_id = w.source_record_id
  ) AS people ON true
 WHERE w.source = 'pure'
   AND w.source_record_id = ANY(CAST(:uuids AS text[]))
