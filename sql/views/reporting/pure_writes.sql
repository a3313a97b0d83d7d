-- revision 0011 sha256:113b54b1fbb198cb; to change this view, see sql/views/README.md
CREATE VIEW reporting.pure_writes AS
SELECT w.write_id,
       w.run_id,
       w.written_at,
       w.kind,
       w.person_uuid,
       i.name,
       w.orcid_records,
       w.method,
       w.path,
       w.pure_uuid,
       w.doi,
       w.status,
       w.outcome,
       w.error
  FROM ops.pure_writes AS w
  LEFT JOIN core.researcher_identity AS i ON i.person_uuid = w.person_uuid;
COMMENT ON VIEW reporting.pure_writes IS
    'Every write call the load stage made to the Pure API, as Pure answered it: outputs '
    'created from ORCID works (in workflow step for approval) and DOIs added to outputs; '
    'without the API key or any body.';
