-- revision 0010 sha256:4c653e402cef2638; to change this view, see sql/views/README.md
CREATE VIEW core.duplicate_clusters AS
-- Each researcher's links and clusters are those of the run that last matched them (run_id):
-- a night matches again only the researchers whose records or the rules changed.
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
    'matching of that researcher linked as duplicates, with the evidence of each link.';
