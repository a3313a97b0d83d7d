-- Per-batch landing tables: COPY fills them, the upserts move their rows into staging.
CREATE TEMP TABLE batch_raw (
    source text, record_type text, source_record_id text, payload jsonb, payload_sha256 text
) ON COMMIT DROP;
CREATE TEMP TABLE batch_works (LIKE staging.works INCLUDING DEFAULTS) ON COMMIT DROP;
CREATE TEMP TABLE batch_identifiers (LIKE staging.work_identifiers INCLUDING DEFAULTS) ON COMMIT DROP;
CREATE TEMP TABLE batch_contributors (LIKE staging.work_contributors INCLUDING DEFAULTS) ON COMMIT DROP;
CREATE TEMP TABLE batch_persons (LIKE staging.persons INCLUDING DEFAULTS) ON COMMIT DROP;
CREATE TEMP TABLE batch_org_units (LIKE staging.org_units INCLUDING DEFAULTS) ON COMMIT DROP;
