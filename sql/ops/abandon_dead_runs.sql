-- Runs marked running whose running attempt's lock session (ops.run_attempts.lock_session) no
-- longer holds the pipeline's advisory lock: their process is gone. Each is closed as abandoned,
-- with its attempt and the stages it was in.
WITH dead AS (
    SELECT r.run_id
      FROM ops.runs AS r
     WHERE r.status = 'running'
       AND NOT EXISTS (
           SELECT
             FROM ops.run_attempts AS a
             JOIN pg_locks AS l ON l.pid = a.lock_session
            WHERE a.run_id = r.run_id
              AND a.status = 'running'
              AND l.locktype = 'advisory'
              AND l.granted
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = CAST(:namespace AS oid)
              AND l.objid = CAST(:key AS oid)
              AND l.objsubid = 2
       )
       FOR UPDATE OF r SKIP LOCKED
),
stopped_stages AS (
    UPDATE ops.run_stages AS s
       SET status = 'abandoned',
           finished_at = now(),
           message = 'its process ended during this stage'
      FROM dead
     WHERE s.run_id = dead.run_id
       AND s.status = 'running'
 RETURNING s.run_id, s.stage
),
closing AS (
    SELECT dead.run_id,
           (SELECT string_agg(s.stage, ', ' ORDER BY s.stage)
              FROM stopped_stages AS s
             WHERE s.run_id = dead.run_id) AS stage,
           'abandoned: its process ('
               || coalesce(
                      (SELECT a.host || '/' || a.pid FROM ops.run_attempts AS a
                        WHERE a.run_id = dead.run_id AND a.status = 'running'),
                      'unknown')
               || ') ended '
               || coalesce(
                      'during stage ' || (SELECT string_agg(s.stage, ', ' ORDER BY s.stage)
                                            FROM stopped_stages AS s
                                           WHERE s.run_id = dead.run_id),
                      'between stages') AS message
      FROM dead
),
attempts AS (
    UPDATE ops.run_attempts AS a
       SET status = 'abandoned',
           finished_at = now(),
           message = closing.message
      FROM closing
     WHERE a.run_id = closing.run_id
       AND a.status = 'running'
)
UPDATE ops.runs AS r
   SET status = 'abandoned',
       finished_at = now(),
       message = closing.message
  FROM closing
 WHERE r.run_id = closing.run_id
RETURNING r.run_id, closing.stage, r.message, r.published_at IS NOT NULL AS published
