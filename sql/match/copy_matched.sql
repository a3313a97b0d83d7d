COPY core.matched_researchers (owner, input_digest, rules_version, run_id) FROM STDIN
