-- revision 0006 sha256:2a94d6317267768e; to change this view, see sql/views/README.md
CREATE VIEW core.funnel_per_faculty AS
SELECT f.faculty,
       count(*) AS researchers,
       count(*) FILTER (WHERE s.steps_done >= 1) AS valid_orcid,
       count(*) FILTER (WHERE s.steps_done >= 2) AS connected,
       count(*) FILTER (WHERE s.steps_done >= 3) AS works_public,
       count(*) FILTER (WHERE s.steps_done >= 4) AS pure_on_orcid,
       count(*) FILTER (WHERE s.steps_done >= 5) AS orcid_in_pure,
       round(count(*) FILTER (WHERE s.steps_done >= 1)::numeric / count(*), 3)
           AS valid_orcid_share,
       round(count(*) FILTER (WHERE s.steps_done >= 2)::numeric / count(*), 3)
           AS connected_share,
       round(count(*) FILTER (WHERE s.steps_done >= 3)::numeric / count(*), 3)
           AS works_public_share,
       round(count(*) FILTER (WHERE s.steps_done >= 4)::numeric / count(*), 3)
           AS pure_on_orcid_share,
       round(count(*) FILTER (WHERE s.steps_done >= 5)::numeric / count(*), 3)
           AS orcid_in_pure_share
  FROM core.researcher_steps AS s
  -- Someone in several faculties counts in each; someone in none, in the row without one.
  LEFT JOIN core.researcher_faculties AS f ON f.person_uuid = s.person_uuid
 GROUP BY f.faculty_id, f.faculty;
COMMENT ON VIEW core.funnel_per_faculty IS
    'Per faculty, how many researchers have come how far in the ORCID process: each step counts '
    'those who took it and every step before it.';
