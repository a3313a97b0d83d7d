-- Whether this session holds the pipeline's database lock.
SELECT EXISTS (
    SELECT FROM pg_locks
     WHERE locktype = 'advisory'
       AND granted
       AND pid = pg_backend_pid()
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND classid = CAST(:namespace AS oid)
       AND objid = CAST(:key AS oid)
       AND objsubid = 2
)
