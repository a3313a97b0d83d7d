-- Statistics for the tables a night filled, once their contents are final: validation and
-- publishing read them at once, and autovacuum would analyse them only later, so their
-- queries would be planned for the tables as they were before the night.
ANALYZE staging.works, staging.work_identifiers, staging.work_contributors, staging.persons,
        core.match_links, core.work_clusters, core.matched_researchers, core.researcher_records
