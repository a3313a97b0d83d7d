-- Every Pure person with their first address, whether they opted out, and when they were last
-- sent an e-mail.
SELECT p.source_record_id AS person_uuid,
       p.emails[1] AS address,
       f.opted_out_at IS NOT NULL AS opted_out,
       (SELECT max(n.sent_at) FROM ops.notifications AS n
         WHERE n.person_uuid = p.source_record_id AND n.status = 'sent') AS last_sent
  FROM staging.persons AS p
  LEFT JOIN ops.notify_preferences AS f ON f.person_uuid = p.source_record_id
 WHERE p.source = 'pure'
