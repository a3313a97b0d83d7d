-- Pure persons whose ORCID iD has not even the shape of one (16 characters, the last a digit or
-- X, in any usual writing): typed in by hand in Pure, and the person's ORCID record is unread.
SELECT source_record_id AS person_uuid, orcid
  FROM {batch}
 WHERE source = 'pure'
   AND nullif(btrim(orcid), '') IS NOT NULL
   AND reporting.orcid_compact(orcid) IS NULL
