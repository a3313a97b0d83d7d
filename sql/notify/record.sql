INSERT INTO ops.notifications (run_id, kind, person_uuid, faculty, address, language, status, error)
VALUES (:run_id, :kind, :person_uuid, :faculty, :address, :language, :status, :error)
