-- ORCID works whose owner iD has the shape of an iD but fails its ISO 7064 MOD 11-2 check
-- character. The extraction only reads iDs that pass it, so any row here is a pipeline fault.
-- One row per iD, and the check run once per iD: OFFSET 0 keeps PostgreSQL from moving the
-- check below the grouping, where it ran for every work (20 times slower at 300,000 works).
SELECT owner_id, works
  FROM (SELECT owner_id, count(*) AS works
          FROM {batch}
         WHERE source = 'orcid'
         GROUP BY owner_id
        OFFSET 0) AS owner
 WHERE reporting.orcid_checksum_ok(reporting.orcid_compact(owner_id)) IS FALSE
