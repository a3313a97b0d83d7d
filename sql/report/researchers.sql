SELECT person_uuid, name, given_names, family_name, orcid_in_pure, orcid, id_status,
       primary_orcid, shared_with, token_status, connected, faculties, departments,
       pure_outputs, pure_validated, pure_public, pure_validated_public, orcid_read_scope,
       orcid_works, orcid_works_public, orcid_works_limited, orcid_works_private,
       works_in_both, pure_missing_from_orcid, orcid_missing_from_pure
  FROM reporting.researchers
 ORDER BY family_name, given_names, person_uuid
