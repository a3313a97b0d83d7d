-- revision 0007 sha256:f5979128f141bd47; to change this view, see sql/views/README.md
CREATE VIEW core.duplicates_in_pure AS
SELECT r.person_uuid,
       r.name,
       r.faculties,
       d.cluster,
       array_agg(w.source_record_id ORDER BY w.source_record_id) AS pure_uuids,
       array_agg(w.title ORDER BY w.source_record_id) AS titles,
       array_agg(w.pub_year ORDER BY w.source_record_id) AS pub_years,
       array_agg(w.work_type ORDER BY w.source_record_id) AS work_types,
       count(*) AS records,
       d.evidence
  FROM core.duplicate_clusters AS d
  JOIN core.work_clusters AS k
    ON k.run_id = d.run_id AND k.owner = d.owner AND k.cluster = d.cluster AND k.source = d.source
  JOIN staging.works AS w ON w.source = k.source AND w.source_record_id = k.record_id
  JOIN core.researchers AS r ON r.person_uuid = d.owner
 WHERE d.source = 'pure'
 GROUP BY r.person_uuid, r.name, r.faculties, d.cluster, d.evidence;
COMMENT ON VIEW core.duplicates_in_pure IS
    'One row per researcher and work that is two or more Pure outputs the matcher found to '
    'be duplicates of each other, with the evidence of each link.';
