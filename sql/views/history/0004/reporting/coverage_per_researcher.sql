-- revision 0004 sha256:3136b6771e01ca8a; to change this view, see sql/views/README.md
CREATE VIEW reporting.coverage_per_researcher AS
WITH matching AS (
    SELECT r.run_id, r.started_at AS run_started_at
      FROM ops.runs AS r
     WHERE r.run_id = (SELECT min(run_id) FROM core.work_clusters)
)
SELECT r.person_uuid,
       r.name,
       r.faculties,
       r.departments,
       r.id_status,
       r.connected,
       r.pure_validated_public,
       r.pure_validated_public - r.pure_missing_from_orcid AS pure_on_orcid,
       round((r.pure_validated_public - r.pure_missing_from_orcid)::numeric
             / nullif(r.pure_validated_public, 0), 3) AS pure_on_orcid_share,
       r.orcid_works_public,
       r.orcid_works_public - r.orcid_missing_from_pure AS orcid_in_pure,
       round((r.orcid_works_public - r.orcid_missing_from_pure)::numeric
             / nullif(r.orcid_works_public, 0), 3) AS orcid_in_pure_share,
       m.run_id,
       m.run_started_at
  FROM reporting.researchers AS r
  LEFT JOIN matching AS m ON true;
COMMENT ON VIEW reporting.coverage_per_researcher IS
    'Per researcher: the share of validated public Pure outputs found on ORCID, and the share '
    'of public ORCID works found in Pure, as of the last complete matching.';
