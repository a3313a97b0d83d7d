-- The Pure outputs missing from researchers' ORCID records: each researcher's outputs that pass
-- Pure's own export rules (validated, public, published or e-pub ahead of print) and that no
-- ORCID work of the record they would go to is matched with, for researchers whose iD is valid
-- (or deprecated: then its primary's record). `cluster` is the work (Pure duplicates share
-- one); `writable` says whether a token that may update works is held for that record (not
-- revoked; an expired one is renewed before use).
SELECT r.person_uuid,
       i.works_orcid AS orcid,
       r.record_id AS pure_uuid,
       r.cluster,
       EXISTS (
           SELECT 1
             FROM ops.orcid_tokens AS t
            WHERE t.orcid = i.works_orcid
              AND t.revoked_at IS NULL
              AND '/activities/update' = ANY (t.scopes)
       ) AS writable
  FROM core.researcher_records AS r
  JOIN core.researcher_identity AS i ON i.person_uuid = r.person_uuid
 WHERE r.source = 'pure'
   AND r.pure_validated
   AND r.pure_public
   AND r.pure_publication_status IN ('published', 'epub')
   AND r.cluster_orcid_visibility IS NULL
   AND i.id_status IN ('valid', 'deprecated')
   AND i.works_orcid IS NOT NULL
 ORDER BY i.works_orcid, r.person_uuid, r.record_id
