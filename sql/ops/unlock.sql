SELECT pg_advisory_unlock(:namespace, :key)
