-- The pipeline's database lock (pipeline.lock), if no other session holds it.
SELECT pg_try_advisory_lock(:namespace, :key)
