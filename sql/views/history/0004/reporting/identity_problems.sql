-- revision 0004 sha256:127a9a257044f45b; to change this view, see sql/views/README.md
CREATE VIEW reporting.identity_problems AS
SELECT r.person_uuid,
       r.name,
       r.faculties,
       r.departments,
       r.orcid_in_pure,
       p.problem,
       p.detail,
       p.action
  FROM reporting.researchers AS r
  JOIN core.researcher_identity AS i ON i.person_uuid = r.person_uuid
 CROSS JOIN LATERAL (
     VALUES
         (r.id_status = 'missing', 'missing-orcid', NULL,
          'Researcher must create an ORCID iD, or enter theirs in Pure with Lookup ORCID'),
         (r.id_status = 'malformed', 'malformed-orcid',
          'Pure stores ' || r.orcid_in_pure,
          'Correct the iD in Pure: it is not an ORCID iD'),
         (r.id_status = 'invalid-checksum', 'invalid-checksum',
          'Pure stores ' || r.orcid_in_pure || ', whose check character is wrong',
          'Correct the iD in Pure, best with Lookup ORCID: it has a typo'),
         (cardinality(r.shared_with) > 0, 'shared-orcid',
          'Also held in Pure by ' || (
              SELECT string_agg(o.name || ' (' || o.person_uuid || ')', ', ')
                FROM core.researcher_identity AS o
               WHERE o.person_uuid = ANY (r.shared_with)
          ),
          'Find out whose iD it is and correct the other person''s in Pure'),
         (i.orcid_record_status = 'deprecated', 'deprecated-orcid',
          'ORCID merged it into ' || i.primary_orcid,
          'Replace the iD in Pure with its primary iD'),
         (i.orcid_record_status = 'deactivated', 'deactivated-orcid', NULL,
          'The ORCID record was deactivated: ask the researcher for their current iD'),
         (i.orcid_record_status = 'not-found', 'orcid-not-found', NULL,
          'ORCID does not know this iD: correct it in Pure'),
         -- Connecting is only asked of a researcher whose iD can be used as it is.
         (r.orcid IS NOT NULL
              AND i.orcid_record_status IS DISTINCT FROM 'deactivated'
              AND i.orcid_record_status IS DISTINCT FROM 'not-found'
              AND r.token_status <> 'connected',
          CASE r.token_status
              WHEN 'none' THEN 'not-connected'
              WHEN 'revoked' THEN 'token-revoked'
              WHEN 'expired' THEN 'token-expired'
              ELSE 'token-cannot-update'
          END,
          CASE r.token_status
              WHEN 'none' THEN 'The institution holds no ORCID token for this researcher'
              WHEN 'revoked' THEN 'The researcher or ORCID revoked the institution''s token'
              WHEN 'expired' THEN 'The institution''s token has expired'
              ELSE 'The token lacks the /activities/update scope'
          END,
          'Researcher must connect Pure to ORCID (grant access) so validated outputs are pushed')
 ) AS p(applies, problem, detail, action)
 WHERE p.applies;
COMMENT ON VIEW reporting.identity_problems IS
    'One row per problem that stops the pipeline from reading or writing a researcher''s ORCID '
    'record, with what to do about it.';
