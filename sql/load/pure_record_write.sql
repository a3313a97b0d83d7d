-- One write call to the Pure API, as it was answered; ops.pure_writes only ever grows.
INSERT INTO ops.pure_writes
    (run_id, kind, person_uuid, orcid_records, method, path, pure_uuid, doi, status, outcome,
     error)
VALUES
    (:run_id, :kind, :person_uuid, CAST(:orcid_records AS text[]), :method, :path, :pure_uuid,
     :doi, :status, :outcome, :error)
