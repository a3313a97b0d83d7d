-- One write call about one work, for the audit (ops.orcid_writes is append-only).
INSERT INTO ops.orcid_writes
       (run_id, orcid, person_uuid, pure_uuid, method, put_code, http_status, error_code, outcome)
VALUES (:run_id, :orcid, :person_uuid, :pure_uuid, :method, :put_code, :http_status,
        :error_code, :outcome)
