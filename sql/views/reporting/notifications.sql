-- revision 0006 sha256:4031cbc8ae029188; to change this view, see sql/views/README.md
CREATE VIEW reporting.notifications AS
SELECT n.notification_id,
       n.run_id,
       n.kind,
       n.person_uuid,
       n.faculty,
       -- Someone who asked not to be e-mailed is not shown with their address.
       CASE WHEN p.opted_out_at IS NULL THEN n.address END AS address,
       p.opted_out_at IS NOT NULL AS opted_out,
       n.language,
       n.status,
       n.error,
       n.sent_at
  FROM ops.notifications AS n
  LEFT JOIN ops.notify_preferences AS p ON p.person_uuid = n.person_uuid;
COMMENT ON VIEW reporting.notifications IS
    'Every e-mail `pure-orcid notify` sent (or failed to send): to researchers their action '
    'page, to faculty coordinators their faculty page; without the address of anyone who has '
    'opted out.';
