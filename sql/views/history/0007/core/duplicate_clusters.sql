-- revision 0007 sha256:c549914906ca7db0; to change this view, see sql/views/README.md
CREATE VIEW core.duplicate_clusters AS
WITH latest AS (
    -- The last complete matching, as core.researcher_records takes it.
    SELECT min(run_id) AS run_id FROM core.work_clusters
)
SELECT l.run_id,
       l.owner,
       l.left_source AS source,
       k.cluster,
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
   AND l.left_source = l.right_source
 GROUP BY l.run_id, l.owner, l.left_source, k.cluster;
COMMENT ON VIEW core.duplicate_clusters IS
    'Each researcher''s works (clusters) holding two or more records of one source that the last '
    'complete matching linked as duplicates, with the evidence of each link.';
