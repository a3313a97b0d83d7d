-- Bibliographic details of the Pure outputs a researcher must bring to ORCID themselves (they
-- are not connected, so the pipeline cannot push them): what their BibTeX file is made of.
SELECT w.source_record_id AS pure_uuid, w.title, w.subtitle, w.work_type, w.source_type,
       w.pub_year, w.pub_month, w.venue, w.language
  FROM staging.works AS w
 WHERE w.source = 'pure'
   AND w.source_record_id IN (
       SELECT pure_uuid FROM reporting.works_missing_from_orcid WHERE NOT connected
   )
