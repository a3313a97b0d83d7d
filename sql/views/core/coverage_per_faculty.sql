-- revision 0005 sha256:0a483fe71488fc98; to change this view, see sql/views/README.md
CREATE VIEW core.coverage_per_faculty AS
SELECT f.faculty,
       count(*) AS researchers,
       count(*) FILTER (WHERE c.id_status = 'valid') AS researchers_with_valid_orcid,
       count(*) FILTER (WHERE c.connected) AS researchers_connected,
       sum(c.pure_validated_public) AS pure_validated_public,
       sum(c.pure_on_orcid) AS pure_on_orcid,
       round(sum(c.pure_on_orcid) / nullif(sum(c.pure_validated_public), 0), 3)
           AS pure_on_orcid_share,
       sum(c.orcid_works_public) AS orcid_works_public,
       sum(c.orcid_in_pure) AS orcid_in_pure,
       round(sum(c.orcid_in_pure) / nullif(sum(c.orcid_works_public), 0), 3)
           AS orcid_in_pure_share
  FROM core.coverage_per_researcher AS c
  -- Someone in several faculties counts in each; someone in none, in the row without one.
  LEFT JOIN core.researcher_faculties AS f ON f.person_uuid = c.person_uuid
 GROUP BY f.faculty_id, f.faculty;
