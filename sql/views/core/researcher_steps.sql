-- revision 0006 sha256:930e9587756d9ab5; to change this view, see sql/views/README.md
CREATE VIEW core.researcher_steps AS
WITH step AS (
    SELECT r.person_uuid,
           r.name,
           r.given_names,
           r.family_name,
           r.faculties,
           r.departments,
           r.id_status,
           r.token_status,
           r.id_status = 'valid' AS has_valid_orcid,
           r.connected,
           -- A work whose every ORCID version is limited or private is hidden from Pure.
           r.orcid_works_limited + r.orcid_works_private = 0 AS works_public,
           r.pure_missing_from_orcid = 0 AS pure_on_orcid,
           r.orcid_missing_from_pure = 0 AS orcid_in_pure,
           r.orcid_works_limited + r.orcid_works_private AS hidden_works,
           r.pure_missing_from_orcid,
           r.orcid_missing_from_pure
      FROM core.researchers AS r
)
SELECT s.person_uuid,
       s.name,
       s.given_names,
       s.family_name,
       s.faculties,
       s.departments,
       s.id_status,
       s.token_status,
       s.has_valid_orcid,
       s.connected,
       s.works_public,
       s.pure_on_orcid,
       s.orcid_in_pure,
       -- The steps of the ORCID process, in the order a researcher takes them: the first not
       -- taken is where they are stuck, whatever they did after it.
       CASE
           WHEN NOT s.has_valid_orcid THEN 'valid-orcid'
           WHEN NOT s.connected THEN 'connected'
           WHEN NOT s.works_public THEN 'works-public'
           WHEN NOT s.pure_on_orcid THEN 'pure-on-orcid'
           WHEN NOT s.orcid_in_pure THEN 'orcid-in-pure'
       END AS stuck_at,
       CASE
           WHEN NOT s.has_valid_orcid THEN 0
           WHEN NOT s.connected THEN 1
           WHEN NOT s.works_public THEN 2
           WHEN NOT s.pure_on_orcid THEN 3
           WHEN NOT s.orcid_in_pure THEN 4
           ELSE 5
       END AS steps_done,
       s.hidden_works,
       s.pure_missing_from_orcid,
       s.orcid_missing_from_pure
  FROM step AS s;
COMMENT ON VIEW core.researcher_steps IS
    'One row per Pure person: which steps of the ORCID process they have taken (valid iD in '
    'Pure, connected, works public, Pure outputs on ORCID, ORCID works in Pure) and the first '
    'step they are stuck at.';
