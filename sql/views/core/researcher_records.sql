-- revision 0006 sha256:53e7a66e5de32f72; to change this view, see sql/views/README.md
CREATE VIEW core.researcher_records AS
WITH latest AS (
    -- The last run that matched anyone: a night re-matches only the researchers whose records
    -- (or the matching rules) changed, and each researcher's clusters are those of the run
    -- that last matched them (core.matched_researchers).
    SELECT max(run_id) AS run_id FROM core.matched_researchers
),
owned AS (
    -- A Pure output is each internal author's; an ORCID work is the researcher's whose iD
    -- (or its primary) holds it, so a shared iD gives its works to everyone who holds it.
    SELECT DISTINCT c.pure_person_id AS person_uuid, c.source, c.source_record_id AS record_id
      FROM staging.work_contributors AS c
      JOIN core.researcher_identity AS i ON i.person_uuid = c.pure_person_id
     WHERE c.source = 'pure'
    UNION ALL
    SELECT i.person_uuid, w.source, w.source_record_id
      FROM core.researcher_identity AS i
      JOIN staging.works AS w ON w.source = 'orcid' AND w.owner_id = i.works_orcid
),
record AS (
    SELECT o.person_uuid,
           o.source,
           o.record_id,
           -- A record staged after the last matching is a cluster of its own until the next.
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
       (SELECT run_id FROM latest) AS run_id,
       bool_or(r.source = 'pure') OVER cluster AS cluster_in_pure,
       -- The widest visibility of the cluster's ORCID records; null when none is on ORCID.
       CASE
           WHEN bool_or(r.orcid_visibility = 'public') OVER cluster THEN 'public'
           WHEN bool_or(r.orcid_visibility = 'limited') OVER cluster THEN 'limited'
           WHEN bool_or(r.source = 'orcid') OVER cluster THEN 'private'
       END AS cluster_orcid_visibility
  FROM record AS r
WINDOW cluster AS (PARTITION BY r.person_uuid, r.cluster);
COMMENT ON VIEW core.researcher_records IS
    'Every Pure output and ORCID work of each researcher, with the cluster (one work) the last '
    'matching of that researcher put it in and whether that work is in Pure and on ORCID.';
