-- Parsed works replace what an earlier run parsed from the same record, children included.
DELETE FROM staging.works AS w
 USING batch_works AS b
 WHERE w.source = b.source AND w.source_record_id = b.source_record_id;

INSERT INTO staging.works SELECT * FROM batch_works;
INSERT INTO staging.work_identifiers SELECT * FROM batch_identifiers;
INSERT INTO staging.work_contributors SELECT * FROM batch_contributors;
