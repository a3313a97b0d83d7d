-- Records the parsers kept but had doubts about (a year read from '2019a', an identifier that
-- is not valid...): each is something a person may need to fix at the source.
SELECT source, source_record_id, cardinality(warnings) AS warnings, warnings[1] AS first_warning
  FROM {batch}
 WHERE cardinality(warnings) > 0
