-- The session holding the pipeline's database lock: what it said it is, and since when.
SELECT a.application_name, a.backend_start AS since
  FROM pg_locks AS l
  JOIN pg_stat_activity AS a ON a.pid = l.pid
 WHERE l.locktype = 'advisory'
   AND l.granted
   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
   AND l.classid = CAST(:namespace AS oid)
   AND l.objid = CAST(:key AS oid)
   AND l.objsubid = 2
