-- revision 0004 sha256:2fe9a26b90a1ef97; to change this view, see sql/views/README.md
CREATE VIEW reporting.works_hidden_by_visibility AS
SELECT i.person_uuid,
       i.name,
       r.orcid_owner AS orcid,
       r.orcid_put_code AS put_code,
       r.title,
       r.pub_year,
       r.work_type,
       r.doi,
       r.orcid_visibility AS visibility,
       r.orcid_source_name AS source_name,
       r.orcid_source_client AS source_client,
       r.cluster_in_pure AS in_pure,
       CASE r.orcid_visibility
           WHEN 'limited' THEN
               'In ORCID, set this work''s visibility to Everyone: now only trusted parties '
               'see it, and Pure imports public works only'
           ELSE
               'In ORCID, set this work''s visibility to Everyone, and set the default '
               'visibility for new works to Everyone: the institution''s Pure wrote it as private'
       END AS action
  FROM core.researcher_records AS r
  JOIN core.researcher_identity AS i ON i.person_uuid = r.person_uuid
 WHERE r.source = 'orcid'
   AND r.orcid_visibility IN ('limited', 'private')
   -- A work with a public version elsewhere on the record is not hidden.
   AND r.cluster_orcid_visibility <> 'public';
COMMENT ON VIEW reporting.works_hidden_by_visibility IS
    'ORCID works the pipeline sees only through the researcher''s read-limited token (limited) '
    'or because the institution''s client wrote them (private), with no public version, and '
    'what the researcher must change.';
