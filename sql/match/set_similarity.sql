-- The pg_trgm similarity the `%` operator requires, for this transaction only.
SELECT set_config('pg_trgm.similarity_threshold', CAST(:similarity AS text), true)
