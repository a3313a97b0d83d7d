COPY batch_works (
    source, source_record_id, owner_id, title, subtitle, work_type, source_type,
    pub_year, pub_month, pub_day, venue, language,
    orcid_put_code, orcid_source_client, orcid_source_name, orcid_visibility, orcid_read_scope,
    pure_workflow_step, pure_visibility, pure_publication_status, warnings, run_id
) FROM STDIN
