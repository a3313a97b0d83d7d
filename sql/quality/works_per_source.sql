-- Staged works per source: the row counts the next run's batch check compares against.
SELECT source, count(*) AS works
  FROM staging.works
 GROUP BY source
