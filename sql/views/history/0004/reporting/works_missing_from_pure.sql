-- revision 0004 sha256:6cbddeafbb7f3297; to change this view, see sql/views/README.md
CREATE VIEW reporting.works_missing_from_pure AS
WITH missing AS (
    -- A work is missing from Pure when none of its records is a Pure output of the
    -- researcher; only its public ORCID records count, the only ones Pure can import.
    SELECT person_uuid,
           cluster,
           min(orcid_owner) AS orcid,
           array_agg(orcid_put_code ORDER BY orcid_put_code) AS put_codes,
           (array_agg(title ORDER BY orcid_source_client IS NULL, orcid_put_code))[1] AS title,
           min(pub_year) AS pub_year,
           (array_agg(work_type ORDER BY orcid_source_client IS NULL, orcid_put_code))[1]
               AS work_type,
           min(doi) AS doi,
           array_remove(array_agg(DISTINCT doi), NULL) AS dois,
           array_agg(DISTINCT orcid_source_name) AS sources
      FROM core.researcher_records
     WHERE source = 'orcid'
       AND orcid_visibility = 'public'
       AND NOT cluster_in_pure
     GROUP BY person_uuid, cluster
)
SELECT i.person_uuid,
       i.name,
       m.orcid,
       m.cluster,
       m.put_codes,
       m.title,
       m.pub_year,
       m.work_type,
       m.doi,
       m.sources,
       coalesce(same_doi.pure_uuid, same_title.pure_uuid) IS NOT NULL AS probably_in_pure,
       coalesce(same_doi.pure_uuid, same_title.pure_uuid) AS probable_pure_uuid,
       CASE
           WHEN same_doi.pure_uuid IS NOT NULL THEN 'same DOI'
           WHEN same_title.pure_uuid IS NOT NULL THEN 'similar title'
       END AS probable_reason
  FROM missing AS m
  JOIN core.researcher_identity AS i ON i.person_uuid = m.person_uuid
  -- Pure has it already under another owner: an output of the institution with its DOI.
  LEFT JOIN LATERAL (
      SELECT min(d.source_record_id) AS pure_uuid
        FROM staging.work_identifiers AS d
       WHERE d.source = 'pure'
         AND d.id_type = 'doi'
         AND d.normalised_value = ANY (m.dois)
  ) AS same_doi ON true
  -- Or one of the researcher's own outputs has nearly its title (trigram similarity >= 0.8,
  -- case and accents ignored) and a year at most one apart: the matcher kept them apart, a
  -- person should look. Without the year, series titles (same title, another year) flood it.
  LEFT JOIN LATERAL (
      SELECT min(w.source_record_id) AS pure_uuid
        FROM staging.work_contributors AS c
        JOIN staging.works AS w
          ON w.source = c.source AND w.source_record_id = c.source_record_id
       WHERE c.source = 'pure'
         AND c.pure_person_id = m.person_uuid
         AND (w.pub_year IS NULL OR m.pub_year IS NULL OR abs(w.pub_year - m.pub_year) <= 1)
         AND public.similarity(
                 lower(public.unaccent('public.unaccent'::regdictionary, w.title)),
                 lower(public.unaccent('public.unaccent'::regdictionary, m.title))
             ) >= 0.8
  ) AS same_title ON true;
COMMENT ON VIEW reporting.works_missing_from_pure IS
    'Public ORCID works of each researcher that are none of their Pure outputs, one row per '
    'work however many sources wrote it, flagged where Pure probably has them already.';
