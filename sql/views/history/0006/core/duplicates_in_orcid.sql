-- revision 0006 sha256:87351111c943a918; to change this view, see sql/views/README.md
CREATE VIEW core.duplicates_in_orcid AS
WITH latest AS (
    -- The last complete matching, as core.researcher_records takes it.
    SELECT min(run_id) AS run_id FROM core.work_clusters
),
duplicate AS (
    -- Clusters (one work) holding two or more records of this source linked as duplicates.
    SELECT l.owner, k.cluster,
           jsonb_agg(
               jsonb_build_object(
                   'records', jsonb_build_array(l.left_record_id, l.right_record_id),
                   'method', l.method,
                   'score', round(l.score::numeric, 3),
                   'evidence', l.evidence
               )
               ORDER BY l.left_record_id, l.right_record_id
           ) AS evidence
      FROM core.match_links AS l
      JOIN latest ON latest.run_id = l.run_id
      JOIN core.work_clusters AS k
        ON k.run_id = l.run_id
       AND k.owner = l.owner
       AND k.source = l.left_source
       AND k.record_id = l.left_record_id
     WHERE l.kind = 'duplicate'
       AND l.left_source = 'orcid'
       AND l.right_source = 'orcid'
     GROUP BY l.owner, k.cluster
),
member AS (
    SELECT d.owner, d.cluster, w.source_record_id, w.title, w.pub_year, w.work_type,
           w.orcid_put_code, w.orcid_source_name, w.orcid_visibility
      FROM duplicate AS d
      JOIN latest ON true
      JOIN core.work_clusters AS k
        ON k.run_id = latest.run_id
       AND k.owner = d.owner
       AND k.cluster = d.cluster
       AND k.source = 'orcid'
      JOIN staging.works AS w ON w.source = k.source AND w.source_record_id = k.record_id
)
SELECT r.person_uuid,
       r.name,
       r.faculties,
       (SELECT i.works_orcid FROM core.researcher_identity AS i
         WHERE i.person_uuid = r.person_uuid) AS orcid,
       d.cluster,
       array_agg(m.orcid_put_code ORDER BY m.orcid_put_code) AS put_codes,
       array_agg(m.title ORDER BY m.orcid_put_code) AS titles,
       array_agg(m.pub_year ORDER BY m.orcid_put_code) AS pub_years,
       array_agg(coalesce(m.orcid_source_name, '') ORDER BY m.orcid_put_code) AS sources,
       array_agg(lower(m.orcid_visibility) ORDER BY m.orcid_put_code) AS visibilities,
       count(*) AS records,
       d.evidence
  FROM duplicate AS d
  JOIN member AS m ON m.owner = d.owner AND m.cluster = d.cluster
  JOIN core.researchers AS r ON r.person_uuid = d.owner
 GROUP BY r.person_uuid, r.name, r.faculties, d.cluster, d.evidence;
COMMENT ON VIEW core.duplicates_in_orcid IS
    'One row per researcher and work that is two or more ORCID work versions the matcher found to '
    'be duplicates of each other, with the evidence of each link.';
