-- The links, clusters and records of researchers about to be matched again (in the same
-- transaction as their new ones), or no longer among the institution's researchers.
WITH links AS (
    DELETE FROM core.match_links WHERE owner = ANY(CAST(:owners AS text[]))
),
matched AS (
    DELETE FROM core.matched_researchers WHERE owner = ANY(CAST(:owners AS text[]))
),
records AS (
    DELETE FROM core.researcher_records WHERE person_uuid = ANY(CAST(:owners AS text[]))
)
DELETE FROM core.work_clusters WHERE owner = ANY(CAST(:owners AS text[]))
