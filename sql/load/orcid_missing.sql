-- The Pure outputs to push to ORCID: each researcher's outputs that pass Pure's own export rules
-- (validated, public, published or e-pub ahead of print) and that no ORCID work of the record
-- they are pushed to is matched with, for the researchers whose iD is valid (or deprecated, then
-- pushed to its primary) and whose stored token may update their works.
SELECT r.person_uuid,
       i.works_orcid AS orcid,
       r.record_id AS pure_uuid
  FROM core.researcher_records AS r
  JOIN core.researcher_identity AS i ON i.person_uuid = r.person_uuid
 WHERE r.source = 'pure'
   AND r.pure_validated
   AND r.pure_public
   AND r.pure_publication_status IN ('published', 'epub')
   AND r.cluster_orcid_visibility IS NULL
   AND i.id_status IN ('valid', 'deprecated')
   AND i.works_orcid IS NOT NULL
   AND i.token_status = 'connected'
 ORDER BY i.works_orcid, r.person_uuid, r.record_id
