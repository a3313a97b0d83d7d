-- revision 0004 sha256:f5c4e3c83654a85d; to change this view, see sql/views/README.md
CREATE VIEW reporting.researchers AS
WITH department AS (
    SELECT p.person_uuid, array_agg(DISTINCT u.name ORDER BY u.name) AS departments
      FROM core.researcher_identity AS p
     CROSS JOIN unnest(p.org_unit_ids) AS member(unit_id)
      JOIN staging.org_units AS u ON u.source = 'pure' AND u.source_record_id = member.unit_id
     WHERE u.kind IS DISTINCT FROM 'faculty' AND u.kind IS DISTINCT FROM 'university'
     GROUP BY p.person_uuid
),
faculty AS (
    SELECT person_uuid, array_agg(faculty ORDER BY faculty) AS faculties
      FROM core.researcher_faculties
     GROUP BY person_uuid
),
counted AS (
    SELECT person_uuid,
           count(*) FILTER (WHERE source = 'pure') AS pure_outputs,
           count(*) FILTER (WHERE source = 'pure' AND pure_validated) AS pure_validated,
           count(*) FILTER (WHERE source = 'pure' AND pure_public) AS pure_public,
           count(*) FILTER (WHERE source = 'pure' AND pure_validated AND pure_public)
               AS pure_validated_public,
           -- ORCID lists a work once however many sources wrote it: count clusters.
           count(DISTINCT cluster) FILTER (WHERE source = 'orcid') AS orcid_works,
           count(DISTINCT cluster) FILTER (
               WHERE source = 'orcid' AND cluster_orcid_visibility = 'public'
           ) AS orcid_works_public,
           count(DISTINCT cluster) FILTER (
               WHERE source = 'orcid' AND cluster_orcid_visibility = 'limited'
           ) AS orcid_works_limited,
           count(DISTINCT cluster) FILTER (
               WHERE source = 'orcid' AND cluster_orcid_visibility = 'private'
           ) AS orcid_works_private,
           count(DISTINCT cluster) FILTER (
               WHERE cluster_in_pure AND cluster_orcid_visibility IS NOT NULL
           ) AS works_in_both,
           count(*) FILTER (
               WHERE source = 'pure' AND pure_validated AND pure_public
                 AND cluster_orcid_visibility IS NULL
           ) AS pure_missing_from_orcid,
           count(DISTINCT cluster) FILTER (
               WHERE source = 'orcid' AND cluster_orcid_visibility = 'public'
                 AND NOT cluster_in_pure
           ) AS orcid_missing_from_pure,
           (array_agg(orcid_read_scope ORDER BY extracted_at DESC)
               FILTER (WHERE source = 'orcid'))[1] AS orcid_read_scope
      FROM core.researcher_records
     GROUP BY person_uuid
)
SELECT i.person_uuid,
       i.name,
       i.given_names,
       i.family_name,
       i.orcid_in_pure,
       i.orcid,
       i.id_status,
       i.primary_orcid,
       i.shared_with,
       i.token_status,
       i.token_status = 'connected' AS connected,
       coalesce(f.faculties, '{}') AS faculties,
       coalesce(d.departments, '{}') AS departments,
       coalesce(c.pure_outputs, 0) AS pure_outputs,
       coalesce(c.pure_validated, 0) AS pure_validated,
       coalesce(c.pure_public, 0) AS pure_public,
       coalesce(c.pure_validated_public, 0) AS pure_validated_public,
       c.orcid_read_scope,
       coalesce(c.orcid_works, 0) AS orcid_works,
       coalesce(c.orcid_works_public, 0) AS orcid_works_public,
       coalesce(c.orcid_works_limited, 0) AS orcid_works_limited,
       coalesce(c.orcid_works_private, 0) AS orcid_works_private,
       coalesce(c.works_in_both, 0) AS works_in_both,
       coalesce(c.pure_missing_from_orcid, 0) AS pure_missing_from_orcid,
       coalesce(c.orcid_missing_from_pure, 0) AS orcid_missing_from_pure
  FROM core.researcher_identity AS i
  LEFT JOIN faculty AS f ON f.person_uuid = i.person_uuid
  LEFT JOIN department AS d ON d.person_uuid = i.person_uuid
  LEFT JOIN counted AS c ON c.person_uuid = i.person_uuid;
COMMENT ON VIEW reporting.researchers IS
    'One row per Pure person: their ORCID iD and its status, whether the institution can push '
    'to their record, their faculties and departments, and their works on each side.';
