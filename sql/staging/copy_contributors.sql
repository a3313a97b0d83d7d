COPY batch_contributors (
    source, source_record_id, ordinal, display_name, given_names, family_name, orcid,
    pure_person_id, role
) FROM STDIN
