-- revision 0005 sha256:5b351850726ddf14; to change this view, see sql/views/README.md
CREATE VIEW core.coverage_per_researcher AS
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
             / nullif(r.orcid_works_public, 0), 3) AS orcid_in_pure_share
  FROM core.researchers AS r;
