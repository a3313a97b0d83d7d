-- The records of the researchers :people (Pure person uuids), as run :run_id matched them,
-- in place of those of their last matching (match/forget_owners): each Pure output of which they are an
-- internal author, and each ORCID work of the iD whose works are theirs (its primary when ORCID
-- deprecated it; a shared iD gives its works to everyone who holds it), with the cluster (one
-- work) the matching put it in and whether that work is in Pure and on ORCID. Run in the
-- transaction that writes their links and clusters, after match/forget_owners.
INSERT INTO core.researcher_records
WITH owned AS (
    -- A Pure output is each internal author's; an ORCID work is the researcher's whose iD
    -- (or its primary) holds it, so a shared iD gives its works to everyone who holds it.
    SELECT DISTINCT c.pure_person_id AS person_uuid, c.source, c.source_record_id AS record_id
      FROM staging.work_contributors AS c
      JOIN core.researcher_identity AS i ON i.person_uuid = c.pure_person_id
     WHERE c.source = 'pure'
       AND c.pure_person_id = ANY(CAST(:people AS text[]))
    UNION ALL
    SELECT i.person_uuid, w.source, w.source_record_id
      FROM core.researcher_identity AS i
      JOIN staging.works AS w ON w.source = 'orcid' AND w.owner_id = i.works_orcid
     WHERE i.person_uuid = ANY(CAST(:people AS text[]))
),
record AS (
    SELECT o.person_uuid,
           o.source,
           o.record_id,
           coalesce(k.cluster, o.source || ':' || o.record_id) AS cluster,
           w.title,
           w.work_type,
           w.pub_year,
           (SELECT coalesce(i.normalised_value, i.raw_value)
              FROM staging.work_identifiers AS i
             WHERE i.source = w.source
               AND i.source_record_id = w.source_record_id
               AND i.id_type = 'doi'
               AND i.relationship = 'self'
             ORDER BY i.normalised_value IS NULL, i.ordinal
             LIMIT 1) AS doi,
           w.pure_workflow_step IN ('approved', 'validated') AS pure_validated,
           w.pure_visibility = 'FREE' AS pure_public,
           w.pure_publication_status,
           w.owner_id AS orcid_owner,
           w.orcid_put_code,
           lower(w.orcid_visibility) AS orcid_visibility,
           w.orcid_read_scope,
           w.orcid_source_client,
           w.orcid_source_name,
           w.extracted_at
      FROM owned AS o
      JOIN staging.works AS w ON w.source = o.source AND w.source_record_id = o.record_id
      LEFT JOIN core.work_clusters AS k
        ON k.owner = o.person_uuid
       AND k.source = o.source
       AND k.record_id = o.record_id
)
SELECT r.*,
       CAST(:run_id AS bigint) AS run_id,
       bool_or(r.source = 'pure') OVER cluster AS cluster_in_pure,
       -- The widest visibility of the cluster's ORCID records; null when none is on ORCID.
       CASE
           WHEN bool_or(r.orcid_visibility = 'public') OVER cluster THEN 'public'
           WHEN bool_or(r.orcid_visibility = 'limited') OVER cluster THEN 'limited'
           WHEN bool_or(r.source = 'orcid') OVER cluster THEN 'private'
       END AS cluster_orcid_visibility
  FROM record AS r
WINDOW cluster AS (PARTITION BY r.person_uuid, r.cluster);
