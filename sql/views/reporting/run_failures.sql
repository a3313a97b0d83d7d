-- revision 0013 sha256:2e9f0c4bd5747c5b; to change this view, see sql/views/README.md
CREATE VIEW reporting.run_failures AS
SELECT f.run_id,
       'request'::text AS kind,
       f.source,
       f.request AS subject,
       NULL::text AS field,
       f.attempt,
       f.retried,
       f.reason,
       f.created_at AS failed_at
  FROM ops.request_failures AS f
UNION ALL
SELECT e.run_id,
       'record'::text AS kind,
       e.source,
       e.record_id AS subject,
       e.field,
       NULL::integer AS attempt,
       false AS retried,
       e.message AS reason,
       e.created_at AS failed_at
  FROM ops.record_errors AS e;
COMMENT ON VIEW reporting.run_failures IS
    'What failed during each run, with why: every failed attempt at a request to Pure or '
    'ORCID (kind request; retried: it was sent again), and every record that could not be '
    'read (kind record, naming the record and the field). The run went on.';
