-- revision 0008 sha256:6848c98c49059a43; to change this view, see sql/views/README.md
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
           AS failed_warning_expectations,
       (SELECT count(*) FROM ops.run_attempts AS a WHERE a.run_id = r.run_id) AS attempts,
       coalesce(
           (SELECT jsonb_agg(
                       jsonb_build_object(
                           'attempt', a.attempt,
                           'process', a.host || '/' || a.pid,
                           'status', a.status,
                           'started_at', a.started_at,
                           'finished_at', a.finished_at,
                           'message', a.message)
                       ORDER BY a.attempt)
              FROM ops.run_attempts AS a
             WHERE a.run_id = r.run_id),
           '[]'::jsonb
       ) AS attempt_history,
       (SELECT s.stage FROM ops.run_stages AS s
         WHERE s.run_id = r.run_id AND s.status IN ('failed', 'abandoned')
         ORDER BY s.started_at DESC
         LIMIT 1) AS stopped_in,
       (SELECT coalesce(sum(s.attempts - 1), 0) FROM ops.run_stages AS s
         WHERE s.run_id = r.run_id) AS stage_restarts,
       (SELECT coalesce(sum((s.summary ->> 'retries')::bigint), 0) FROM ops.run_stages AS s
         WHERE s.run_id = r.run_id) AS request_retries
  FROM ops.runs AS r;
COMMENT ON VIEW reporting.run_history IS
    'Every run with its outcome and the outcome of each stage, newest last; abandoned runs '
    'with the stage they stopped in.';
