-- revision 0005 sha256:6decafcb386db337; to change this view, see sql/views/README.md
CREATE VIEW reporting.run_history AS
SELECT r.run_id,
       r.trigger,
       r.status,
       r.started_at,
       r.finished_at,
       r.finished_at - r.started_at AS duration,
       r.message,
       coalesce(
           (SELECT jsonb_object_agg(s.stage, s.status ORDER BY s.started_at)
              FROM ops.run_stages AS s
             WHERE s.run_id = r.run_id),
           '{}'::jsonb
       ) AS stages,
       r.published_at,
       (SELECT count(*) FROM ops.validation_results AS v
         WHERE v.run_id = r.run_id AND NOT v.success AND v.severity = 'critical')
           AS failed_critical_expectations,
       (SELECT count(*) FROM ops.validation_results AS v
         WHERE v.run_id = r.run_id AND NOT v.success AND v.severity = 'warning')
           AS failed_warning_expectations
  FROM ops.runs AS r;
COMMENT ON VIEW reporting.run_history IS
    'Every run with its outcome and the outcome of each stage, newest last.';
