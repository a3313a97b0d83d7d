-- revision 0004 sha256:1c74b6e8463a584c; to change this view, see sql/views/README.md
CREATE VIEW reporting.works_missing_from_orcid AS
SELECT i.person_uuid,
       i.name,
       i.orcid_in_pure,
       i.id_status,
       i.token_status = 'connected' AS connected,
       r.record_id AS pure_uuid,
       r.title,
       r.pub_year,
       r.work_type,
       r.doi,
       r.pure_publication_status AS publication_status,
       CASE
           WHEN i.token_status = 'connected' THEN 'will be pushed'
           ELSE 'researcher must connect or import the BibTeX file'
       END AS action
  FROM core.researcher_records AS r
  JOIN core.researcher_identity AS i ON i.person_uuid = r.person_uuid
 WHERE r.source = 'pure'
   AND r.pure_validated
   AND r.pure_public
   AND r.cluster_orcid_visibility IS NULL;
COMMENT ON VIEW reporting.works_missing_from_orcid IS
    'Validated public Pure outputs of each researcher that are on none of their ORCID works, '
    'and whether the pipeline will push them or the researcher must act.';
