-- Only the latest matching is kept: links are recomputed every night from the staged records.
WITH links AS (
    DELETE FROM core.match_links WHERE run_id <> :run_id
)
DELETE FROM core.work_clusters WHERE run_id <> :run_id
