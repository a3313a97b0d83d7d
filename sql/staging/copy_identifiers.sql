COPY batch_identifiers (
    source, source_record_id, ordinal, id_type, raw_value, normalised_value, relationship
) FROM STDIN
