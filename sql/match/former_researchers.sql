-- Owners of matching results who are no longer among the researchers Pure holds.
SELECT owner FROM core.matched_researchers
EXCEPT
SELECT source_record_id FROM staging.persons WHERE source = 'pure'
UNION
SELECT DISTINCT owner FROM core.work_clusters AS k
 WHERE NOT EXISTS (
     SELECT 1 FROM staging.persons AS p
      WHERE p.source = 'pure' AND p.source_record_id = k.owner
 )
