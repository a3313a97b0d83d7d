COPY batch_persons (
    source, source_record_id, given_names, family_name, orcid, org_unit_ids, warnings, run_id,
    emails, nationality
) FROM STDIN
