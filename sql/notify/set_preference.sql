-- A researcher's wish about the e-mails: opted out (or back in), and a language; a null
-- argument leaves that part as it was.
INSERT INTO ops.notify_preferences (person_uuid, opted_out_at, language)
VALUES (:person_uuid, CASE WHEN CAST(:opted_out AS boolean) THEN now() END, :language)
ON CONFLICT (person_uuid) DO UPDATE
   SET opted_out_at = CASE
           WHEN CAST(:opted_out AS boolean) IS NULL THEN ops.notify_preferences.opted_out_at
           WHEN CAST(:opted_out AS boolean) THEN coalesce(ops.notify_preferences.opted_out_at, now())
       END,
       language = coalesce(:language, ops.notify_preferences.language),
       updated_at = now()
RETURNING person_uuid, opted_out_at, language
