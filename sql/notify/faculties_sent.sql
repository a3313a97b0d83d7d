-- When each faculty's coordinator was last sent their page.
SELECT faculty, max(sent_at) AS last_sent
  FROM ops.notifications
 WHERE kind = 'faculty' AND status = 'sent'
 GROUP BY faculty
