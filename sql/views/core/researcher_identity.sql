-- revision 0004 sha256:127d61e9810e24bc; to change this view, see sql/views/README.md
CREATE VIEW core.researcher_identity AS
WITH person AS (
    SELECT p.source_record_id AS person_uuid,
           p.given_names,
           p.family_name,
           p.org_unit_ids,
           nullif(btrim(p.orcid), '') AS orcid_in_pure,
           reporting.orcid_compact(p.orcid) AS compact,
           reporting.normalise_orcid(p.orcid) AS orcid
      FROM staging.persons AS p
     WHERE p.source = 'pure'
),
holders AS (
    -- Everyone who holds each valid iD: more than one means someone holds another's iD.
    SELECT orcid, array_agg(person_uuid ORDER BY person_uuid) AS persons
      FROM person
     WHERE orcid IS NOT NULL
     GROUP BY orcid
),
token AS (
    -- A researcher's token may be held under the iD in Pure or under its primary iD; the most
    -- usable one counts. Pushing needs /activities/update, reading alone does not.
    SELECT DISTINCT ON (p.person_uuid)
           p.person_uuid,
           CASE
               WHEN t.revoked_at IS NOT NULL THEN 'revoked'
               WHEN t.expires_at <= now() THEN 'expired'
               WHEN NOT '/activities/update' = ANY (t.scopes) THEN 'read-only'
               ELSE 'connected'
           END AS token_status
      FROM person AS p
      LEFT JOIN ops.orcid_record_status AS s ON s.orcid = p.orcid
      JOIN ops.orcid_tokens AS t ON t.orcid IN (p.orcid, s.primary_orcid)
     ORDER BY p.person_uuid,
              t.revoked_at IS NOT NULL,
              coalesce(t.expires_at <= now(), false),
              NOT '/activities/update' = ANY (t.scopes)
)
SELECT p.person_uuid,
       p.given_names,
       p.family_name,
       concat_ws(' ', p.given_names, p.family_name) AS name,
       p.org_unit_ids,
       p.orcid_in_pure,
       p.orcid,
       CASE
           WHEN p.orcid_in_pure IS NULL THEN 'missing'
           WHEN p.compact IS NULL THEN 'malformed'
           WHEN p.orcid IS NULL THEN 'invalid-checksum'
           -- Two people with one iD: Pure is wrong for at least one, whatever ORCID says.
           WHEN cardinality(h.persons) > 1 THEN 'shared'
           WHEN s.status IN ('deactivated', 'not-found', 'deprecated') THEN s.status
           ELSE 'valid'
       END AS id_status,
       s.status AS orcid_record_status,
       s.primary_orcid,
       -- Whose ORCID works are this researcher's: the primary's for a deprecated iD, as the
       -- match stage takes them (pipeline.match.institution).
       CASE WHEN s.status = 'deprecated' THEN s.primary_orcid ELSE p.orcid END AS works_orcid,
       array_remove(h.persons, p.person_uuid) AS shared_with,
       coalesce(t.token_status, 'none') AS token_status
  FROM person AS p
  LEFT JOIN holders AS h ON h.orcid = p.orcid
  LEFT JOIN ops.orcid_record_status AS s ON s.orcid = p.orcid
  LEFT JOIN token AS t ON t.person_uuid = p.person_uuid;
COMMENT ON VIEW core.researcher_identity IS
    'Each Pure person with their iD as Pure stores it, what is wrong with it, whose ORCID works '
    'are theirs and whether the institution holds a token that can push to their record.';
