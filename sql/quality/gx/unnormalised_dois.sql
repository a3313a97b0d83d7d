-- DOIs as a source wrote them that are no DOI at all (typos, a URL of something else): the
-- record still matches on its other fields, but a person should correct the DOI at the source.
SELECT source, source_record_id, raw_value
  FROM {batch}
 WHERE id_type = 'doi'
   AND normalised_value IS NULL
