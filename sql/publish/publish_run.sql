SELECT core.publish_run(:run_id)
