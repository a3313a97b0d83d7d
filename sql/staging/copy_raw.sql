COPY batch_raw (source, record_type, source_record_id, payload, payload_sha256) FROM STDIN
