-- revision 0012 sha256:637f651776f91526; to change this view, see sql/views/README.md
CREATE VIEW reporting.orcid_writes AS
SELECT w.write_id,
       w.run_id,
       w.written_at,
       w.person_uuid,
       concat_ws(' ', p.given_names, p.family_name) AS name,
       w.orcid,
       w.pure_uuid,
       w.method,
       w.put_code,
       w.http_status,
       w.error_code,
       w.outcome
  FROM ops.orcid_writes AS w
  LEFT JOIN staging.persons AS p ON p.source = 'pure' AND p.source_record_id = w.person_uuid;
COMMENT ON VIEW reporting.orcid_writes IS
    'Every work the load stage wrote to a researcher''s ORCID record (POST, PUT, DELETE): the '
    'run, the researcher, the Pure output, the put-code, ORCID''s answer (HTTP status and error '
    'code) and what came of it. Never a token or a body.';
