SELECT person_uuid, name, given_names, family_name, faculties, departments, id_status,
       token_status, has_valid_orcid, connected, works_public, pure_on_orcid, orcid_in_pure,
       stuck_at, steps_done, hidden_works, pure_missing_from_orcid, orcid_missing_from_pure
  FROM reporting.researcher_steps
 ORDER BY family_name, given_names, person_uuid
