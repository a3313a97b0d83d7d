INSERT INTO core.push_review
       (run_id, person_uuid, orcid, pure_uuid, orcid_work, score, title_similarity, reason)
VALUES (:run_id, :person_uuid, :orcid, :pure_uuid, :orcid_work, :score, :title_similarity,
        :reason)
ON CONFLICT DO NOTHING
