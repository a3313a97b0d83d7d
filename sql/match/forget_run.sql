-- A stage run again within the same run starts from nothing.
WITH links AS (
    DELETE FROM core.match_links WHERE run_id = :run_id
)
DELETE FROM core.work_clusters WHERE run_id = :run_id
