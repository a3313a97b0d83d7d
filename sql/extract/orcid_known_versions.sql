-- For each staged ORCID work of :owners: its owner, put-code and the last-modified date ORCID
-- gave it.
SELECT w.owner_id,
       w.orcid_put_code,
       (r.payload -> 'last-modified-date' ->> 'value')::bigint AS last_modified
  FROM staging.works AS w
  JOIN staging.raw_records AS r
    ON r.source = w.source
   AND r.record_type = 'work'
   AND r.source_record_id = w.source_record_id
 WHERE w.source = 'orcid'
   AND w.owner_id = ANY(CAST(:owners AS text[]))
   AND r.deleted_at IS NULL
