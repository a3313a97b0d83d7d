COPY batch_org_units (source, source_record_id, name, kind, parent_id, run_id) FROM STDIN
