-- revision 0012 sha256:4e671ff4a544a444; to change this view, see sql/views/README.md
CREATE VIEW reporting.push_review AS
SELECT r.run_id,
       r.person_uuid,
       concat_ws(' ', p.given_names, p.family_name) AS name,
       r.orcid,
       r.pure_uuid,
       pw.title AS pure_title,
       pw.pub_year AS pure_year,
       r.orcid_work,
       ow.title AS orcid_title,
       ow.pub_year AS orcid_year,
       r.score,
       r.title_similarity,
       r.reason
  FROM core.push_review AS r
  LEFT JOIN staging.persons AS p ON p.source = 'pure' AND p.source_record_id = r.person_uuid
  LEFT JOIN staging.works AS pw ON pw.source = 'pure' AND pw.source_record_id = r.pure_uuid
  LEFT JOIN staging.works AS ow ON ow.source = 'orcid' AND ow.source_record_id = r.orcid_work;
COMMENT ON VIEW reporting.push_review IS
    'Pure outputs missing from a researcher''s ORCID record that the load stage did not push '
    'because a work already on the record could be the same one (a preprint of it, a reply to '
    'it, the same title in another year…): someone should look before it is pushed. One row per '
    'output and look-alike ORCID work, with the matcher''s score and why it was held.';
