-- Pure persons whose ORCID iD has the shape of one but fails its check character: a typo in
-- Pure, and the person's ORCID record is unread until someone corrects it.
SELECT source_record_id AS person_uuid, orcid
  FROM {batch}
 WHERE source = 'pure'
   AND reporting.orcid_checksum_ok(reporting.orcid_compact(orcid)) IS FALSE
