SELECT set_config('pure_orcid.report_run', CAST(:run_id AS text), true)
