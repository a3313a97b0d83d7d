-- The ORCID works to propose to Pure: the "to import into Pure" list of the report, as the
-- matching stands: each researcher's public ORCID works that are none of their Pure outputs
-- and that Pure probably does not have under another owner either. One row
-- per researcher and work, with the ORCID record that speaks for it (a client's record before
-- the researcher's own, as the list's title is chosen), its authors as ORCID lists them, and
-- the researcher as Pure knows them (names, units, first faculty).
WITH listed AS (
    SELECT * FROM core.works_missing_from_pure WHERE NOT probably_in_pure
)
SELECT l.person_uuid,
       l.orcid,
       l.cluster,
       array(SELECT l.orcid || '/work/' || p FROM unnest(l.put_codes) AS p ORDER BY p)
           AS orcid_records,
       w.source_record_id AS orcid_record,
       w.title,
       w.subtitle,
       w.work_type,
       w.pub_year,
       w.pub_month,
       w.pub_day,
       w.venue,
       (SELECT min(coalesce(i.normalised_value, i.raw_value)) FROM staging.work_identifiers AS i
         WHERE i.source = 'orcid' AND i.source_record_id = w.source_record_id
           AND i.id_type = 'issn') AS issn,
       (SELECT min(coalesce(i.normalised_value, i.raw_value)) FROM staging.work_identifiers AS i
         WHERE i.source = 'orcid' AND i.source_record_id = w.source_record_id
           AND i.id_type = 'isbn' AND i.relationship = 'self') AS isbn,
       w.language,
       l.doi,
       array(SELECT coalesce(c.display_name, concat_ws(' ', c.given_names, c.family_name))
               FROM staging.work_contributors AS c
              WHERE c.source = 'orcid' AND c.source_record_id = w.source_record_id
              ORDER BY c.ordinal) AS authors,
       p.given_names,
       p.family_name,
       p.org_unit_ids,
       (SELECT min(f.faculty) FROM core.researcher_faculties AS f
         WHERE f.person_uuid = l.person_uuid) AS faculty
  FROM listed AS l
  JOIN LATERAL (
      SELECT w.*
        FROM staging.works AS w
       WHERE w.source = 'orcid'
         AND w.source_record_id = ANY (
                 array(SELECT l.orcid || '/work/' || p FROM unnest(l.put_codes) AS p))
       ORDER BY w.orcid_source_client IS NULL, w.orcid_put_code
       LIMIT 1
  ) AS w ON true
  JOIN staging.persons AS p ON p.source = 'pure' AND p.source_record_id = l.person_uuid
 ORDER BY l.person_uuid, l.pub_year DESC NULLS LAST, l.title, l.cluster
