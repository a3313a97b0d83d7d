-- Records that are gone from the source (it said so, or a full scan did not see them): raw
-- payloads marked (kept), parsed rows removed.
-- The parsed rows are works, persons or org units by record type; the uuid alone finds them.
WITH gone AS (
    UPDATE staging.raw_records
       SET deleted_at = now(), last_run_id = :run_id
     WHERE source = :source
       AND record_type = :record_type
       AND source_record_id = ANY(CAST(:ids AS text[]))
       AND deleted_at IS NULL
    RETURNING source, source_record_id
),
gone_works AS (
    DELETE FROM staging.works AS w
     USING gone
     WHERE w.source = gone.source AND w.source_record_id = gone.source_record_id
),
gone_persons AS (
    DELETE FROM staging.persons AS p
     USING gone
     WHERE p.source = gone.source AND p.source_record_id = gone.source_record_id
),
gone_org_units AS (
    DELETE FROM staging.org_units AS o
     USING gone
     WHERE o.source = gone.source AND o.source_record_id = gone.source_record_id
)
SELECT count(*) FROM gone
