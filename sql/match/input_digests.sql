-- What the matching of each researcher reads, as one digest: the iD whose works are theirs and
-- the content (payload digests) of every Pure output they are an author of and every ORCID
-- work of that iD, with the token scope it was read with. A researcher whose digest is
-- unchanged since their last matching, under the same rules, would be matched to the same links.
-- :people and :orcids are parallel arrays (the works iD, or null, of each person).
WITH people AS (
    SELECT person, orcid
      FROM unnest(CAST(:people AS text[]), CAST(:orcids AS text[])) AS p(person, orcid)
),
pure AS (
    SELECT c.person,
           string_agg(r.payload_sha256, ',' ORDER BY c.source_record_id) AS digests
      FROM (
          SELECT DISTINCT k.pure_person_id AS person, k.source_record_id
            FROM staging.work_contributors AS k
           WHERE k.source = 'pure'
             AND k.pure_person_id = ANY(CAST(:people AS text[]))
      ) AS c
      JOIN staging.raw_records AS r
        ON r.source = 'pure'
       AND r.record_type = 'research-output'
       AND r.source_record_id = c.source_record_id
     GROUP BY c.person
),
orcid AS (
    SELECT w.owner_id AS orcid,
           string_agg(r.payload_sha256 || ':' || coalesce(w.orcid_read_scope, ''), ','
                      ORDER BY w.source_record_id) AS digests
      FROM staging.works AS w
      JOIN staging.raw_records AS r
        ON r.source = 'orcid'
       AND r.record_type = 'work'
       AND r.source_record_id = w.source_record_id
     WHERE w.source = 'orcid'
       AND w.owner_id IN (SELECT orcid FROM people)
     GROUP BY w.owner_id
)
SELECT p.person,
       md5(concat_ws('|', p.orcid, pure.digests, orcid.digests)) AS digest,
       m.input_digest AS matched_digest,
       m.rules_version AS matched_rules
  FROM people AS p
  LEFT JOIN pure ON pure.person = p.person
  LEFT JOIN orcid ON orcid.orcid = p.orcid
  LEFT JOIN core.matched_researchers AS m ON m.owner = p.person
