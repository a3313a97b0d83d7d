-- revision 0007 sha256:02150909fe4c073e; to change this view, see sql/views/README.md
CREATE VIEW core.duplicates_in_orcid AS
SELECT r.person_uuid,
       r.name,
       r.faculties,
       (SELECT i.works_orcid FROM core.researcher_identity AS i
         WHERE i.person_uuid = r.person_uuid) AS orcid,
       d.cluster,
       array_agg(w.orcid_put_code ORDER BY w.orcid_put_code) AS put_codes,
       array_agg(w.title ORDER BY w.orcid_put_code) AS titles,
       array_agg(w.pub_year ORDER BY w.orcid_put_code) AS pub_years,
       array_agg(coalesce(w.orcid_source_name, '') ORDER BY w.orcid_put_code) AS sources,
       array_agg(lower(w.orcid_visibility) ORDER BY w.orcid_put_code) AS visibilities,
       count(*) AS records,
       d.evidence
  FROM core.duplicate_clusters AS d
  JOIN core.work_clusters AS k
    ON k.run_id = d.run_id AND k.owner = d.owner AND k.cluster = d.cluster AND k.source = d.source
  JOIN staging.works AS w ON w.source = k.source AND w.source_record_id = k.record_id
  JOIN core.researchers AS r ON r.person_uuid = d.owner
 WHERE d.source = 'orcid'
 GROUP BY r.person_uuid, r.name, r.faculties, d.cluster, d.evidence;
COMMENT ON VIEW core.duplicates_in_orcid IS
    'One row per researcher and work that is two or more ORCID work versions the matcher found to '
    'be duplicates of each other, with the evidence of each link.';
